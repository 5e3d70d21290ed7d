import { randomBytes } from 'node:crypto';
import { type ClaimAction, type ClaimFacts, CLAIM_STATE_LABELS, RULE_LISTS, TRANSITIONS } from '../../shared/domain/claims';
import { ruleFacts } from '../../shared/domain/policy-text';
import { LISTS, type SubjectFields } from '../../shared/domain/registry';
import type { TraceStep } from '../../shared/domain/rules';
import { formatChineseDate, isIsoDate } from '../../shared/dates';
import { fenToYuanString, formatYuan, parseYuanToFen } from '../../shared/money';
import { DomainError } from '../../shared/result';
import { type Principal, rolesLabel } from '../accounts/service';
import type { Db } from '../db/open';
import { readStoredEvidence, storeEvidence } from '../evidence';
import { statement } from '../db/statements';
import type { Ledger } from '../ledger/ledger';
import { activePolicyPack, installRole } from '../policy/repository';
import { engineFor } from '../policy/service';
import type { Engine } from '../rules/engine';
import { subjectById } from '../registry/repository';
import {
  budgetSet,
  claimApproved,
  claimCreated,
  claimEdited,
  claimNoticed,
  claimPaid,
  claimPassed,
  claimReturned,
  claimSubmitted,
  claimVoided,
  evidenceAdded,
  noticeCreated,
  noticeEnded,
  objectionRecorded,
  objectionResolved,
} from './events';
import { claimFlags } from './flags';
import { type ClaimRow, claimRow, claimRows, COMMITTED_STATES, LIVE_AWARD_STATES, noticeRow, objectionsOf, payeeOf, purchasesOf, subjectTypeOf } from './repository';

// The path from application to payment. Every step checks, in this order: the person's role for
// the step, the claim's state, the four-eyes rule, then the step's own conditions; and writes one
// journal entry (or one batch) in one transaction.

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** Today's date in China (the bureau's calendar), as YYYY-MM-DD. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function installCounty(db: Db): string {
  const role = installRole(db);
  if (role?.role !== 'county') throw new DomainError('FORBIDDEN', '请先在首页选择本机所属县区，奖补申报只在县区版中办理');
  return role.county;
}

function mustClaim(db: Db, id: string): ClaimRow {
  const row = claimRow(db, id);
  if (!row) throw new DomainError('NOT_FOUND', '找不到该申报');
  return row;
}

/** Role, then state: the messages say who may do it and what the claim's state allows. */
function allow(principal: Principal, action: ClaimAction, claim: ClaimRow | null): void {
  const t = TRANSITIONS[action];
  if (!t.roles.some((r) => principal.roles.includes(r))) {
    throw new DomainError('FORBIDDEN', `「${t.label}」需要${rolesLabel(t.roles)}角色，当前用户「${principal.displayName}」没有该角色`);
  }
  if (claim && !t.from.includes(claim.state)) {
    throw new DomainError('STATE', `申报 ${claim.no} 当前状态为「${CLAIM_STATE_LABELS[claim.state]}」，不能${t.label}（只有${t.from.map((s) => `「${CLAIM_STATE_LABELS[s]}」`).join('、')}的申报可以）`);
  }
}

/** Four eyes: whoever entered or submitted a claim neither reviews nor approves it; its reviewer does not approve it. */
function fourEyes(principal: Principal, claim: ClaimRow, action: 'pass' | 'return' | 'approve'): void {
  const me = principal.username;
  if (claim.entered_by === me || claim.submitted_by === me) {
    throw new DomainError('FORBIDDEN', `四眼原则：申报 ${claim.no} 由您录入或提交，不能由您${action === 'approve' ? '审批' : '审核'}`);
  }
  if (action === 'approve' && claim.reviewed_by === me) {
    throw new DomainError('FORBIDDEN', `四眼原则：申报 ${claim.no} 由您审核，不能再由您审批`);
  }
}

