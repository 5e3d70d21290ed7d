import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Principal } from '../../../shared/domain/accounts';
import { Algorithm, type BundleSummary, type JournalLine } from '../../../shared/domain/exchange';
import { TaskQuarter } from '../../../shared/domain/progress';
import { DomainError } from '../../../shared/result';
import { fingerprint, verify } from '../crypto/signing';
import type { Db } from '../db/open';
import { GENESIS_HASH, type Ledger } from '../ledger/ledger';
import { installRole, loadedPackDigests } from '../policy/repository';
import { bundleSummary, openBundle, type Trust, verifyBundle } from './bundle';
import { countyOfKey, lastReceivedBundle, liveCountyKeys } from './city-repository';
import { bundleImported, ClaimLine, countyKeyRegistered, type SettingLine, SubjectLine } from './events';
import { recordRecheck } from './recheck';
import { canonicalJson } from '../ledger/canonical';
import { confirmedFingerprint, type PublicKeyFile } from './keys';

// The city's side: a registry of county public keys, confirmed by a named person, and bundles
// imported after a dry run. A refused bundle writes nothing; an accepted one is one journal entry
// (exchange/events.ts) whose payload is what the bundle carried, minimised, and the recheck of
// its claims another (exchange/recheck.ts).

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

/** Verifies a bundle against the city's registry and history; with `commit`, records it in one journal entry. */
export function importBundle(ledger: Ledger, by: Principal, bytes: Uint8Array, fileName: string, commit: boolean): ImportOutcome {
  return ledger.db.transaction(() => {
    mustBeCity(ledger.db);
    const opened = openBundle(bytes);
    const verified = verifyBundle(opened, cityTrust(ledger.db, opened.manifest.county.code), verify);
    const m = verified.manifest;
    const summary = bundleSummary(verified, fileName);
    const tasks = verified.rows['progress.jsonl'].map((t) => TaskQuarter.parse(t));
    const subjects = verified.rows['subjects.jsonl'].map((s) => SubjectLine.parse(s));
    const claims = verified.rows['claims.jsonl'].map((c) => ClaimLine.parse(c));
    const changes = { tasks: tasks.length, subjects: subjects.length, claims: claims.length };
    if (m.nextKey) {
      if (fingerprint(m.nextKey.algorithm, m.nextKey.publicKey) !== m.nextKey.fingerprint) throw new DomainError('BUNDLE_KEY', '数据包宣告的新密钥指纹与公钥不符');
      const taken = countyOfKey(ledger.db, m.nextKey.fingerprint);
      if (taken !== undefined) throw new DomainError('BUNDLE_KEY', `数据包宣告的新密钥已登记为 ${taken} 的密钥`);
    }
    if (commit) {
      ledger.append(by.username, {
        kind: bundleImported.kind,
        entity: `bundle:${m.county.code}:${m.sequence}`,
        payload: {
          county: m.county.code,
          sequence: m.sequence,
          period: m.period,
          digest: verified.digest,
          previousDigest: m.previousBundleDigest,
          headSeq: m.ledger.headSeq,
          headHash: m.ledger.headHash,
          fileName,
          report: { ...m.report, county: m.county, quarter: m.period, pack: m.pack },
          tasks,
          subjects: subjects.map((s) => ({ id: s.id, list: s.list, name: s.name, idHash: s.idHash, bankHash: s.bankHash })),
          claims: claims.map(receivedClaim),
          settings: settingLines(verified.journal),
          nextKey: m.nextKey && { ...m.nextKey, previous: m.key.fingerprint },
        },
      });
      // 市级复核 on import: the county's traces are at hand only now, for the findings to keep
      const traces = new Map(claims.flatMap((c) => (Array.isArray(c.trace) ? [[c.id, canonicalJson(c.trace)] as const] : [])));
      recordRecheck(ledger, by, m.county.code, null, verified.digest, traces);
    }
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

/** The county's tier tables, rates and readings among the journal lines (they travel whole). */
function settingLines(journal: readonly JournalLine[]): SettingLine[] {
  return journal.flatMap((e) => ((e.kind === 'rule.setting' || e.kind === 'reading.set') && e.payload !== null ? [{ seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload }] : []));
}

export function importBundleFile(ledger: Ledger, by: Principal, path: string, commit: boolean): ImportOutcome {
  return importBundle(ledger, by, readFileSync(path), basename(path), commit);
}
