import type { ClaimFacts, ClaimState, ClaimView, Evidence, NoticeView, Objection } from '../../shared/domain/claims';
import type { SubjectFields } from '../../shared/domain/registry';
import { LISTS, type ListId } from '../../shared/domain/registry';
import type { TraceStep } from '../../shared/domain/rules';
import { maskIdNumber, maskPersonName } from '../../shared/identifiers';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { activePack } from '../policy/repository';

// Reading claims, notices and their parts from the current-state tables.

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

const CLAIM_SELECT = `SELECT c.*, s.list, s.name, s.town, s.village, s.fields AS subject_fields FROM claim c JOIN subject s ON s.id = c.subject_id`;

export function claimRow(db: Db, id: string): ClaimRow | null {
  return (statement(db, `${CLAIM_SELECT} WHERE c.id = ?`).get(id) as ClaimRow | undefined) ?? null;
}

export function claimRows(db: Db, filter: { state?: ClaimState; year?: number; noticeId?: string } = {}): ClaimRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.state) (where.push('c.state = ?'), args.push(filter.state));
  if (filter.year) (where.push('c.year = ?'), args.push(filter.year));
  if (filter.noticeId) (where.push('c.notice_id = ?'), args.push(filter.noticeId));
  return db.prepare(`${CLAIM_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_seq`).all(...args) as ClaimRow[];
}

export function evidenceOf(db: Db, id: string): Evidence[] {
  return (statement(db, 'SELECT sha256, file_name, size, added_by, added_at FROM claim_evidence WHERE claim_id = ? ORDER BY added_at, sha256').all(id) as {
    sha256: string;
    file_name: string;
    size: number;
    added_by: string;
    added_at: string;
  }[]).map((e) => ({ sha256: e.sha256, fileName: e.file_name, size: e.size, addedBy: e.added_by, at: e.added_at }));
}

export function objectionsOf(db: Db, claimId: string): Objection[] {
  return (statement(db, 'SELECT * FROM objection WHERE claim_id = ? ORDER BY created_seq').all(claimId) as {
    id: string;
    claim_id: string;
    received_on: string;
    text: string;
    recorded_by: string;
    resolution: string | null;
    upheld: number | null;
    resolved_by: string | null;
  }[]).map((o) => ({
    id: o.id,
    claimId: o.claim_id,
    receivedOn: o.received_on,
    text: o.text,
    recordedBy: o.recorded_by,
    resolution: o.resolution,
    upheld: o.upheld === null ? null : o.upheld === 1,
    resolvedBy: o.resolved_by,
  }));
}

export function purchasesOf(db: Db, claimId: string): string[] {
  return (statement(db, 'SELECT purchase_id FROM claim_purchase WHERE claim_id = ? ORDER BY purchase_id').all(claimId) as { purchase_id: string }[]).map((r) => r.purchase_id);
}

export function ruleTitles(db: Db): Map<string, { title: string; clause: string }> {
  return new Map(activePack(db).rules.map((r) => [r.id, { title: r.title, clause: `${r.clause.section} ${r.clause.quote}` }]));
}

export function toClaimView(db: Db, r: ClaimRow, titles = ruleTitles(db)): ClaimView {
  const rule = titles.get(r.rule);
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
    facts: JSON.parse(r.facts) as ClaimFacts,
    purchases: purchasesOf(db, r.id),
    amountFen: r.amount_fen,
    trace: JSON.parse(r.trace) as TraceStep[],
    packDigest: r.pack_digest,
    frozen: r.frozen === 1,
    flags: JSON.parse(r.flags) as string[],
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
    evidence: evidenceOf(db, r.id),
    objections: objectionsOf(db, r.id),
    revision: r.revision,
  };
}

export type NoticeRow = { id: string; no: string; title: string; starts_on: string; ends_on: string; contact: string; state: 'open' | 'ended'; created_by: string };

export function noticeRow(db: Db, id: string): NoticeRow | null {
  return (statement(db, 'SELECT * FROM notice WHERE id = ?').get(id) as NoticeRow | undefined) ?? null;
}

export function listNotices(db: Db): NoticeView[] {
  const rows = statement(
    db,
    `SELECT n.*, count(c.id) AS claims, coalesce(sum(c.amount_fen), 0) AS total FROM notice n LEFT JOIN claim c ON c.notice_id = n.id AND c.state <> 'voided'
     GROUP BY n.id ORDER BY n.created_seq DESC`,
  ).all() as (NoticeRow & { claims: number; total: number })[];
  return rows.map((n) => ({ id: n.id, no: n.no, title: n.title, startsOn: n.starts_on, endsOn: n.ends_on, contact: n.contact, state: n.state, createdBy: n.created_by, claims: n.claims, totalFen: n.total }));
}

// ── The payee and the public face of a subject ─────────────────────────────────────────────

export type Payee = { name: string; person: boolean; idLabel: '身份证号' | '统一社会信用代码' | ''; idValue: string; bankAccount: string; bankName: string };

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Who is paid for a claim on this subject, with full identifiers (only the payment file shows them whole). */
export function payeeOf(db: Db, list: ListId, fields: SubjectFields): Payee {
  switch (list) {
    case 'trainees':
    case 'poor-households':
      return { name: text(fields.name), person: true, idLabel: '身份证号', idValue: text(fields.idNumber), bankAccount: text(fields.bankAccount), bankName: text(fields.bankName) };
    case 'service-points':
      return {
        name: text(fields.operator) || text(fields.name),
        person: true,
        idLabel: fields.operatorIdNumber ? '身份证号' : '',
        idValue: text(fields.operatorIdNumber),
        bankAccount: text(fields.bankAccount),
        bankName: text(fields.bankName),
      };
    case 'brands': {
      // A brand's award goes to the enterprise that owns it, paid to that enterprise's account.
      const owner = statement(db, "SELECT fields FROM subject WHERE list = 'enterprises' AND uscc = ?").get(text(fields.ownerUscc)) as { fields: string } | undefined;
      const o = owner ? (JSON.parse(owner.fields) as SubjectFields) : {};
      return { name: text(fields.ownerName), person: false, idLabel: '统一社会信用代码', idValue: text(fields.ownerUscc), bankAccount: text(o.bankAccount), bankName: text(o.bankName) };
    }
    case 'demo-divisions':
      return { name: `${text(fields.town)}${fields.level === '示范村' ? text(fields.name) : ''}`, person: false, idLabel: '', idValue: '', bankAccount: '', bankName: '' };
    default:
      return { name: text(fields.name), person: false, idLabel: '统一社会信用代码', idValue: text(fields.uscc), bankAccount: text(fields.bankAccount), bankName: text(fields.bankName) };
  }
}

/** As the 公示 list shows a payee: persons as 张某某 with a masked ID, organisations in full. */
export function publicPayee(p: Payee): { name: string; id: string } {
  return p.person ? { name: maskPersonName(p.name), id: p.idValue ? maskIdNumber(p.idValue) : '' } : { name: p.name, id: p.idValue };
}

export function subjectTypeOf(list: ListId, fields: SubjectFields): string {
  if (list === 'demo-divisions') return fields.level === '示范镇' ? 'town' : 'village';
  return LISTS[list].subjectType;
}
