import { z } from 'zod';
import { ClaimFacts } from '../../shared/domain/claims';
import { TraceStep } from '../../shared/domain/rules';
import { IsoDate } from '../../shared/domain/tasks';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent, type EntryMeta } from '../ledger/events';

// Every step of a claim is its own journal entry on entity claim:<id>; who did it is the entry's
// actor, which is also what the four-eyes checks compare. Each apply is a plain UPDATE/INSERT.

const Id = z.string().min(1);

function setState(db: Db, id: string, state: string, meta: EntryMeta, extra: Record<string, unknown> = {}): void {
  const columns = Object.keys(extra);
  const sets = columns.map((c) => `${c} = ?`).join(', ');
  statement(db, `UPDATE claim SET state = ?, ${sets ? `${sets}, ` : ''}revision = revision + 1, updated_seq = ? WHERE id = ?`).run(
    state,
    ...columns.map((c) => extra[c] as string | number | null),
    meta.seq,
    id,
  );
}

function linkPurchases(db: Db, id: string, purchases: readonly string[]): void {
  statement(db, 'DELETE FROM claim_purchase WHERE claim_id = ?').run(id);
  const insert = statement(db, 'INSERT INTO claim_purchase (purchase_id, claim_id) VALUES (?, ?)');
  for (const p of purchases) insert.run(p, id);
}

