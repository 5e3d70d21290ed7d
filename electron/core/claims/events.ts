import { z } from 'zod';
import { ClaimFacts, Fund } from '../../../shared/domain/claims';
import { TraceStep } from '../../../shared/domain/rules';
import { IsoDate } from '../../../shared/domain/tasks';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';
import { upsertBudget } from './budget-repository';
import { insertNotice, insertObjection, markNoticeEnded, resolveObjectionRow } from './notice-repository';
import { insertClaim, insertEvidence, linkPurchases, setClaimState, touchClaim } from './repository';

// Every step of a claim is its own journal entry on entity claim:<id>; who did it is the entry's
// actor, which is also what the four-eyes checks compare. Each apply is one write through the
// repositories.

const Id = z.string().min(1);

export const claimCreated = defineEvent({
  kind: 'claim.created',
  payload: z.object({ id: Id, no: z.string(), subjectId: Id, rule: z.string(), year: z.number().int(), course: z.string().nullable(), facts: ClaimFacts, purchases: z.array(Id), reason: z.string().nullable() }),
  leaves: 'digest',
  apply(db, p, meta) {
    insertClaim(db, { id: p.id, no: p.no, subjectId: p.subjectId, rule: p.rule, year: p.year, course: p.course, facts: p.facts, enteredBy: meta.actor, seq: meta.seq });
    linkPurchases(db, p.id, p.purchases);
  },
});

/** Facts corrected (with the reason), on a draft or a returned claim; it becomes a draft again. */
export const claimEdited = defineEvent({
  kind: 'claim.edited',
  payload: z.object({ id: Id, before: ClaimFacts, facts: ClaimFacts, purchases: z.array(Id), reason: z.string() }),
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'draft', meta.seq, { facts: canonicalJson(p.facts), amount_fen: null, trace: '[]', pack_digest: null });
    linkPurchases(db, p.id, p.purchases);
  },
});

export const evidenceAdded = defineEvent({
  kind: 'claim.evidence',
  payload: z.object({ id: Id, sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string(), size: z.number().int() }),
  leaves: 'digest',
  apply(db, p, meta) {
    insertEvidence(db, p.id, { sha256: p.sha256, fileName: p.fileName, size: p.size, addedBy: meta.actor, addedAt: meta.at });
    touchClaim(db, p.id, meta.seq);
  },
});

const Decision = { amountFen: z.number().int(), trace: z.array(TraceStep), packDigest: z.string() };

/** The engine's decision at submission, and the fraud checks' flags at that moment. */
export const claimSubmitted = defineEvent({
  kind: 'claim.submitted',
  payload: z.object({ id: Id, ...Decision, flags: z.array(z.string()) }),
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'submitted', meta.seq, {
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
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'reviewed', meta.seq, { flags: canonicalJson(p.flags), flags_ack: p.acknowledgement, reviewed_by: meta.actor });
  },
});

export const claimReturned = defineEvent({
  kind: 'claim.returned',
  payload: z.object({ id: Id, reason: z.string().min(1) }),
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'returned', meta.seq, { return_reason: p.reason, reviewed_by: null });
  },
});

export const noticeCreated = defineEvent({
  kind: 'notice.created',
  payload: z.object({ id: Id, no: z.string(), title: z.string(), startsOn: IsoDate, endsOn: IsoDate, contact: z.string() }),
  leaves: 'digest',
  apply(db, p, meta) {
    insertNotice(db, { ...p, createdBy: meta.actor, seq: meta.seq });
  },
});

export const claimNoticed = defineEvent({
  kind: 'claim.noticed',
  payload: z.object({ id: Id, noticeId: Id }),
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'noticing', meta.seq, { notice_id: p.noticeId });
  },
});

export const noticeEnded = defineEvent({
  kind: 'notice.ended',
  payload: z.object({ id: Id, claims: z.array(Id) }),
  leaves: 'digest',
  apply(db, p, meta) {
    markNoticeEnded(db, p.id);
    for (const claim of p.claims) setClaimState(db, claim, 'noticed', meta.seq);
  },
});

export const objectionRecorded = defineEvent({
  kind: 'objection.recorded',
  payload: z.object({ id: Id, claimId: Id, receivedOn: IsoDate, text: z.string().min(1) }),
  leaves: 'digest',
  apply(db, p, meta) {
    insertObjection(db, { ...p, recordedBy: meta.actor, seq: meta.seq });
  },
});

export const objectionResolved = defineEvent({
  kind: 'objection.resolved',
  payload: z.object({ id: Id, claimId: Id, resolution: z.string().min(1), upheld: z.boolean() }),
  leaves: 'digest',
  apply(db, p, meta) {
    resolveObjectionRow(db, p.id, p.resolution, p.upheld, meta.actor);
  },
});

/** Approval freezes the decision: amount, trace and the pack's digest no longer follow the pack or the facts. */
export const claimApproved = defineEvent({
  kind: 'claim.approved',
  payload: z.object({ id: Id, ...Decision }),
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'approved', meta.seq, {
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
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'paid', meta.seq, { voucher_no: p.voucherNo, paid_on: p.paidOn, paid_fen: p.paidFen });
  },
});

/** Voided with a reason; its purchase records are free to back another claim. */
export const claimVoided = defineEvent({
  kind: 'claim.voided',
  payload: z.object({ id: Id, from: z.string(), reason: z.string().min(1) }),
  leaves: 'digest',
  apply(db, p, meta) {
    setClaimState(db, p.id, 'voided', meta.seq, { void_reason: p.reason });
    linkPurchases(db, p.id, []);
  },
});

export const budgetSet = defineEvent({
  kind: 'budget.set',
  // budgets journaled before funds existed were the special fund's
  payload: z.object({ year: z.number().int(), fund: Fund.default('commerce'), docNo: z.string().min(1), baseFen: z.number().int().min(0), upliftFen: z.number().int().min(0), upliftTrace: z.array(TraceStep) }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertBudget(db, p, meta.seq);
  },
});

/** A document leaving the app: which, how many rows, whether personal data was in full. */
export const documentExported = defineEvent({
  kind: 'document.exported',
  payload: z.object({ document: z.string(), fileName: z.string(), rows: z.number().int(), masked: z.boolean(), claims: z.array(Id) }),
  leaves: 'digest',
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
