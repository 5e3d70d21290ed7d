import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { Algorithm, type BundleSummary } from '../../shared/domain/exchange';
import { TaskQuarter } from '../../shared/domain/progress';
import { DomainError } from '../../shared/result';
import { fingerprint, verify } from '../crypto/signing';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';
import { GENESIS_HASH, type Ledger } from '../ledger/ledger';
import { installRole } from '../policy/repository';
import { bundleSummary, openBundle, type Trust, verifyBundle } from './bundle';
import { confirmedFingerprint, type PublicKeyFile } from './keys';

// The city's side: a registry of county public keys, confirmed by a named person, and bundles
// imported after a dry run. A refused bundle writes nothing; an accepted one is one journal entry
// whose payload is what the bundle carried (minimised), so the city's state replays like any other.

export const countyKeyRegistered = defineEvent({
  kind: 'county.keyRegistered',
  payload: z.object({ county: z.string(), algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), note: z.string() }),
  apply(db, p, meta) {
    statement(db, 'INSERT INTO county_key (fingerprint, county, algorithm, public_key, confirmed_by, confirmed_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      p.fingerprint,
      p.county,
      p.algorithm,
      p.publicKey,
      meta.actor,
      meta.at,
      p.note,
    );
  },
});

const SubjectLine = z.object({ id: z.string(), list: z.string(), name: z.string(), idHash: z.string().nullable(), bankHash: z.string().nullable() }).loose();
const ClaimLine = z
  .object({
    id: z.string(),
    no: z.string(),
    subjectId: z.string(),
    rule: z.string(),
    year: z.number().int(),
    state: z.string(),
    amountFen: z.number().int().nullable(),
    paidFen: z.number().int().nullable(),
    paidOn: z.string().nullable(),
    payeeHash: z.string().nullable(),
  })
  .loose();