// ── Facts ────────────────────────────────────────────────────────────────────────────────────

type Purchase = { id: string; amountFen: number; date: string; seller: string; voucherNo: string; claimId: string | null };

/** Purchase records of a buyer in a year, with the claim each already backs. */
export function purchasesFor(db: Db, uscc: string, year: number): Purchase[] {
  const rows = statement(
    db,
    `SELECT s.id, s.fields, cp.claim_id FROM subject s LEFT JOIN claim_purchase cp ON cp.purchase_id = s.id
     WHERE s.list = 'poverty-purchases' AND s.uscc = ? ORDER BY s.rowid`,
  ).all(uscc) as { id: string; fields: string; claim_id: string | null }[];
  return rows
    .map((r) => {
      const f = JSON.parse(r.fields) as SubjectFields;
      return { id: r.id, amountFen: Number(f.amount ?? 0), date: String(f.purchaseDate ?? ''), seller: String(f.seller ?? ''), voucherNo: String(f.voucherNo ?? ''), claimId: r.claim_id };
    })
    .filter((p) => p.date.startsWith(`${year}-`));
}

/** The facts the registry already holds for a rule, as the engine takes them. */
export function prefillFacts(db: Db, engine: Engine, rule: string, subjectId: string, year: number, purchases: readonly string[] = []): ClaimFacts {
  const subject = subjectById(db, subjectId);
  if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
  const r = engine.pack.rules.find((x) => x.id === rule);
  if (!r) throw new DomainError('VALIDATION', `政策包中没有规则「${rule}」`);
  const yearly = new Map(
    (statement(db, 'SELECT fact, value FROM subject_fact WHERE subject_id = ? AND year = ?').all(subjectId, year) as { fact: string; value: number }[]).map((f) => [f.fact, f.value]),
  );
  const facts: ClaimFacts = {};
  for (const id of ruleFacts(r)) {
    const def = engine.facts.get(id);
    const fieldValue = subject.parsed[id];
    if (id === 'designated' && subject.list === 'demo-divisions') facts[id] = true;
    else if (id === 'purchaseFromPoor' && purchases.length > 0) {
      const all = purchasesFor(db, String(subject.parsed.uscc ?? ''), year);
      facts[id] = fenToYuanString(all.filter((p) => purchases.includes(p.id)).reduce((s, p) => s + p.amountFen, 0));
    } else if (yearly.has(id)) facts[id] = fenToYuanString(yearly.get(id)!);
    else if (typeof fieldValue === 'boolean') facts[id] = fieldValue;
    else if (typeof fieldValue === 'string' && def?.type === 'text') facts[id] = fieldValue;
    else if (def?.type === 'boolean') facts[id] = false;
  }
  return facts;
}

function checkPurchases(db: Db, claimId: string | null, subject: { parsed: SubjectFields }, year: number, purchases: readonly string[]): void {
  if (purchases.length === 0) return;
  const available = new Map(purchasesFor(db, String(subject.parsed.uscc ?? ''), year).map((p) => [p.id, p]));
  for (const id of purchases) {
    const p = available.get(id);
    if (!p) throw new DomainError('VALIDATION', `收购记录：${id} 不是本主体 ${year} 年的收购记录`);
    if (p.claimId && p.claimId !== claimId) {
      const other = statement(db, 'SELECT no FROM claim WHERE id = ?').get(p.claimId) as { no: string };
      throw new DomainError('CONFLICT', `收购记录（凭证号 ${p.voucherNo}）已用于申报 ${other.no}，同一收购记录只能支持一次补助申报`);
    }
  }
}

