import { join } from 'node:path';
import { DomainError } from '../../shared/result';
import { signedIn } from '../accounts/handlers';
import type { Core } from '../core';
import { statement } from '../db/statements';
import type { Handlers } from '../handlers';
import { activePack, installRole } from '../policy/repository';
import { importBundle, registerCountyKey } from './city';
import { exportBundle, exportProgress, previewBundle } from './export';
import { currentPublicKey, installSigner, type KeyProtector, passphraseProtector, publicKeyFile } from './keys';
import { evaluationDocument } from './evaluation';
import { cityOverview } from './overview';

type ExchangeMethods = Extract<keyof Handlers, `exchange.${string}` | `city.${string}`>;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function countyOf(core: Core): { code: string; name: string } | null {
  const role = installRole(core.db);
  if (role?.role !== 'county') return null;
  const county = activePack(core.db).counties.find((c) => c.code === role.county);
  return county ? { code: county.code, name: county.name } : null;
}

function countyNames(core: Core): Map<string, string> {
  return new Map(activePack(core.db).counties.map((c) => [c.code, c.name]));
}

/** The desktop app's OS key store, or the passphrase the clerk typed. */
function protectorFor(core: Core, passphrase: string | undefined): KeyProtector {
  if (core.keyProtector) return core.keyProtector;
  if (!passphrase) throw new DomainError('VALIDATION', '请填写签名密钥口令（至少 8 个字符）', { field: 'passphrase' });
  return passphraseProtector(passphrase);
}

export const exchangeHandlers: Pick<Handlers, ExchangeMethods> = {
  'exchange.status': (_input, core) => {
    const rows = statement(core.db, 'SELECT sequence, period, file_name, digest, created_by, created_at, rows FROM bundle_export ORDER BY sequence DESC').all() as {
      sequence: number;
      period: string;
      file_name: string;
      digest: string;
      created_by: string;
      created_at: string;
      rows: string;
    }[];
    return {
      key: currentPublicKey(core.db),
      exports: rows.map((r) => ({ sequence: r.sequence, period: r.period, fileName: r.file_name, digest: r.digest, createdBy: r.created_by, createdAt: r.created_at, rows: JSON.parse(r.rows) as Record<string, number> })),
    };
  },
  'exchange.preview': (input, core, ctx) => previewBundle(core, signedIn(ctx).username, input.period),
  'exchange.export': async (input, core, ctx) => {
    // kept beside the database as well as downloaded: the clerk may copy it to a USB stick later
    const result = await exportBundle(core, signedIn(ctx).username, protectorFor(core, input.passphrase), input.period, join(core.dataDir, 'exports'));
    return { fileName: result.fileName, contentBase64: base64(result.bytes), digest: result.digest, sequence: result.sequence };
  },
  'exchange.exportProgress': (_input, core) => exportProgress(core),
  'exchange.publicKey': (input, core, ctx) => {
    const county = countyOf(core);
    if (!county) throw new DomainError('FORBIDDEN', '只有县区版有报送签名密钥：请先在首页选择本机所属县区');
    if (!currentPublicKey(core.db)) {
      installSigner(core.ledger, signedIn(ctx).username, core.dataDir, protectorFor(core, input.passphrase), activePack(core.db).exchange?.algorithm ?? 'sm2-sm3');
    }
    const file = publicKeyFile(core.db);
    return { fileName: `${county.name}报送公钥-${county.code}.pub.json`, contentBase64: base64(Buffer.from(`${JSON.stringify(file, null, 2)}\n`)), fingerprint: file.fingerprint };
  },
  'city.keys': (_input, core) => {
    const names = countyNames(core);
    const rows = statement(core.db, 'SELECT county, algorithm, fingerprint, confirmed_by, confirmed_at, note FROM county_key ORDER BY county, confirmed_at').all() as {
      county: string;
      algorithm: 'sm2-sm3' | 'ed25519';
      fingerprint: string;
      confirmed_by: string;
      confirmed_at: string;
      note: string;
    }[];
    return rows.map((r) => ({ county: r.county, name: names.get(r.county) ?? r.county, algorithm: r.algorithm, fingerprint: r.fingerprint, confirmedBy: r.confirmed_by, confirmedAt: r.confirmed_at, note: r.note }));
  },
  'city.registerKey': (input, core, ctx) => {
    let file: unknown;
    try {
      file = JSON.parse(Buffer.from(input.contentBase64, 'base64').toString('utf8'));
    } catch {
      throw new DomainError('VALIDATION', '公钥文件不是有效的 JSON');
    }
    const registered = registerCountyKey(core.ledger, signedIn(ctx).username, file, input.fingerprint, input.note);
    return { ...registered, name: countyNames(core).get(registered.county) ?? registered.county };
  },
  'city.importBundle': (input, core, ctx) => importBundle(core.ledger, signedIn(ctx).username, Buffer.from(input.contentBase64, 'base64'), input.fileName, input.commit),
  'city.bundles': (_input, core) => {
    const names = countyNames(core);
    const rows = statement(core.db, 'SELECT county, sequence, period, digest, imported_by, imported_at FROM bundle_received ORDER BY imported_at DESC, county').all() as {
      county: string;
      sequence: number;
      period: string;
      digest: string;
      imported_by: string;
      imported_at: string;
    }[];
    return rows.map((r) => ({ county: r.county, name: names.get(r.county) ?? r.county, sequence: r.sequence, period: r.period, digest: r.digest, importedBy: r.imported_by, importedAt: r.imported_at }));
  },
  'city.overview': (input, core) => cityOverview(core.db, input.period),
  'city.evaluation': async (input, core) => {
    const file = await evaluationDocument(core.db, input.period, input.format, input.county ?? null, core.sessions.time());
    return { fileName: file.fileName, contentBase64: base64(file.bytes) };
  },
};
