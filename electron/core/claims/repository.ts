import { z } from 'zod';
import { ClaimFacts, type ClaimState, type ClaimView, type Evidence, type Objection } from '../../../shared/domain/claims';
import { type ListId, type SubjectFields, SubjectFieldsSchema } from '../../../shared/domain/registry';
import { TraceStep } from '../../../shared/domain/rules';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { placeholders, statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';

// claim, claim_evidence and claim_purchase: the claims on the path to payment, the evidence files
// each one holds (by SHA-256) and the purchase records that back a poverty-purchase claim.
// Written only by the events of claims/events.ts. A claim row is read with its subject's name,
// place and fields joined on, as every view of a claim shows them.

export type ClaimRow = {
  id: string;
  no: string;
  subject_id: string;
  rule: string;
  year: number;
  course: string | null;
  state: ClaimState;
  facts: string;
  amount_fen: number | null;
  trace: string;
  pack_digest: string | null;
  frozen: number;
  flags: string;
  flags_ack: string | null;
  entered_by: string;
  submitted_by: string | null;
  reviewed_by: string | null;
  approved_by: string | null;
  notice_id: string | null;
  return_reason: string | null;
  void_reason: string | null;
  voucher_no: string | null;
  paid_on: string | null;
  paid_fen: number | null;
  approved_at: string | null;
  revision: number;
  created_seq: number;
  // joined from subject
  list: ListId;
  name: string;
  town: string | null;
  village: string | null;
  subject_fields: string;
};

/** States in which a claim counts as an award for the frequency limits (it has been decided on). */
export const LIVE_AWARD_STATES: readonly ClaimState[] = ['submitted', 'reviewed', 'noticing', 'noticed', 'approved', 'paid'];
/** States that commit the budget. */
export const COMMITTED_STATES: readonly ClaimState[] = ['approved', 'paid'];

const Strings = z.array(z.string());
const Trace = z.array(TraceStep);

export const factsOf = (c: Pick<ClaimRow, 'facts' | 'no'>): ClaimFacts => parseJsonColumn(ClaimFacts, c.facts, `申报 ${c.no} 的事实`);
export const traceOf = (c: Pick<ClaimRow, 'trace' | 'no'>): TraceStep[] => parseJsonColumn(Trace, c.trace, `申报 ${c.no} 的判定过程`);
export const flagsOf = (c: Pick<ClaimRow, 'flags' | 'no'>): string[] => parseJsonColumn(Strings, c.flags, `申报 ${c.no} 的疑点`);
export const fieldsOfClaimSubject = (c: Pick<ClaimRow, 'subject_fields' | 'subject_id'>): SubjectFields => parseJsonColumn(SubjectFieldsSchema, c.subject_fields, `主体 ${c.subject_id} 的字段`);

// ── Writing (only the events of claims/events.ts) ───────────────────────────────────────────

export function insertClaim(db: Db, c: { id: string; no: string; subjectId: string; rule: string; year: number; course: string | null; facts: ClaimFacts; enteredBy: string; seq: number }): void {
  statement<[string, string, string, string, number, string | null, string, string, number, number]>(
    db,
    `INSERT INTO claim (id, no, subject_id, rule, year, course, state, facts, amount_fen, trace, pack_digest, frozen, flags, entered_by, revision, created_seq, updated_seq)
     VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, NULL, '[]', NULL, 0, '[]', ?, 0, ?, ?)`,
  ).run(c.id, c.no, c.subjectId, c.rule, c.year, c.course, canonicalJson(c.facts), c.enteredBy, c.seq, c.seq);
}

/** Columns a step may set besides the state (our own names, never input). */
export type ClaimColumns = Partial<Record<Exclude<keyof ClaimRow, 'id' | 'state' | 'revision' | 'list' | 'name' | 'town' | 'village' | 'subject_fields'>, string | number | null>>;

/** A step of the claim: its new state, the columns it sets, one more revision. */
export function setClaimState(db: Db, id: string, state: ClaimState, seq: number, extra: ClaimColumns = {}): void {
  const columns = Object.keys(extra) as (keyof ClaimColumns)[];
  const sets = columns.map((c) => `${c} = ?`).join(', ');
  statement<(string | number | null)[]>(db, `UPDATE claim SET state = ?, ${sets ? `${sets}, ` : ''}revision = revision + 1, updated_seq = ? WHERE id = ?`).run(
    state,
    ...columns.map((c) => extra[c] ?? null),
    seq,
    id,
  );
}

/** The claim changed without a new state (evidence added). */
export function touchClaim(db: Db, id: string, seq: number): void {
  statement<[number, string]>(db, 'UPDATE claim SET revision = revision + 1, updated_seq = ? WHERE id = ?').run(seq, id);
}

export function linkPurchases(db: Db, claimId: string, purchases: readonly string[]): void {
  statement<[string]>(db, 'DELETE FROM claim_purchase WHERE claim_id = ?').run(claimId);
  const insert = statement<[string, string]>(db, 'INSERT INTO claim_purchase (purchase_id, claim_id) VALUES (?, ?)');
  for (const p of purchases) insert.run(p, claimId);
}

export function insertEvidence(db: Db, claimId: string, e: { sha256: string; fileName: string; size: number; addedBy: string; addedAt: string }): void {
  statement<[string, string, string, number, string, string]>(
    db,
    'INSERT OR IGNORE INTO claim_evidence (claim_id, sha256, file_name, size, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(claimId, e.sha256, e.fileName, e.size, e.addedBy, e.addedAt);
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────

const CLAIM_SELECT = `SELECT c.*, s.list, s.name, s.town, s.village, s.fields AS subject_fields FROM claim c JOIN subject s ON s.id = c.subject_id`;

export function claimRow(db: Db, id: string): ClaimRow | null {
  return statement<[string], ClaimRow>(db, `${CLAIM_SELECT} WHERE c.id = ?`).get(id) ?? null;
}

export function claimIdByNo(db: Db, no: string): string | null {
  return statement<[string], { id: string }>(db, 'SELECT id FROM claim WHERE no = ?').get(no)?.id ?? null;
}

export function claimNo(db: Db, id: string): string | null {
  return statement<[string], { no: string }>(db, 'SELECT no FROM claim WHERE id = ?').get(id)?.no ?? null;
}

export function claimRows(db: Db, filter: { state?: ClaimState; year?: number; noticeId?: string } = {}): ClaimRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.state) (where.push('c.state = ?'), args.push(filter.state));
  if (filter.year) (where.push('c.year = ?'), args.push(filter.year));
  if (filter.noticeId) (where.push('c.notice_id = ?'), args.push(filter.noticeId));
  return statement<(string | number)[], ClaimRow>(db, `${CLAIM_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_seq`).all(...args);
}

/** How many numbers have been given with a prefix (e.g. SB2019-), counted over the unique index on no. */
export function numbersGivenWith(db: Db, table: 'claim' | 'notice', prefix: string): number {
  // `-` is followed by `.` in code-point order, so [prefix, prefix with '-' → '.') holds exactly the prefix's numbers.
  const upper = `${prefix.slice(0, -1)}.`;
  return statement<[string, string], { n: number }>(db, `SELECT count(*) AS n FROM ${table} WHERE no >= ? AND no < ?`).get(prefix, upper)?.n ?? 0;
}

/** A subject's claims on a rule that are not voided. */
export function openClaimsOf(db: Db, subjectId: string, rule: string): { id: string; no: string; year: number; state: ClaimState }[] {
  return statement<[string, string], { id: string; no: string; year: number; state: ClaimState }>(
    db,
    "SELECT id, no, year, state FROM claim WHERE subject_id = ? AND rule = ? AND state <> 'voided'",
  ).all(subjectId, rule);
}

/** The subject's other awards on the rule that count for its frequency limit. */
export function previousAwards(db: Db, subjectId: string, rule: string, exceptId: string): { rule: string; year: number; course: string | null }[] {
  return statement<string[], { rule: string; year: number; course: string | null }>(
    db,
    `SELECT rule, year, course FROM claim WHERE subject_id = ? AND rule = ? AND id <> ? AND state IN (${placeholders(LIVE_AWARD_STATES.length)})`,
  ).all(subjectId, rule, exceptId, ...LIVE_AWARD_STATES);
}

/** Amounts of the live claims on a rule in a year, but one (the peers a claim's amount is compared with). */
export function liveAmounts(db: Db, rule: string, year: number, exceptId: string): number[] {
  return statement<(string | number)[], { a: number }>(
    db,
    `SELECT amount_fen AS a FROM claim WHERE rule = ? AND year = ? AND id <> ? AND amount_fen IS NOT NULL AND state IN (${placeholders(LIVE_AWARD_STATES.length)})`,
  )
    .all(rule, year, exceptId, ...LIVE_AWARD_STATES)
    .map((r) => r.a);
}

/** The amount a year's approved and paid claims on some rules commit (those drawing on one fund), but one. */
export function committedFen(db: Db, year: number, rules: readonly string[], exceptId?: string): number {
  if (rules.length === 0) return 0;
  return (
    statement<(string | number)[], { n: number }>(
      db,
      `SELECT coalesce(sum(amount_fen), 0) AS n FROM claim WHERE year = ? AND id <> ? AND rule IN (${placeholders(rules.length)}) AND state IN (${placeholders(COMMITTED_STATES.length)})`,
    ).get(year, exceptId ?? '', ...rules, ...COMMITTED_STATES)?.n ?? 0
  );
}

/** Claims of a year (optionally of some rules) with what progress counts of them. */
export function claimMoneyRows(db: Db, year: number, rules: readonly string[]): { state: string; amount_fen: number | null; paid_fen: number | null; paid_on: string | null; approved_at: string | null }[] {
  return statement<(string | number)[], { state: string; amount_fen: number | null; paid_fen: number | null; paid_on: string | null; approved_at: string | null }>(
    db,
    `SELECT state, amount_fen, paid_fen, paid_on, approved_at FROM claim WHERE year = ?${rules.length ? ` AND rule IN (${placeholders(rules.length)})` : ''}`,
  ).all(year, ...rules);
}

export function evidenceOf(db: Db, id: string): Evidence[] {
  return statement<[string], { sha256: string; file_name: string; size: number; added_by: string; added_at: string }>(
    db,
    'SELECT sha256, file_name, size, added_by, added_at FROM claim_evidence WHERE claim_id = ? ORDER BY added_at, sha256',
  )
    .all(id)
    .map((e) => ({ sha256: e.sha256, fileName: e.file_name, size: e.size, addedBy: e.added_by, at: e.added_at }));
}

export function evidenceFileName(db: Db, claimId: string, sha256: string): string | null {
  return statement<[string, string], { file_name: string }>(db, 'SELECT file_name FROM claim_evidence WHERE claim_id = ? AND sha256 = ?').get(claimId, sha256)?.file_name ?? null;
}

export function purchasesOf(db: Db, claimId: string): string[] {
  return statement<[string], { purchase_id: string }>(db, 'SELECT purchase_id FROM claim_purchase WHERE claim_id = ? ORDER BY purchase_id')
    .all(claimId)
    .map((r) => r.purchase_id);
}

/** Which claim each purchase record backs, for the records given. */
export function claimsOfPurchases(db: Db, purchaseIds: readonly string[]): Map<string, string> {
  const query = statement<[string], { claim_id: string }>(db, 'SELECT claim_id FROM claim_purchase WHERE purchase_id = ?');
  const out = new Map<string, string>();
  for (const id of purchaseIds) {
    const row = query.get(id);
    if (row) out.set(id, row.claim_id);
  }
  return out;
}

export type ClaimViewParts = { evidence: Evidence[]; objections: Objection[]; purchases: string[] };

/** A claim as the UI shows it; the rule's title and clause come from the active pack. */
export function toClaimView(r: ClaimRow, rule: { title: string; clause: string } | undefined, parts: ClaimViewParts): ClaimView {
  return {
    id: r.id,
    no: r.no,
    subjectId: r.subject_id,
    subjectName: r.name,
    list: r.list,
    town: r.town,
    village: r.village,
    rule: r.rule,
    ruleTitle: rule?.title ?? r.rule,
    clause: rule?.clause ?? '',
    year: r.year,
    state: r.state,
    facts: factsOf(r),
    purchases: parts.purchases,
    amountFen: r.amount_fen,
    trace: traceOf(r),
    packDigest: r.pack_digest,
    frozen: r.frozen === 1,
    flags: flagsOf(r),
    flagsAck: r.flags_ack,
    enteredBy: r.entered_by,
    submittedBy: r.submitted_by,
    reviewedBy: r.reviewed_by,
    approvedBy: r.approved_by,
    noticeId: r.notice_id,
    returnReason: r.return_reason,
    voidReason: r.void_reason,
    voucherNo: r.voucher_no,
    paidOn: r.paid_on,
    paidFen: r.paid_fen,
    approvedAt: r.approved_at,
    evidence: parts.evidence,
    objections: parts.objections,
    revision: r.revision,
  };
}

/** How many claims are in each state (states without any are absent). */
export function claimCountsByState(db: Db): Map<ClaimState, number> {
  return new Map(
    statement<[], { state: ClaimState; n: number }>(db, 'SELECT state, count(*) AS n FROM claim GROUP BY state')
      .all()
      .map((r) => [r.state, r.n]),
  );
}