/** The rule's facts only, each of the right kind; amounts must read as yuan. */
function cleanFacts(engine: Engine, rule: string, facts: ClaimFacts): ClaimFacts {
  const r = engine.pack.rules.find((x) => x.id === rule)!;
  const out: ClaimFacts = {};
  for (const id of ruleFacts(r)) {
    const def = engine.facts.get(id);
    const value = facts[id];
    if (value === undefined || value === '') continue;
    if (def?.type === 'boolean' && typeof value !== 'boolean') throw new DomainError('VALIDATION', `事实「${def.label}」应为是或否`);
    if ((def?.type === 'yuan' || def?.type === 'usd') && typeof value === 'string') {
      try {
        const fen = parseYuanToFen(value);
        if (fen < 0) throw new Error('负数');
        out[id] = fenToYuanString(fen);
        continue;
      } catch {
        throw new DomainError('VALIDATION', `事实「${def.label}」“${value}”不是有效金额`);
      }
    }
    out[id] = value;
  }
  return out;
}

function changedFacts(before: ClaimFacts, after: ClaimFacts): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
}

function nextNumber(db: Db, table: 'claim' | 'notice', year: number, prefix: string): string {
  const n = (statement(db, `SELECT count(*) AS n FROM ${table} WHERE no LIKE ?`).get(`${prefix}${year}-%`) as { n: number }).n;
  return `${prefix}${year}-${String(n + 1).padStart(4, '0')}`;
}

// ── Steps ────────────────────────────────────────────────────────────────────────────────────

export type CreateClaim = { rule: string; subjectId: string; year: number; facts?: ClaimFacts; purchases?: string[]; reason?: string };

export function createClaim(ledger: Ledger, principal: Principal, input: CreateClaim): string {
  const db = ledger.db;
  return db.transaction(() => {
    allow(principal, 'submit', null);
    installCounty(db);
    const subject = subjectById(db, input.subjectId);
    if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
    const lists = RULE_LISTS[input.rule];
    if (!lists) throw new DomainError('VALIDATION', `规则「${input.rule}」不在县级奖补申报范围内（示范县奖励与资金上浮由市级核定）`);
    const engine = engineFor(db);
    const rule = engine.pack.rules.find((r) => r.id === input.rule)!;
    if (!lists.includes(subject.list)) throw new DomainError('VALIDATION', `「${rule.title}」的申报主体应来自${lists.map((l) => `「${LISTS[l as keyof typeof LISTS].label}」`).join('或')}名单，所选主体属于「${LISTS[subject.list].label}」`);
    const type = subjectTypeOf(subject.list, subject.parsed);
    if (!(rule.subjectTypes as readonly string[]).includes(type)) throw new DomainError('VALIDATION', `「${rule.title}」不适用于该主体（${subject.parsed.level ?? type}）`);
    const duplicate = sameAward(db, rule.frequency, input.subjectId, input.rule, input.year, null);
    if (duplicate) throw new DomainError('CONFLICT', `该主体已有${rule.frequency === 'one-off' ? '' : ` ${input.year} 年`}「${rule.title}」申报 ${duplicate.no}（${CLAIM_STATE_LABELS[duplicate.state]}），${rule.frequency === 'one-off' ? '一次性奖励不得重复申报' : '同一年度不得重复申报'}`);
    const purchases = [...new Set(input.purchases ?? [])];
    checkPurchases(db, null, subject, input.year, purchases);
    const prefilled = prefillFacts(db, engine, input.rule, input.subjectId, input.year, purchases);
    const facts = { ...prefilled, ...cleanFacts(engine, input.rule, input.facts ?? {}) };
    const changed = changedFacts(prefilled, facts);
    const reason = input.reason?.trim() || null;
    if (changed.length && !reason) throw new DomainError('VALIDATION', `修改原因：改动了名单中的数据（${changed.map((k) => engine.facts.get(k)?.label ?? k).join('、')}），请填写修改原因`);
    const id = newId('C');
    const course = typeof subject.parsed.course === 'string' ? subject.parsed.course : null;
    ledger.append(principal.username, {
      kind: claimCreated.kind,
      entity: `claim:${id}`,
      payload: { id, no: nextNumber(db, 'claim', input.year, 'SB'), subjectId: input.subjectId, rule: input.rule, year: input.year, course, facts, purchases, reason: changed.length ? reason : null },
    });
    return id;
  })();
}

