import { chinaToday } from '../../../shared/dates';
import type { Principal } from '../../../shared/domain/accounts';
import { CLAIM_STATE_LABELS, type ClaimFacts, FUND_LABELS, RULE_LISTS } from '../../../shared/domain/claims';
import { LISTS } from '../../../shared/domain/registry';
import { formatYuan } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import { readStoredEvidence, storeEvidence } from '../evidence';
import type { Ledger } from '../ledger/ledger';
import { activePolicyPack } from '../policy/repository';
import { engineFor } from '../policy/service';
import { subjectById } from '../registry/repository';
import { allow, fourEyes, installCounty, mustClaim, newId, numberer } from './access';
import { budgetOf } from './budget-repository';
import { currentFlags, decide, Peers } from './decision';
import { claimApproved, claimCreated, claimEdited, claimPassed, claimReturned, claimSubmitted, claimVoided, evidenceAdded } from './events';
import { changedFacts, checkPurchases, cleanFacts, prefillFacts } from './facts';
import { fundOf, rulesOfFund } from './funds';
import { objectionsOf } from './notice-repository';
import { subjectTypeOf } from './payees';
import { committedFen, evidenceFileName, factsOf, openClaimsOf, purchasesOf } from './repository';

// The path from application to approval. Every step checks, in this order: the person's role for
// the step, the claim's state, the four-eyes rule, then the step's own conditions; and writes its
// journal entries in one transaction. The steps that a county takes for many claims at once
// (create, submit, pass, approve) take a list: the claims are decided one after another inside
// one write, each seeing what the ones before it changed, exactly as if they came one by one.

export type CreateClaim = { rule: string; subjectId: string; year: number; facts?: ClaimFacts; purchases?: string[]; reason?: string };

export function createClaim(ledger: Ledger, by: Principal, input: CreateClaim): string {
  return createClaims(ledger, by, [input])[0]!;
}

export function createClaims(ledger: Ledger, by: Principal, inputs: readonly CreateClaim[]): string[] {
  const db = ledger.db;
  return db.transaction(() => {
    allow(by, 'submit', null);
    installCounty(db);
    const engine = engineFor(db);
    const nextNo = numberer(db, 'claim', 'SB');
    return inputs.map((input) => {
      const subject = subjectById(db, input.subjectId);
      if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
      const lists = RULE_LISTS[input.rule];
      if (!lists) throw new DomainError('VALIDATION', `规则「${input.rule}」不在县级奖补申报范围内（示范县奖励与资金上浮由市级核定）`);
      const rule = engine.pack.rules.find((r) => r.id === input.rule)!;
      if (!lists.includes(subject.list)) {
        throw new DomainError('VALIDATION', `「${rule.title}」的申报主体应来自${lists.map((l) => `「${LISTS[l as keyof typeof LISTS].label}」`).join('或')}名单，所选主体属于「${LISTS[subject.list].label}」`);
      }
      const type = subjectTypeOf(subject.list, subject.parsed);
      if (!(rule.subjectTypes as readonly string[]).includes(type)) throw new DomainError('VALIDATION', `「${rule.title}」不适用于该主体（${subject.parsed.level ?? type}）`);
      const duplicate = openClaimsOf(db, input.subjectId, input.rule).find((r) => rule.frequency === 'one-off' || r.year === input.year);
      if (duplicate) {
        const scope = rule.frequency === 'one-off' ? '' : ` ${input.year} 年`;
        const why = rule.frequency === 'one-off' ? '一次性奖励不得重复申报' : '同一年度不得重复申报';
        throw new DomainError('CONFLICT', `该主体已有${scope}「${rule.title}」申报 ${duplicate.no}（${CLAIM_STATE_LABELS[duplicate.state]}），${why}`);
      }
      const purchases = [...new Set(input.purchases ?? [])];
      checkPurchases(db, null, subject, input.year, purchases);
      const prefilled = prefillFacts(db, engine, input.rule, input.subjectId, input.year, purchases);
      const facts = { ...prefilled, ...cleanFacts(engine, input.rule, input.facts ?? {}) };
      const changed = changedFacts(prefilled, facts);
      const reason = input.reason?.trim() || null;
      if (changed.length && !reason) throw new DomainError('VALIDATION', `修改原因：改动了名单中的数据（${changed.map((k) => engine.facts.get(k)?.label ?? k).join('、')}），请填写修改原因`);
      const id = newId('C');
      const course = typeof subject.parsed.course === 'string' ? subject.parsed.course : null;
      ledger.append(by.username, {
        kind: claimCreated.kind,
        entity: `claim:${id}`,
        payload: { id, no: nextNo(input.year), subjectId: input.subjectId, rule: input.rule, year: input.year, course, facts, purchases, reason: changed.length ? reason : null },
      });
      return id;
    });
  })();
}

