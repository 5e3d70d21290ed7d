import type { Algorithm } from '../../../shared/domain/exchange';
import { LISTS, type ListId } from '../../../shared/domain/registry';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

// The county's side of the exchange: its public signing keys (signing_key; the private key lives
// sealed in a file beside the database, never here), the bundles it exported (bundle_export), and
// the read model a bundle is written from: subjects, claims and payments with only the two
// numbers a bundle needs (for keyed hashes) taken out of each subject's fields.

// ── Signing keys ─────────────────────────────────────────────────────────────────────────────

export type KeyStatus = 'active' | 'next' | 'retired';

export function insertSigningKey(db: Db, k: { fingerprint: string; algorithm: Algorithm; publicKey: string; protection: string; status: KeyStatus; createdAt: string; createdSeq: number }): void {
  statement<[string, Algorithm, string, string, KeyStatus, string, number]>(
    db,
    'INSERT INTO signing_key (fingerprint, algorithm, public_key, protection, status, created_at, created_seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(k.fingerprint, k.algorithm, k.publicKey, k.protection, k.status, k.createdAt, k.createdSeq);
}

/** The next key takes over; returns false when there was no such next key. */
export function activateSigningKey(db: Db, fingerprint: string, previous: string): boolean {
  statement<[string]>(db, "UPDATE signing_key SET status = 'retired' WHERE fingerprint = ?").run(previous);
  return statement<[string]>(db, "UPDATE signing_key SET status = 'active' WHERE fingerprint = ? AND status = 'next'").run(fingerprint).changes === 1;
}

export function signingKeyWithStatus(db: Db, status: 'active' | 'next'): { algorithm: Algorithm; public_key: string; fingerprint: string; created_at: string } | undefined {
  return statement<[string], { algorithm: Algorithm; public_key: string; fingerprint: string; created_at: string }>(
    db,
    'SELECT algorithm, public_key, fingerprint, created_at FROM signing_key WHERE status = ? ORDER BY created_seq DESC LIMIT 1',
  ).get(status);
}

/** A key's status in this ledger, or undefined when the ledger never recorded it. */
export function signingKeyStatus(db: Db, fingerprint: string): KeyStatus | undefined {
  return statement<[string], { status: KeyStatus }>(db, 'SELECT status FROM signing_key WHERE fingerprint = ?').get(fingerprint)?.status;
}

// ── Bundles exported ─────────────────────────────────────────────────────────────────────────

export type BundleExportRow = {
  sequence: number;
  period: string;
  file_name: string;
  digest: string;
  head_seq: number;
  head_hash: string;
  rows: string;
  created_by: string;
  created_at: string;
};

export function insertBundleExport(db: Db, b: BundleExportRow): void {
  statement<[number, string, string, string, number, string, string, string, string]>(
    db,
    'INSERT INTO bundle_export (sequence, period, file_name, digest, head_seq, head_hash, rows, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(b.sequence, b.period, b.file_name, b.digest, b.head_seq, b.head_hash, b.rows, b.created_by, b.created_at);
}

export function lastBundleExport(db: Db): BundleExportRow | undefined {
  return statement<[], BundleExportRow>(db, 'SELECT * FROM bundle_export ORDER BY sequence DESC LIMIT 1').get();
}

export function bundleExports(db: Db): BundleExportRow[] {
  return statement<[], BundleExportRow>(db, 'SELECT * FROM bundle_export ORDER BY sequence DESC').all();
}

// ── What a bundle is written from ────────────────────────────────────────────────────────────

/** Lists whose subjects are people: their names travel masked. */
export const PERSON_LISTS: ReadonlySet<ListId> = new Set(['trainees', 'poor-households']);
/** The field that identifies the person behind a subject, per list. */
const PERSON_ID_FIELD: Partial<Record<ListId, string>> = { trainees: 'idNumber', 'poor-households': 'idNumber', 'service-points': 'operatorIdNumber', 'poverty-purchases': 'sellerIdNumber' };

/** Where each list keeps the number that identifies the person or organisation behind a subject. */
function payeeIdField(list: ListId): string {
  return PERSON_ID_FIELD[list] ?? (LISTS[list].fields.some((f) => f.key === 'uscc') ? 'uscc' : 'ownerUscc');
}

/** SQL for one field of a subject's `fields` JSON chosen by its list (list ids and field keys are our own constants). */
function fieldByList(pick: (list: ListId) => string | undefined, fallback: string): string {
  const cases = (Object.keys(LISTS) as ListId[])
    .map((list) => [list, pick(list)] as const)
    .filter((c): c is readonly [ListId, string] => c[1] !== undefined)
    .map(([list, key]) => `WHEN '${list}' THEN json_extract(s.fields, '$.${key}')`);
  return `CASE s.list ${cases.join(' ')} ELSE ${fallback} END`;
}

export type ExportSubjectRow = { id: string; list: ListId; name: string; town: string | null; village: string | null; uscc: string | null; person_id: unknown; bank: unknown };

// The columns are read with json_extract rather than by parsing each subject's fields in
// JavaScript: the bundle needs two numbers from them, not the whole record.
const SUBJECT_SQL = `SELECT s.id, s.list, s.name, s.town, s.village, s.uscc, ${fieldByList((l) => PERSON_ID_FIELD[l], 's.uscc')} AS person_id,
  json_extract(s.fields, '$.bankAccount') AS bank FROM subject s ORDER BY s.id`;

export function exportSubjects(db: Db): IterableIterator<ExportSubjectRow> {
  return statement<[], ExportSubjectRow>(db, SUBJECT_SQL).iterate();
}

export type ExportClaimRow = {
  id: string;
  no: string;
  subject_id: string;
  rule: string;
  year: number;
  state: string;
  amount_fen: number | null;
  paid_fen: number | null;
  paid_on: string | null;
  approved_at: string | null;
  pack_digest: string | null;
  frozen: number;
  trace: string;
  facts: string;
  course: string | null;
  list: ListId;
  level: unknown;
  payee_id: unknown;
};

const CLAIM_SQL = `SELECT c.id, c.no, c.subject_id, c.rule, c.year, c.state, c.amount_fen, c.paid_fen, c.paid_on, c.approved_at, c.pack_digest, c.frozen, c.trace,
  c.facts, c.course, s.list, json_extract(s.fields, '$.level') AS level,
  ${fieldByList(payeeIdField, 'NULL')} AS payee_id FROM claim c JOIN subject s ON s.id = c.subject_id ORDER BY c.no`;

/** The journal position of each claim's approval (by claim id): the city rebuilds the settings in force there. */
export function approvalSeqs(db: Db): Map<string, number> {
  const seqs = new Map<string, number>();
  for (const r of statement<[], { seq: number; entity: string }>(db, "SELECT seq, entity FROM journal WHERE kind = 'claim.approved'").iterate()) {
    seqs.set(r.entity.slice('claim:'.length), r.seq);
  }
  return seqs;
}

/** The county's tier tables, rates and readings as journaled, for the preview's recheck. */
export function settingEntries(db: Db): { seq: number; at: string; actor: string; kind: string; payload: string }[] {
  return statement<[], { seq: number; at: string; actor: string; kind: string; payload: string }>(
    db,
    "SELECT seq, at, actor, kind, payload FROM journal WHERE kind IN ('rule.setting', 'reading.set') ORDER BY seq",
  ).all();
}

export function exportClaims(db: Db): IterableIterator<ExportClaimRow> {
  return statement<[], ExportClaimRow>(db, CLAIM_SQL).iterate();
}

export type ExportPaymentRow = { no: string; voucher_no: string | null; paid_on: string | null; paid_fen: number | null; payee_id: unknown; bank: unknown };

const PAYMENT_SQL = `SELECT c.no, c.voucher_no, c.paid_on, c.paid_fen, ${fieldByList(payeeIdField, 'NULL')} AS payee_id, json_extract(s.fields, '$.bankAccount') AS bank
  FROM claim c JOIN subject s ON s.id = c.subject_id WHERE c.state = 'paid' ORDER BY c.no`;

export function exportPayments(db: Db): IterableIterator<ExportPaymentRow> {
  return statement<[], ExportPaymentRow>(db, PAYMENT_SQL).iterate();
}

/** How many subject, claim and payment lines the next bundle holds, counted without reading them. */
export function exportCounts(db: Db): { subjects: number; claims: number; payments: number } {
  const count = (sql: string) => statement<[], { n: number }>(db, sql).get()?.n ?? 0;
  return {
    subjects: count('SELECT count(*) AS n FROM subject'),
    claims: count('SELECT count(*) AS n FROM claim c JOIN subject s ON s.id = c.subject_id'),
    payments: count("SELECT count(*) AS n FROM claim c JOIN subject s ON s.id = c.subject_id WHERE c.state = 'paid'"),
  };
}