export const claimCreated = defineEvent({
  kind: 'claim.created',
  payload: z.object({ id: Id, no: z.string(), subjectId: Id, rule: z.string(), year: z.number().int(), course: z.string().nullable(), facts: ClaimFacts, purchases: z.array(Id), reason: z.string().nullable() }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO claim (id, no, subject_id, rule, year, course, state, facts, amount_fen, trace, pack_digest, frozen, flags, entered_by, revision, created_seq, updated_seq)
       VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, NULL, '[]', NULL, 0, '[]', ?, 0, ?, ?)`,
    ).run(p.id, p.no, p.subjectId, p.rule, p.year, p.course, canonicalJson(p.facts), meta.actor, meta.seq, meta.seq);
    linkPurchases(db, p.id, p.purchases);
  },
});

/** Facts corrected (with the reason), on a draft or a returned claim; it becomes a draft again. */
export const claimEdited = defineEvent({
  kind: 'claim.edited',
  payload: z.object({ id: Id, before: ClaimFacts, facts: ClaimFacts, purchases: z.array(Id), reason: z.string() }),
  apply(db, p, meta) {
    setState(db, p.id, 'draft', meta, { facts: canonicalJson(p.facts), amount_fen: null, trace: '[]', pack_digest: null });
    linkPurchases(db, p.id, p.purchases);
  },
});

export const evidenceAdded = defineEvent({
  kind: 'claim.evidence',
  payload: z.object({ id: Id, sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string(), size: z.number().int() }),
  apply(db, p, meta) {
    statement(db, 'INSERT OR IGNORE INTO claim_evidence (claim_id, sha256, file_name, size, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      p.id,
      p.sha256,
      p.fileName,
      p.size,
      meta.actor,
      meta.at,
    );
    statement(db, 'UPDATE claim SET revision = revision + 1, updated_seq = ? WHERE id = ?').run(meta.seq, p.id);
  },
});

const Decision = { amountFen: z.number().int(), trace: z.array(TraceStep), packDigest: z.string() };

/** The engine's decision at submission, and the fraud checks' flags at that moment. */
export const claimSubmitted = defineEvent({
  kind: 'claim.submitted',
  payload: z.object({ id: Id, ...Decision, flags: z.array(z.string()) }),
  apply(db, p, meta) {
    setState(db, p.id, 'submitted', meta, {
      amount_fen: p.amountFen,
      trace: canonicalJson(p.trace),
      pack_digest: p.packDigest,
      flags: canonicalJson(p.flags),
      submitted_by: meta.actor,
      return_reason: null,
      flags_ack: null,
    });
  },
});

export const claimPassed = defineEvent({
  kind: 'claim.passed',
  payload: z.object({ id: Id, flags: z.array(z.string()), acknowledgement: z.string().nullable() }),
  apply(db, p, meta) {
    setState(db, p.id, 'reviewed', meta, { flags: canonicalJson(p.flags), flags_ack: p.acknowledgement, reviewed_by: meta.actor });
  },
});

export const claimReturned = defineEvent({
  kind: 'claim.returned',
  payload: z.object({ id: Id, reason: z.string().min(1) }),
  apply(db, p, meta) {
    setState(db, p.id, 'returned', meta, { return_reason: p.reason, reviewed_by: null });
  },
});

export const noticeCreated = defineEvent({
  kind: 'notice.created',
  payload: z.object({ id: Id, no: z.string(), title: z.string(), startsOn: IsoDate, endsOn: IsoDate, contact: z.string() }),
  apply(db, p, meta) {
    statement(db, "INSERT INTO notice (id, no, title, starts_on, ends_on, contact, state, created_by, created_seq) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)").run(
      p.id,
      p.no,
      p.title,
      p.startsOn,
      p.endsOn,
      p.contact,
      meta.actor,
      meta.seq,
    );
  },
});

export const claimNoticed = defineEvent({
  kind: 'claim.noticed',
  payload: z.object({ id: Id, noticeId: Id }),
  apply(db, p, meta) {
    setState(db, p.id, 'noticing', meta, { notice_id: p.noticeId });
  },
});

export const noticeEnded = defineEvent({
  kind: 'notice.ended',
  payload: z.object({ id: Id, claims: z.array(Id) }),
  apply(db, p, meta) {
    statement(db, "UPDATE notice SET state = 'ended' WHERE id = ?").run(p.id);
    for (const claim of p.claims) setState(db, claim, 'noticed', meta);
  },
});

export const objectionRecorded = defineEvent({
  kind: 'objection.recorded',
  payload: z.object({ id: Id, claimId: Id, receivedOn: IsoDate, text: z.string().min(1) }),
  apply(db, p, meta) {
    statement(db, 'INSERT INTO objection (id, claim_id, received_on, text, recorded_by, created_seq) VALUES (?, ?, ?, ?, ?, ?)').run(p.id, p.claimId, p.receivedOn, p.text, meta.actor, meta.seq);
  },
});

export const objectionResolved = defineEvent({
  kind: 'objection.resolved',
  payload: z.object({ id: Id, claimId: Id, resolution: z.string().min(1), upheld: z.boolean() }),
  apply(db, p, meta) {
    statement(db, 'UPDATE objection SET resolution = ?, upheld = ?, resolved_by = ? WHERE id = ?').run(p.resolution, p.upheld ? 1 : 0, meta.actor, p.id);
  },
});

/** Approval freezes the decision: amount, trace and the pack's digest no longer follow the pack or the facts. */
export const claimApproved = defineEvent({
  kind: 'claim.approved',
  payload: z.object({ id: Id, ...Decision }),
  apply(db, p, meta) {
    setState(db, p.id, 'approved', meta, {
      amount_fen: p.amountFen,
      trace: canonicalJson(p.trace),
      pack_digest: p.packDigest,
      frozen: 1,
      approved_by: meta.actor,
      approved_at: meta.at,
    });
  },
});

export const claimPaid = defineEvent({
  kind: 'claim.paid',
  payload: z.object({ id: Id, voucherNo: z.string().min(1), paidOn: IsoDate, paidFen: z.number().int().min(0), source: z.string() }),
  apply(db, p, meta) {
    setState(db, p.id, 'paid', meta, { voucher_no: p.voucherNo, paid_on: p.paidOn, paid_fen: p.paidFen });
  },
});

/** Voided with a reason; its purchase records are free to back another claim. */
export const claimVoided = defineEvent({
  kind: 'claim.voided',
  payload: z.object({ id: Id, from: z.string(), reason: z.string().min(1) }),
  apply(db, p, meta) {
    setState(db, p.id, 'voided', meta, { void_reason: p.reason });
    statement(db, 'DELETE FROM claim_purchase WHERE claim_id = ?').run(p.id);
  },
});

export const budgetSet = defineEvent({
  kind: 'budget.set',
  payload: z.object({ year: z.number().int(), docNo: z.string().min(1), baseFen: z.number().int().min(0), upliftFen: z.number().int().min(0), upliftTrace: z.array(TraceStep) }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO budget (year, doc_no, base_fen, uplift_fen, uplift_trace, updated_seq) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (year) DO UPDATE SET doc_no = excluded.doc_no, base_fen = excluded.base_fen, uplift_fen = excluded.uplift_fen,
         uplift_trace = excluded.uplift_trace, updated_seq = excluded.updated_seq`,
    ).run(p.year, p.docNo, p.baseFen, p.upliftFen, canonicalJson(p.upliftTrace), meta.seq);
  },
});

/** A document leaving the app: which, how many rows, whether personal data was in full. */
export const documentExported = defineEvent({
  kind: 'document.exported',
  payload: z.object({ document: z.string(), fileName: z.string(), rows: z.number().int(), masked: z.boolean(), claims: z.array(Id) }),
  apply() {
    // the journal entry is the record
  },
});

export const CLAIM_EVENTS = [
  claimCreated,
  claimEdited,
  evidenceAdded,
  claimSubmitted,
  claimPassed,
  claimReturned,
  noticeCreated,
  claimNoticed,
  noticeEnded,
  objectionRecorded,
  objectionResolved,
  claimApproved,
  claimPaid,
  claimVoided,
  budgetSet,
  documentExported,
];