/** Another live claim that the rule's frequency forbids beside this one. */
function sameAward(db: Db, frequency: string, subjectId: string, rule: string, year: number, exceptId: string | null) {
  const rows = statement(db, "SELECT id, no, year, state FROM claim WHERE subject_id = ? AND rule = ? AND state <> 'voided'").all(subjectId, rule) as { id: string; no: string; year: number; state: ClaimRow['state'] }[];
  return rows.find((r) => r.id !== exceptId && (frequency === 'one-off' || r.year === year)) ?? null;
}

export function editClaim(ledger: Ledger, principal: Principal, input: { id: string; expectedRevision: number; facts: ClaimFacts; purchases?: string[]; reason: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(principal, 'edit', claim);
    if (claim.revision !== input.expectedRevision) throw new DomainError('CONFLICT', '该申报已被他人修改，请刷新后再改');
    if (!input.reason.trim()) throw new DomainError('VALIDATION', '修改原因：请填写');
    const engine = engineFor(db);
    const subject = subjectById(db, claim.subject_id)!;
    const purchases = input.purchases ? [...new Set(input.purchases)] : purchasesOf(db, claim.id);
    checkPurchases(db, claim.id, subject, claim.year, purchases);
    const before = JSON.parse(claim.facts) as ClaimFacts;
    const facts = { ...prefillFacts(db, engine, claim.rule, claim.subject_id, claim.year, purchases), ...cleanFacts(engine, claim.rule, input.facts) };
    if (claim.rule === 'poverty-purchase' && input.purchases) facts.purchaseFromPoor = prefillFacts(db, engine, claim.rule, claim.subject_id, claim.year, purchases).purchaseFromPoor ?? '0.00';
    ledger.append(principal.username, { kind: claimEdited.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, before, facts, purchases, reason: input.reason.trim() } });
  })();
}

/** The file is copied into the evidence store under its SHA-256; the journal pins it by that hash. */
export function addEvidence(ledger: Ledger, principal: Principal, dataDir: string, input: { id: string; fileName: string; bytes: Buffer }): string {
  const claim = mustClaim(ledger.db, input.id);
  allow(principal, 'edit', claim);
  const sha256 = storeEvidence(dataDir, input.fileName, input.bytes);
  ledger.append(principal.username, { kind: evidenceAdded.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, sha256, fileName: input.fileName, size: input.bytes.length } });
  return sha256;
}

/** An evidence file, read back only if it still has the hash the journal pinned. */
export function readEvidence(db: Db, dataDir: string, claimId: string, sha256: string): { fileName: string; bytes: Buffer } {
  const row = statement(db, 'SELECT file_name FROM claim_evidence WHERE claim_id = ? AND sha256 = ?').get(claimId, sha256) as { file_name: string } | undefined;
  if (!row) throw new DomainError('NOT_FOUND', '该申报没有这个证据文件');
  return { fileName: row.file_name, bytes: readStoredEvidence(dataDir, sha256, row.file_name) };
}

type Decision = { amountFen: number; trace: TraceStep[]; packDigest: string };

