import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Principal } from '../../../shared/domain/accounts';
import { Algorithm, type BundleSummary, JournalLine } from '../../../shared/domain/exchange';
import { TaskQuarter } from '../../../shared/domain/progress';
import { DomainError } from '../../../shared/result';
import { fingerprint, verify } from '../crypto/signing';
import { type Db, withPageCache } from '../db/open';
import { checkedEntry, GENESIS_HASH, type Ledger } from '../ledger/ledger';
import { installRole, loadedPackDigests } from '../policy/repository';
import { bundleSummary, openBundle, streamBundle, type Trust } from './bundle';
import { countyOfKey, importTraces, lastReceivedBundle, liveCountyKeys } from './city-repository';
import { bundleImported, bundleRows, ClaimLine, countyKeyRegistered, type SettingLine, SubjectLine } from './events';
import { recordRecheck } from './recheck';
import { canonicalJson } from '../ledger/canonical';
import { confirmedFingerprint, type PublicKeyFile } from './keys';

// The city's side: a registry of county public keys, confirmed by a named person, and bundles
// imported after a dry run. A refused bundle writes nothing; an accepted one is a bundle.imported
// entry and its rows in bundle.rows pieces (exchange/events.ts), what the bundle carried,
// minimised, and the recheck of its claims another (exchange/recheck.ts).

function mustBeCity(db: Db): void {
  if (installRole(db)?.role !== 'city') throw new DomainError('FORBIDDEN', '只有市级版可以登记县区公钥和导入数据包');
}

export const PublicKeyFileSchema = z.object({
  format: z.literal('county-ledger-public-key/1'),
  county: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string() }),
  algorithm: Algorithm,
  publicKey: z.string(),
  fingerprint: z.string(),
});

/**
 * Registers a county's public key after a person has compared its fingerprint with the county
 * (read aloud on the phone, or on paper): `confirmedFingerprint` must be what they compared.
 */
export function registerCountyKey(ledger: Ledger, by: Principal, file: PublicKeyFile | unknown, typedFingerprint: string, note = ''): { county: string; fingerprint: string } {
  return ledger.db.transaction(() => {
    mustBeCity(ledger.db);
    const parsed = PublicKeyFileSchema.safeParse(file);
    if (!parsed.success) throw new DomainError('VALIDATION', '公钥文件格式无效');
    const key = parsed.data;
    const computed = confirmedFingerprint(key, typedFingerprint, '县区');
    const known = countyOfKey(ledger.db, computed);
    if (known !== undefined) throw new DomainError('CONFLICT', `该公钥已登记为 ${known} 的密钥`);
    ledger.append(by.username, { kind: countyKeyRegistered.kind, entity: `county-key:${key.county.code}`, payload: { county: key.county.code, algorithm: key.algorithm, publicKey: key.publicKey, fingerprint: computed, note } });
    return { county: key.county.code, fingerprint: computed };
  })();
}

export function cityTrust(db: Db, county: string): Trust {
  const last = lastReceivedBundle(db, county);
  return {
    keys: liveCountyKeys(db),
    last: last ? { sequence: last.sequence, digest: last.digest, headSeq: last.head_seq, headHash: last.head_hash } : null,
    packDigests: loadedPackDigests(db),
    genesisHash: GENESIS_HASH,
  };
}

export type ImportOutcome = { summary: BundleSummary; committed: boolean; changes: { tasks: number; subjects: number; claims: number } };

/**
 * Verifies a bundle against the city's registry and history, streaming its rows (never holding a
 * whole bundle's); with `commit`, records it in one transaction: a bundle.imported entry (the
 * manifest, the report's task rows and the county's settings), then its subjects and claims in
 * bundle.rows pieces, then the recheck of its claims. A refusal, even at the last file's digest,
 * writes nothing.
 */
export function importBundle(ledger: Ledger, by: Principal, bytes: Uint8Array, fileName: string, commit: boolean): ImportOutcome {
  // One transaction writes the whole bundle: with the connection's 256 MiB cache its pages would all
  // stay in memory until the commit (93 MB above idle for the 15 MB demo bundle, 63 MB with 4 MiB,
  // the import no slower).
  return withPageCache(ledger.db, 4096, () => importInTransaction(ledger, by, bytes, fileName, commit));
}