export function editClaim(ledger: Ledger, by: Principal, input: { id: string; expectedRevision: number; facts: ClaimFacts; purchases?: string[]; reason: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(by, 'edit', claim);
    if (claim.revision !== input.expectedRevision) throw new DomainError('CONFLICT', '该申报已被他人修改，请刷新后再改');
    if (!input.reason.trim()) throw new DomainError('VALIDATION', '修改原因：请填写');
    const engine = engineFor(db);
    const subject = subjectById(db, claim.subject_id)!;
    const purchases = input.purchases ? [...new Set(input.purchases)] : purchasesOf(db, claim.id);
    checkPurchases(db, claim.id, subject, claim.year, purchases);
    const before = factsOf(claim);
    const prefilled = prefillFacts(db, engine, claim.rule, claim.subject_id, claim.year, purchases);
    const facts = { ...prefilled, ...cleanFacts(engine, claim.rule, input.facts) };
    if (claim.rule === 'poverty-purchase' && input.purchases) facts.purchaseFromPoor = prefilled.purchaseFromPoor ?? '0.00';
    ledger.append(by.username, { kind: claimEdited.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, before, facts, purchases, reason: input.reason.trim() } });
  })();
}

/** The file is copied into the evidence store under its SHA-256; the journal pins it by that hash. */
export function addEvidence(ledger: Ledger, by: Principal, dataDir: string, input: { id: string; fileName: string; bytes: Buffer }): string {
  const claim = mustClaim(ledger.db, input.id);
  allow(by, 'edit', claim);
  const sha256 = storeEvidence(dataDir, input.fileName, input.bytes);
  ledger.append(by.username, { kind: evidenceAdded.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, sha256, fileName: input.fileName, size: input.bytes.length } });
  return sha256;
}

/** An evidence file, read back only if it still has the hash the journal pinned. */
export function readEvidence(db: Db, dataDir: string, claimId: string, sha256: string): { fileName: string; bytes: Buffer } {
  const fileName = evidenceFileName(db, claimId, sha256);
  if (fileName === null) throw new DomainError('NOT_FOUND', '该申报没有这个证据文件');
  return { fileName, bytes: readStoredEvidence(dataDir, sha256, fileName) };
}

export function submitClaim(ledger: Ledger, by: Principal, id: string): void {
  submitClaims(ledger, by, [id]);
}

/** The engine decides each claim, the fraud checks flag it; both are recorded with the submission. */
export function submitClaims(ledger: Ledger, by: Principal, ids: readonly string[]): void {
  const db = ledger.db;
  db.transaction(() => {
    const engine = engineFor(db);
    const county = installCounty(db);
    const packDigest = activePolicyPack(db)!.digest;
    const peers = new Peers(db);
    for (const id of distinct(ids)) {
      const claim = mustClaim(db, id);
      allow(by, 'submit', claim);
      const decision = decide(db, engine, claim, county, packDigest, chinaToday(ledger.now()));
      const flags = currentFlags(db, engine, claim, decision.amountFen, peers);
      ledger.append(by.username, { kind: claimSubmitted.kind, entity: `claim:${id}`, payload: { id, ...decision, flags } });
      peers.add(claim, decision.amountFen);
    }
  })();
}

export type PassClaim = { id: string; acknowledgement?: string };

export function passClaim(ledger: Ledger, by: Principal, input: PassClaim): void {
  passClaims(ledger, by, [input]);
}

/** A reviewer passes claims; any flag the checks raise now must be answered in writing. */
export function passClaims(ledger: Ledger, by: Principal, inputs: readonly PassClaim[]): void {
  const db = ledger.db;
  db.transaction(() => {
    const engine = engineFor(db);
    const peers = new Peers(db);
    for (const input of distinct(inputs)) {
      const claim = mustClaim(db, input.id);
      allow(by, 'pass', claim);
      fourEyes(by, claim, 'pass');
      const flags = currentFlags(db, engine, claim, claim.amount_fen, peers);
      const acknowledgement = input.acknowledgement?.trim() || null;
      if (flags.length > 0 && !acknowledgement) {
        throw new DomainError('VALIDATION', `核查说明：申报 ${claim.no} 有 ${flags.length} 个疑点（${flags.join('；')}），请写明核查情况后再通过`, { flags });
      }
      ledger.append(by.username, { kind: claimPassed.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, flags, acknowledgement } });
    }
  })();
}

