import { namesOf } from '../accounts/repository';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../../../shared/result';
import { base64, type HandlerGroup, signedIn } from '../calls';
import type { Core } from '../core';
import { parseJsonColumn } from '../db/json';
import { activePack, installRole } from '../policy/repository';
import { importBundle, registerCountyKey } from './city';
import { allCountyKeys, receivedBundles } from './city-repository';
import { evaluationDocument } from './evaluation';
import { keptBundlePath } from './delivery';
import { exportBundle, exportProgress, previewBundle } from './export';
import { currentPublicKey, installSigner, type KeyProtector, passphraseProtector, publicKeyFile } from './keys';
import { cityOverview } from './overview';
import { recheckClaimDetail, recheckView, runRecheck } from './recheck';
import { recheckDocument } from './recheck-document';
import { bundleExports } from './repository';

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

const Rows = z.record(z.string(), z.number());

export const exchangeHandlers: HandlerGroup<'exchange' | 'city'> = {
  'exchange.status': (_input, core) => {
    const name = namesOf(core.db); // people by name, not login
    return {
    key: currentPublicKey(core.db),
    exports: bundleExports(core.db).map((r) => ({
      sequence: r.sequence,
      period: r.period,
      fileName: r.file_name,
      digest: r.digest,
      createdBy: name(r.created_by),
      createdAt: r.created_at,
      rows: parseJsonColumn(Rows, r.rows, `第 ${r.sequence} 号数据包的行数`),
    })),
    };
  },
  'exchange.preview': (input, core, ctx) => previewBundle(core, signedIn(ctx), input.period),
  'exchange.export': async (input, core, ctx) => {
    // kept in the database's folder as well as downloaded: the clerk may copy it to a USB stick later
    const result = await exportBundle(core, signedIn(ctx), protectorFor(core, input.passphrase), input.period, dirname(keptBundlePath(core.dataDir, 'x')));
    return { fileName: result.fileName, contentBase64: base64(result.bytes), digest: result.digest, sequence: result.sequence };
  },
  'exchange.exportProgress': (_input, core) => exportProgress(core),
  'exchange.publicKey': (input, core, ctx) => {
    const county = countyOf(core);
    if (!county) throw new DomainError('FORBIDDEN', '只有县区版有报送签名密钥：请先在首页选择本机所属县区');
    if (!currentPublicKey(core.db)) {
      installSigner(core.ledger, signedIn(ctx), core.dataDir, protectorFor(core, input.passphrase), activePack(core.db).exchange?.algorithm ?? 'sm2-sm3');
    }
    const file = publicKeyFile(core.db);
    return { fileName: `${county.name}报送公钥-${county.code}.pub.json`, contentBase64: base64(Buffer.from(`${JSON.stringify(file, null, 2)}\n`)), fingerprint: file.fingerprint };
  },
  'city.keys': (_input, core) => {
    const names = countyNames(core);
    const name = namesOf(core.db);
    return allCountyKeys(core.db).map((r) => ({
      county: r.county,
      name: names.get(r.county) ?? r.county,
      algorithm: r.algorithm,
      fingerprint: r.fingerprint,
      confirmedBy: name(r.confirmed_by),
      confirmedAt: r.confirmed_at,
      note: r.note,
    }));
  },
  'city.registerKey': (input, core, ctx) => {
    let file: unknown;
    try {
      file = JSON.parse(Buffer.from(input.contentBase64, 'base64').toString('utf8'));
    } catch {
      throw new DomainError('VALIDATION', '公钥文件不是有效的 JSON');
    }
    const registered = registerCountyKey(core.ledger, signedIn(ctx), file, input.fingerprint, input.note);
    return { ...registered, name: countyNames(core).get(registered.county) ?? registered.county };
  },
  'city.importBundle': (input, core, ctx) => importBundle(core.ledger, signedIn(ctx), Buffer.from(input.contentBase64, 'base64'), input.fileName, input.commit),
  'city.bundles': (_input, core) => {
    const names = countyNames(core);
    const name = namesOf(core.db);
    return receivedBundles(core.db).map((r) => ({
      county: r.county,
      name: names.get(r.county) ?? r.county,
      sequence: r.sequence,
      period: r.period,
      digest: r.digest,
      importedBy: name(r.imported_by),
      importedAt: r.imported_at,
    }));
  },
  'city.overview': (input, core) => cityOverview(core.db, input.period),
  'city.recheck': (input, core, ctx) => runRecheck(core.ledger, signedIn(ctx), input),
  'city.recheckView': (input, core) => recheckView(core.db, input),
  'city.recheckClaim': (input, core) => recheckClaimDetail(core.db, input.county, input.claimNo),
  'city.recheckDocument': async (input, core) => {
    const file = await recheckDocument(core.db, input, input.format, core.sessions.time());
    return { fileName: file.fileName, contentBase64: base64(file.bytes) };
  },
  'city.evaluation': async (input, core) => {
    const file = await evaluationDocument(core.db, input.period, input.format, input.county ?? null, core.sessions.time());
    return { fileName: file.fileName, contentBase64: base64(file.bytes) };
  },
};