function importInTransaction(ledger: Ledger, by: Principal, bytes: Uint8Array, fileName: string, commit: boolean): ImportOutcome {
  return ledger.db.transaction(() => {
    mustBeCity(ledger.db);
    const opened = openBundle(bytes);
    const m = opened.manifest;
    const changes = { tasks: 0, subjects: 0, claims: 0 };
    const tasks: TaskQuarter[] = [];
    let settings: SettingLine[] = [];
    let headed = false;
    const entity = `bundle:${m.county.code}:${m.sequence}`;
    // the header goes first, once the journal (its settings) and the report's rows are read
    const header = () => {
      if (headed || !commit) return;
      headed = true;
      ledger.append(by.username, {
        kind: bundleImported.kind,
        entity,
        payload: {
          county: m.county.code,
          sequence: m.sequence,
          period: m.period,
          digest: opened.digest,
          previousDigest: m.previousBundleDigest,
          headSeq: m.ledger.headSeq,
          headHash: m.ledger.headHash,
          fileName,
          report: { ...m.report, county: m.county, quarter: m.period, pack: m.pack },
          tasks,
          settings,
          nextKey: m.nextKey && { ...m.nextKey, previous: m.key.fingerprint },
        },
      });
    };
    const traces = importTraces(ledger.db);
    const streamed = streamBundle(opened, cityTrust(ledger.db, m.county.code), verify, (file, rows) => {
      if (file === 'journal.jsonl') {
        settings = settings.concat(settingLines(rows.filter(isSettingLine).map((r) => JournalLine.parse(r))));
      } else if (file === 'progress.jsonl') {
        for (const t of rows) tasks.push(TaskQuarter.parse(t));
        changes.tasks += rows.length;
      } else if (file === 'subjects.jsonl') {
        const subjects = rows.map((s) => SubjectLine.parse(s));
        changes.subjects += subjects.length;
        header();
        // each line was parsed just above, by the schema of the entry's own rows: not parsed again
        if (commit) ledger.appendMany(by.username, [checkedEntry(bundleRows, entity, { county: m.county.code, sequence: m.sequence, subjects: subjects.map((s) => ({ id: s.id, list: s.list, name: s.name, idHash: s.idHash, bankHash: s.bankHash })), claims: [] })]);
      } else if (file === 'claims.jsonl') {
        const claims = rows.map((c) => ClaimLine.parse(c));
        changes.claims += claims.length;
        header();
        if (!commit) return;
        ledger.appendMany(by.username, [checkedEntry(bundleRows, entity, { county: m.county.code, sequence: m.sequence, subjects: [], claims: claims.map(receivedClaim) })]);
        // 市级复核 on import: the county's traces are at hand only now; kept aside until it has run
        for (const c of claims) if (Array.isArray(c.trace)) traces.put(c.id, canonicalJson(c.trace));
      }
    });
    if (m.nextKey) {
      if (fingerprint(m.nextKey.algorithm, m.nextKey.publicKey) !== m.nextKey.fingerprint) throw new DomainError('BUNDLE_KEY', '数据包宣告的新密钥指纹与公钥不符');
      const taken = countyOfKey(ledger.db, m.nextKey.fingerprint);
      if (taken !== undefined) throw new DomainError('BUNDLE_KEY', `数据包宣告的新密钥已登记为 ${taken} 的密钥`);
    }
    const summary = bundleSummary({ manifest: streamed.manifest, digest: streamed.digest }, fileName);
    if (commit) {
      header();
      recordRecheck(ledger, by, m.county.code, null, streamed.digest, traces);
    }
    traces.clear();
    return { summary, committed: commit, changes };
  })();
}

/** What the city keeps of a claim line: no trace (findings keep theirs), what recheck needs besides the numbers. */
function receivedClaim(c: ClaimLine) {
  return {
    id: c.id,
    no: c.no,
    subjectId: c.subjectId,
    rule: c.rule,
    year: c.year,
    state: c.state,
    amountFen: c.amountFen,
    paidFen: c.paidFen,
    paidOn: c.paidOn,
    payeeHash: c.payeeHash,
    subjectType: c.subjectType ?? null,
    course: c.course ?? null,
    facts: c.facts ?? null,
    packDigest: c.packDigest ?? null,
    decidedSeq: c.decidedSeq ?? null,
    decidedOn: c.decidedOn ?? null,
  };
}

const SETTING_KINDS: readonly unknown[] = ['rule.setting', 'reading.set'];
const isSettingLine = (row: unknown) => typeof row === 'object' && row !== null && SETTING_KINDS.includes((row as { kind?: unknown }).kind);

/** The county's tier tables, rates and readings among the journal lines (they travel whole). */
function settingLines(journal: readonly JournalLine[]): SettingLine[] {
  return journal.flatMap((e) => ((e.kind === 'rule.setting' || e.kind === 'reading.set') && e.payload !== null ? [{ seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload }] : []));
}

export function importBundleFile(ledger: Ledger, by: Principal, path: string, commit: boolean): ImportOutcome {
  return importBundle(ledger, by, readFileSync(path), basename(path), commit);
}