export function returnClaim(ledger: Ledger, by: Principal, input: { id: string; reason: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(by, 'return', claim);
    fourEyes(by, claim, 'return');
    if (!input.reason.trim()) throw new DomainError('VALIDATION', '退回原因：请填写');
    ledger.append(by.username, { kind: claimReturned.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, reason: input.reason.trim() } });
  })();
}

export function voidClaim(ledger: Ledger, by: Principal, input: { id: string; reason: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    const claim = mustClaim(db, input.id);
    allow(by, 'void', claim);
    if (!input.reason.trim()) throw new DomainError('VALIDATION', '作废原因：请填写');
    ledger.append(by.username, { kind: claimVoided.kind, entity: `claim:${claim.id}`, payload: { id: claim.id, from: claim.state, reason: input.reason.trim() } });
  })();
}

export function approveClaim(ledger: Ledger, by: Principal, id: string): void {
  approveClaims(ledger, by, [id]);
}

/**
 * Approval re-decides each claim (the amount must be the one published), needs its objections
 * settled, and the year's budget to cover it; it freezes amount, trace and pack digest.
 */
export function approveClaims(ledger: Ledger, by: Principal, ids: readonly string[]): void {
  const db = ledger.db;
  db.transaction(() => {
    const engine = engineFor(db);
    const county = installCounty(db);
    const packDigest = activePolicyPack(db)!.digest;
    const committed = new Map<string, number>();
    for (const id of distinct(ids)) {
      const claim = mustClaim(db, id);
      allow(by, 'approve', claim);
      fourEyes(by, claim, 'approve');
      const objections = objectionsOf(db, id);
      const open = objections.filter((o) => o.resolution === null);
      if (open.length) throw new DomainError('STATE', `申报 ${claim.no} 有 ${open.length} 条异议尚未处理，处理后才能审批`);
      if (objections.some((o) => o.upheld)) throw new DomainError('STATE', `申报 ${claim.no} 的异议经核实成立，不能审批，请作废`);
      const decision = decide(db, engine, claim, county, packDigest, chinaToday(ledger.now()));
      if (decision.amountFen !== claim.amount_fen) {
        throw new DomainError('CONFLICT', `政策包或事实在公示后发生变化：金额由 ${formatYuan(claim.amount_fen ?? 0)} 变为 ${formatYuan(decision.amountFen)}。已公示的金额不能直接审批，请作废后重新申报`);
      }
      // the rule draws on the fund the county set for it, and that fund's budget for the year must cover it
      const fund = fundOf(engine.readings, claim.rule);
      const budget = budgetOf(db, claim.year, fund);
      if (!budget) throw new DomainError('STATE', `尚未登记 ${claim.year} 年度${FUND_LABELS[fund]}预算（「${engine.pack.rules.find((r) => r.id === claim.rule)?.title ?? claim.rule}」从该资金列支），不能审批`);
      const key = `${claim.year}:${fund}`;
      const spent = committed.get(key) ?? committedFen(db, claim.year, rulesOfFund(engine.readings, engine.pack.rules.map((r) => r.id), fund), claim.id);
      const remaining = budget.baseFen + budget.upliftFen - spent;
      if (decision.amountFen > remaining) {
        throw new DomainError('STATE', `预算不足：申报 ${claim.no} 金额 ${formatYuan(decision.amountFen)}，${claim.year} 年度${FUND_LABELS[fund]}预算剩余 ${formatYuan(remaining)}，缺口 ${formatYuan(decision.amountFen - remaining)}`);
      }
      committed.set(key, spent + decision.amountFen);
      ledger.append(by.username, { kind: claimApproved.kind, entity: `claim:${id}`, payload: { id, ...decision } });
    }
  })();
}

/** A claim may appear once in a batch: twice would be decided on the same state twice. */
function distinct<T extends string | { id: string }>(items: readonly T[]): readonly T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const id = typeof item === 'string' ? item : item.id;
    if (seen.has(id)) throw new DomainError('VALIDATION', '同一批次中同一条申报出现了两次');
    seen.add(id);
  }
  return items;
}