/** The engine's decision for a claim now: refused with the failing step when not eligible. */
function decide(db: Db, engine: Engine, claim: ClaimRow): Decision {
  const county = installCounty(db);
  const previousAwards = (
    db.prepare(`SELECT rule, year, course FROM claim WHERE subject_id = ? AND rule = ? AND id <> ? AND state IN (${LIVE_AWARD_STATES.map(() => '?').join(', ')})`).all(claim.subject_id, claim.rule, claim.id, ...LIVE_AWARD_STATES) as {
      rule: string;
      year: number;
      course: string | null;
    }[]
  ).map((a) => (a.course ? { rule: a.rule, year: a.year, course: a.course } : { rule: a.rule, year: a.year }));
  const subject = subjectById(db, claim.subject_id)!;
  const outcome = engine.evaluate({
    id: claim.no,
    rule: claim.rule,
    year: claim.year,
    subject: { type: subjectTypeOf(subject.list, subject.parsed), county },
    facts: JSON.parse(claim.facts) as ClaimFacts,
    previousAwards,
  });
  if ('error' in outcome) throw new DomainError('VALIDATION', `规则引擎无法判定申报 ${claim.no}：${outcome.error.message}`);
  if (!outcome.eligible) {
    const failed = outcome.trace.filter((s) => s.passed === false).map((s) => s.text);
    throw new DomainError('VALIDATION', `申报 ${claim.no} 不符合「${claim.rule}」的条件：${failed.join('；')}`, { trace: outcome.trace });
  }
  if (outcome.amountFen === null) throw new DomainError('VALIDATION', `本县尚未设置该项奖励的分档标准，无法确定金额，请先在“政策与规则”中设置`, { trace: outcome.trace });
  if (outcome.amountFen === 0) throw new DomainError('VALIDATION', `申报 ${claim.no} 按规则计算金额为 0 元，无需申报`, { trace: outcome.trace });
  return { amountFen: outcome.amountFen, trace: outcome.trace, packDigest: activePolicyPack(db)!.digest };
}

export function currentFlags(db: Db, engine: Engine, claim: ClaimRow, amountFen: number | null): string[] {
  const fields = JSON.parse(claim.subject_fields) as SubjectFields;
  return claimFlags(db, engine, {
    claimId: claim.id,
    subjectId: claim.subject_id,
    rule: claim.rule,
    year: claim.year,
    facts: JSON.parse(claim.facts) as ClaimFacts,
    amountFen,
    payee: payeeOf(db, claim.list, fields),
    fields,
  });
}

export function submitClaim(ledger: Ledger, principal: Principal, id: string): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, id);
    allow(principal, 'submit', claim);
    const engine = engineFor(db);
    const decision = decide(db, engine, claim);
    const flags = currentFlags(db, engine, claim, decision.amountFen);
    ledger.append(principal.username, { kind: claimSubmitted.kind, entity: `claim:${id}`, payload: { id, ...decision, flags } });
  })();
}

export function passClaim(ledger: Ledger, principal: Principal, input: { id: string; acknowledgement?: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(principal, 'pass', claim);
    fourEyes(principal, claim, 'pass');
    const flags = currentFlags(db, engineFor(db), claim, claim.amount_fen);
    const acknowledgement = input.acknowledgement?.trim() || null;
    if (flags.length > 0 && !acknowledgement) {
      throw new DomainError('VALIDATION', `核查说明：申报 ${claim.no} 有 ${flags.length} 个疑点（${flags.join('；')}），请写明核查情况后再通过`, { flags });
    }
    ledger.append(principal.username, { kind: claimPassed.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, flags, acknowledgement } });
  })();
}

export function returnClaim(ledger: Ledger, principal: Principal, input: { id: string; reason: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(principal, 'return', claim);
    fourEyes(principal, claim, 'return');
    if (!input.reason.trim()) throw new DomainError('VALIDATION', '退回原因：请填写');
    ledger.append(principal.username, { kind: claimReturned.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, reason: input.reason.trim() } });
  })();
}

export function voidClaim(ledger: Ledger, principal: Principal, input: { id: string; reason: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(principal, 'void', claim);
    if (!input.reason.trim()) throw new DomainError('VALIDATION', '作废原因：请填写');
    ledger.append(principal.username, { kind: claimVoided.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, from: claim.state, reason: input.reason.trim() } });
  })();
}

// ── 公示 ─────────────────────────────────────────────────────────────────────────────────────