export const bundleImported = defineEvent({
  kind: 'bundle.imported',
  payload: z.object({
    county: z.string(),
    sequence: z.number().int(),
    period: z.string(),
    digest: z.string(),
    previousDigest: z.string().nullable(),
    headSeq: z.number().int(),
    headHash: z.string(),
    fileName: z.string(),
    report: z.unknown(),
    tasks: z.array(TaskQuarter),
    subjects: z.array(SubjectLine),
    claims: z.array(ClaimLine),
    /** A key rotation announced in this bundle: the next key registers, the signing one retires. */
    nextKey: z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), previous: z.string() }).nullable().default(null),
  }),
  apply(db, p, meta) {
    if (p.nextKey) {
      statement(db, 'UPDATE county_key SET retired_seq = ? WHERE fingerprint = ?').run(meta.seq, p.nextKey.previous);
      statement(db, 'INSERT INTO county_key (fingerprint, county, algorithm, public_key, confirmed_by, confirmed_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        p.nextKey.fingerprint,
        p.county,
        p.nextKey.algorithm,
        p.nextKey.publicKey,
        meta.actor,
        meta.at,
        `第 ${p.sequence} 号数据包中由原密钥 ${p.nextKey.previous} 签名宣告`,
      );
    }
    statement(
      db,
      `INSERT INTO bundle_received (county, sequence, period, digest, previous_digest, head_seq, head_hash, file_name, report, imported_by, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(p.county, p.sequence, p.period, p.digest, p.previousDigest, p.headSeq, p.headHash, p.fileName, canonicalJson(p.report), meta.actor, meta.at);
    const task = statement(db, 'INSERT OR REPLACE INTO received_task (county, period, no, light, row) VALUES (?, ?, ?, ?, ?)');
    for (const t of p.tasks) task.run(p.county, p.period, t.no, t.light, canonicalJson(t));
    const subject = statement(db, 'INSERT OR REPLACE INTO received_subject (county, id, list, name, id_hash, bank_hash) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of p.subjects) subject.run(p.county, s.id, s.list, s.name, s.idHash, s.bankHash);
    const claim = statement(
      db,
      'INSERT OR REPLACE INTO received_claim (county, id, no, subject_id, rule, year, state, amount_fen, paid_fen, paid_on, payee_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of p.claims) claim.run(p.county, c.id, c.no, c.subjectId, c.rule, c.year, c.state, c.amountFen, c.paidFen, c.paidOn, c.payeeHash);
  },
});

export const CITY_EVENTS = [countyKeyRegistered, bundleImported];

function mustBeCity(db: Db): void {
  if (installRole(db)?.role !== 'city') throw new DomainError('FORBIDDEN', '只有市级版可以登记县区公钥和导入数据包');
}

const PublicKeyFileSchema = z.object({
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
export function registerCountyKey(ledger: Ledger, actor: string, file: PublicKeyFile | unknown, typedFingerprint: string, note = ''): { county: string; fingerprint: string } {
  return ledger.db.transaction(() => {
    mustBeCity(ledger.db);
    const parsed = PublicKeyFileSchema.safeParse(file);
    if (!parsed.success) throw new DomainError('VALIDATION', '公钥文件格式无效');
    const key = parsed.data;
    const computed = confirmedFingerprint(key, typedFingerprint, '县区');
    const known = statement(ledger.db, 'SELECT county FROM county_key WHERE fingerprint = ?').get(computed) as { county: string } | undefined;
    if (known) throw new DomainError('CONFLICT', `该公钥已登记为 ${known.county} 的密钥`);
    ledger.append(actor, { kind: countyKeyRegistered.kind, entity: `county-key:${key.county.code}`, payload: { county: key.county.code, algorithm: key.algorithm, publicKey: key.publicKey, fingerprint: computed, note } });
    return { county: key.county.code, fingerprint: computed };
  })();
}

export function cityTrust(db: Db, county: string): Trust {
  const keys = (statement(db, 'SELECT county, algorithm, public_key, fingerprint FROM county_key WHERE retired_seq IS NULL').all() as { county: string; algorithm: Algorithm; public_key: string; fingerprint: string }[]).map((k) => ({
    county: k.county,
    algorithm: k.algorithm,
    publicKey: k.public_key,
    fingerprint: k.fingerprint,
  }));
  const last = statement(db, 'SELECT sequence, digest, head_seq, head_hash FROM bundle_received WHERE county = ? ORDER BY sequence DESC LIMIT 1').get(county) as
    | { sequence: number; digest: string; head_seq: number; head_hash: string }
    | undefined;
  const packDigests = (statement(db, 'SELECT digest FROM policy_pack').all() as { digest: string }[]).map((r) => r.digest);
  return { keys, last: last ? { sequence: last.sequence, digest: last.digest, headSeq: last.head_seq, headHash: last.head_hash } : null, packDigests, genesisHash: GENESIS_HASH };
}

export type ImportOutcome = { summary: BundleSummary; committed: boolean; changes: { tasks: number; subjects: number; claims: number } };

/** Verifies a bundle against the city's registry and history; with `commit`, records it in one journal entry. */
export function importBundle(ledger: Ledger, actor: string, bytes: Uint8Array, fileName: string, commit: boolean): ImportOutcome {
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
      const taken = statement(ledger.db, 'SELECT county FROM county_key WHERE fingerprint = ?').get(m.nextKey.fingerprint) as { county: string } | undefined;
      if (taken) throw new DomainError('BUNDLE_KEY', `数据包宣告的新密钥已登记为 ${taken.county} 的密钥`);
    }
    if (commit) {
      ledger.append(actor, {
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
          claims: claims.map((c) => ({ id: c.id, no: c.no, subjectId: c.subjectId, rule: c.rule, year: c.year, state: c.state, amountFen: c.amountFen, paidFen: c.paidFen, paidOn: c.paidOn, payeeHash: c.payeeHash })),
          nextKey: m.nextKey && { ...m.nextKey, previous: m.key.fingerprint },
        },
      });
    }
    return { summary, committed: commit, changes };
  })();
}

export function importBundleFile(ledger: Ledger, actor: string, path: string, commit: boolean): ImportOutcome {
  return importBundle(ledger, actor, readFileSync(path), basename(path), commit);
}
