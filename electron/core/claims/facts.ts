import type { ClaimFacts } from '../../../shared/domain/claims';
import { ruleFacts } from '../../../shared/domain/policy-text';
import type { SubjectFields } from '../../../shared/domain/registry';
import { fenToYuanString, parseYuanToFen } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import { subjectById, subjectFactsOf, subjectsByUscc } from '../registry/repository';
import type { Engine } from '../rules/engine';
import { claimNo, claimsOfPurchases } from './repository';

// The facts a claim is decided on: what the registry already holds (prefilled), what the clerk
// typed over it (cleaned to the rule's own facts, amounts as yuan), and for a poverty-purchase
// claim the purchase records it rests on.

export type Purchase = { id: string; amountFen: number; date: string; seller: string; voucherNo: string; claimId: string | null };

const text = (v: SubjectFields[string] | undefined) => (v === null || v === undefined ? '' : String(v));

/** Purchase records of a buyer in a year, with the claim each already backs. */
export function purchasesFor(db: Db, uscc: string, year: number): Purchase[] {
  const records = subjectsByUscc(db, 'poverty-purchases', uscc);
  const backing = claimsOfPurchases(
    db,
    records.map((r) => r.id),
  );
  return records
    .map((r) => ({
      id: r.id,
      amountFen: Number(r.fields.amount ?? 0),
      date: text(r.fields.purchaseDate),
      seller: text(r.fields.seller),
      voucherNo: text(r.fields.voucherNo),
      claimId: backing.get(r.id) ?? null,
    }))
    .filter((p) => p.date.startsWith(`${year}-`));
}

/** The facts the registry already holds for a rule, as the engine takes them. */
export function prefillFacts(db: Db, engine: Engine, rule: string, subjectId: string, year: number, purchases: readonly string[] = []): ClaimFacts {
  const subject = subjectById(db, subjectId);
  if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
  const r = engine.pack.rules.find((x) => x.id === rule);
  if (!r) throw new DomainError('VALIDATION', `政策包中没有规则「${rule}」`);
  const yearly = subjectFactsOf(db, subjectId, year);
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

/** Each purchase record must be the buyer's own, of the claim's year, and back no other claim. */
export function checkPurchases(db: Db, claimId: string | null, subject: { parsed: SubjectFields }, year: number, purchases: readonly string[]): void {
  if (purchases.length === 0) return;
  const available = new Map(purchasesFor(db, String(subject.parsed.uscc ?? ''), year).map((p) => [p.id, p]));
  for (const id of purchases) {
    const p = available.get(id);
    if (!p) throw new DomainError('VALIDATION', `收购记录：${id} 不是本主体 ${year} 年的收购记录`);
    if (p.claimId && p.claimId !== claimId) {
      throw new DomainError('CONFLICT', `收购记录（凭证号 ${p.voucherNo}）已用于申报 ${claimNo(db, p.claimId) ?? p.claimId}，同一收购记录只能支持一次补助申报`);
    }
  }
}

/** The rule's facts only, each of the right kind; amounts must read as yuan. */
export function cleanFacts(engine: Engine, rule: string, facts: ClaimFacts): ClaimFacts {
  const r = engine.pack.rules.find((x) => x.id === rule)!;
  const out: ClaimFacts = {};
  for (const id of ruleFacts(r)) {
    const def = engine.facts.get(id);
    const value = facts[id];
    if (value === undefined || value === '') continue;
    if (def?.type === 'boolean' && typeof value !== 'boolean') throw new DomainError('VALIDATION', `${def.label}：请选择“是”或“否”`);
    if ((def?.type === 'yuan' || def?.type === 'usd') && typeof value === 'string') {
      let fen: number | null;
      try {
        fen = parseYuanToFen(value);
      } catch {
        fen = null;
      }
      if (fen === null || fen < 0) throw new DomainError('VALIDATION', `${def.label}：“${value}”不是有效金额，请写元，如 300000、30万 或 12,000元`);
      out[id] = fenToYuanString(fen);
      continue;
    }
    out[id] = value;
  }
  return out;
}

export function changedFacts(before: ClaimFacts, after: ClaimFacts): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
}