export function createNotice(
  ledger: Ledger,
  principal: Principal,
  input: { claimIds: string[]; startsOn: string; endsOn: string; contact: string; title?: string },
): string {
  const db = ledger.db;
  return db.transaction(() => {
    if (input.claimIds.length === 0) throw new DomainError('VALIDATION', '公示名单：至少选择一条审核通过的申报');
    if (!isIsoDate(input.startsOn) || !isIsoDate(input.endsOn)) throw new DomainError('VALIDATION', '公示期：日期无效');
    if (input.endsOn < input.startsOn) throw new DomainError('VALIDATION', `公示期：结束日期 ${formatChineseDate(input.endsOn)} 早于开始日期 ${formatChineseDate(input.startsOn)}`);
    if (!input.contact.trim()) throw new DomainError('VALIDATION', '异议受理联系方式：请填写');
    const claims = input.claimIds.map((id) => mustClaim(db, id));
    for (const c of claims) allow(principal, 'notice', c);
    const county = installCounty(db);
    const countyName = (statement(db, 'SELECT name FROM county WHERE code = ?').get(county) as { name: string } | undefined)?.name ?? county;
    const year = Math.max(...claims.map((c) => c.year));
    const id = newId('N');
    const no = nextNumber(db, 'notice', year, 'GS');
    const batch = Number(no.slice(-4));
    const title = input.title?.trim() || `${countyName}${year}年度农村电商奖补资金公示名单（第${batch}批）`;
    ledger.appendMany(principal.username, [
      { kind: noticeCreated.kind, entity: `notice:${id}`, payload: { id, no, title, startsOn: input.startsOn, endsOn: input.endsOn, contact: input.contact.trim() } },
      ...claims.map((c) => ({ kind: claimNoticed.kind, entity: `claim:${c.id}`, payload: { id: c.id, noticeId: id } })),
    ]);
    return id;
  })();
}

/** A notice ends once its period is over; its claims (not voided meanwhile) move to 公示结束. */
export function endNotice(ledger: Ledger, principal: Principal, id: string, today: string): void {
  const db = ledger.db;
  db.transaction(() => {
    const notice = noticeRow(db, id);
    if (!notice) throw new DomainError('NOT_FOUND', '找不到该公示');
    if (notice.state !== 'open') throw new DomainError('STATE', `公示 ${notice.no} 已结束`);
    if (today <= notice.ends_on) throw new DomainError('STATE', `公示期至 ${formatChineseDate(notice.ends_on)} 止，尚未届满，不能结束公示`);
    const claims = claimRows(db, { noticeId: id }).filter((c) => c.state === 'noticing');
    for (const c of claims) allow(principal, 'endNotice', c);
    if (claims.length === 0) allow(principal, 'endNotice', null);
    ledger.append(principal.username, { kind: noticeEnded.kind, entity: `notice:${id}`, payload: { id, claims: claims.map((c) => c.id) } });
  })();
}

export function recordObjection(ledger: Ledger, principal: Principal, input: { claimId: string; receivedOn: string; text: string }): string {
  const db = ledger.db;
  return db.transaction(() => {
    if (!principal.roles.some((r) => r === 'clerk' || r === 'reviewer' || r === 'director')) throw new DomainError('FORBIDDEN', '登记异议需要录入员、审核员或审批人角色');
    const claim = mustClaim(db, input.claimId);
    if (claim.state !== 'noticing' && claim.state !== 'noticed') throw new DomainError('STATE', `申报 ${claim.no} 当前状态为「${CLAIM_STATE_LABELS[claim.state]}」，只有公示中或公示结束的申报可以登记异议`);
    if (!input.text.trim()) throw new DomainError('VALIDATION', '异议内容：请填写');
    const id = newId('O');
    ledger.append(principal.username, { kind: objectionRecorded.kind, entity: `claim:${claim.id}`, payload: { id, claimId: claim.id, receivedOn: input.receivedOn, text: input.text.trim() } });
    return id;
  })();
}

export function resolveObjection(ledger: Ledger, principal: Principal, input: { id: string; resolution: string; upheld: boolean }): void {
  const db = ledger.db;
  db.transaction(() => {
    if (!principal.roles.some((r) => r === 'reviewer' || r === 'director')) throw new DomainError('FORBIDDEN', '处理异议需要审核员或审批人角色');
    const row = statement(db, 'SELECT claim_id, resolution FROM objection WHERE id = ?').get(input.id) as { claim_id: string; resolution: string | null } | undefined;
    if (!row) throw new DomainError('NOT_FOUND', '找不到该异议');
    if (row.resolution !== null) throw new DomainError('STATE', '该异议已处理');
    if (!input.resolution.trim()) throw new DomainError('VALIDATION', '处理结果：请填写');
    ledger.append(principal.username, { kind: objectionResolved.kind, entity: `claim:${row.claim_id}`, payload: { id: input.id, claimId: row.claim_id, resolution: input.resolution.trim(), upheld: input.upheld } });
  })();
}

// ── Approval, budget, payment ────────────────────────────────────────────────────────────────

export function committedFen(db: Db, year: number, exceptId?: string): number {
  const marks = COMMITTED_STATES.map(() => '?').join(', ');
  return (db.prepare(`SELECT coalesce(sum(amount_fen), 0) AS n FROM claim WHERE year = ? AND id <> ? AND state IN (${marks})`).get(year, exceptId ?? '', ...COMMITTED_STATES) as { n: number }).n;
}

export function approveClaim(ledger: Ledger, principal: Principal, id: string): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, id);
    allow(principal, 'approve', claim);
    fourEyes(principal, claim, 'approve');
    const objections = objectionsOf(db, id);
    const open = objections.filter((o) => o.resolution === null);
    if (open.length) throw new DomainError('STATE', `申报 ${claim.no} 有 ${open.length} 条异议尚未处理，处理后才能审批`);
    if (objections.some((o) => o.upheld)) throw new DomainError('STATE', `申报 ${claim.no} 的异议经核实成立，不能审批，请作废`);
    const decision = decide(db, engineFor(db), claim);
    if (decision.amountFen !== claim.amount_fen) {
      throw new DomainError('CONFLICT', `政策包或事实在公示后发生变化：金额由 ${formatYuan(claim.amount_fen ?? 0)} 变为 ${formatYuan(decision.amountFen)}。已公示的金额不能直接审批，请作废后重新申报`);
    }
    const budget = statement(db, 'SELECT base_fen + uplift_fen AS total FROM budget WHERE year = ?').get(claim.year) as { total: number } | undefined;
    if (!budget) throw new DomainError('STATE', `尚未登记 ${claim.year} 年度奖补资金预算，不能审批`);
    const remaining = budget.total - committedFen(db, claim.year, claim.id);
    if (decision.amountFen > remaining) {
      throw new DomainError('STATE', `预算不足：申报 ${claim.no} 金额 ${formatYuan(decision.amountFen)}，${claim.year} 年度预算剩余 ${formatYuan(remaining)}，缺口 ${formatYuan(decision.amountFen - remaining)}`);
    }
    ledger.append(principal.username, { kind: claimApproved.kind, entity: `claim:${id}`, payload: { id, ...decision } });
  })();
}

export function setBudget(ledger: Ledger, principal: Principal, input: { year: number; docNo: string; base: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    if (!principal.roles.some((r) => r === 'director' || r === 'admin')) throw new DomainError('FORBIDDEN', '登记预算需要审批人或管理员角色');
    if (!input.docNo.trim()) throw new DomainError('VALIDATION', '下达文号：请填写');
    let baseFen: number;
    try {
      baseFen = parseYuanToFen(input.base);
    } catch (error) {
      throw new DomainError('VALIDATION', `基础分配额：${(error as Error).message}`);
    }
    if (baseFen < 0) throw new DomainError('VALIDATION', '基础分配额：不能为负数');
    const county = installCounty(db);
    const outcome = engineFor(db).evaluate({ id: `budget-${input.year}`, rule: 'fund-uplift', year: input.year, subject: { type: 'county', county }, facts: { baseAllocation: fenToYuanString(baseFen) } });
    if ('error' in outcome) throw new DomainError('VALIDATION', `资金上浮无法计算：${outcome.error.message}`);
    const upliftFen = outcome.eligible ? (outcome.amountFen ?? 0) : 0;
    const committed = committedFen(db, input.year);
    if (baseFen + upliftFen < committed) throw new DomainError('STATE', `预算总额 ${formatYuan(baseFen + upliftFen)} 少于已审批金额 ${formatYuan(committed)}`);
    ledger.append(principal.username, { kind: budgetSet.kind, entity: `budget:${input.year}`, payload: { year: input.year, docNo: input.docNo.trim(), baseFen, upliftFen, upliftTrace: outcome.trace } });
  })();
}

export type PaymentInput = { claimNo: string; voucherNo: string; paidOn: string; amount: string };

/** A payment must match an approved claim and its approved amount exactly; otherwise it is refused. */
export function paymentProblem(db: Db, p: PaymentInput, today: string): { claim: ClaimRow; paidFen: number } | { code: 'STATE' | 'VALIDATION'; message: string } {
  const problem = (message: string) => ({ code: 'VALIDATION' as const, message });
  const row = statement(db, 'SELECT id FROM claim WHERE no = ?').get(p.claimNo.trim()) as { id: string } | undefined;
  if (!row) return problem(`申报编号“${p.claimNo}”不存在`);
  const claim = claimRow(db, row.id)!;
  if (claim.state !== 'approved') return { code: 'STATE', message: `申报 ${claim.no} 当前状态为「${CLAIM_STATE_LABELS[claim.state]}」，只有已审批的申报可以登记拨付` };
  if (!p.voucherNo.trim()) return problem('凭证号：请填写');
  if (!isIsoDate(p.paidOn)) return problem(`支付日期“${p.paidOn}”不是有效日期`);
  if (p.paidOn > today) return problem(`支付日期 ${formatChineseDate(p.paidOn)} 晚于今天`);
  let paidFen: number;
  try {
    paidFen = parseYuanToFen(p.amount);
  } catch (error) {
    return problem(`实付金额：${(error as Error).message}`);
  }
  if (paidFen !== claim.amount_fen) return problem(`实付金额 ${formatYuan(paidFen)}与申报 ${claim.no} 的审批金额 ${formatYuan(claim.amount_fen ?? 0)}不符`);
  return { claim, paidFen };
}

export function recordPayments(ledger: Ledger, principal: Principal, payments: readonly PaymentInput[], source: string, today: string): number {
  const db = ledger.db;
  return db.transaction(() => {
    if (!principal.roles.some((r) => r === 'director' || r === 'admin')) throw new DomainError('FORBIDDEN', '登记拨付需要审批人或管理员角色');
    const seen = new Set<string>();
    const entries = payments.map((p, i) => {
      const checked = paymentProblem(db, p, today);
      const where = payments.length > 1 ? `第 ${i + 2} 行：` : '';
      if ('code' in checked) throw new DomainError(checked.code, `${where}${checked.message}`);
      if (seen.has(checked.claim.id)) throw new DomainError('VALIDATION', `${where}申报 ${checked.claim.no} 重复出现`);
      seen.add(checked.claim.id);
      return { kind: claimPaid.kind, entity: `claim:${checked.claim.id}`, payload: { id: checked.claim.id, voucherNo: p.voucherNo.trim(), paidOn: p.paidOn, paidFen: checked.paidFen, source } };
    });
    if (entries.length === 0) throw new DomainError('VALIDATION', '没有可登记的拨付记录');
    ledger.appendMany(principal.username, entries);
    return entries.length;
  })();
}
