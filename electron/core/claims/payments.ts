import type { Principal } from '../../../shared/domain/accounts';
import { CLAIM_STATE_LABELS, type Fund, FUND_LABELS } from '../../../shared/domain/claims';
import { formatChineseDate, isIsoDate } from '../../../shared/dates';
import { fenToYuanString, formatYuan, parseYuanToFen } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import type { Ledger } from '../ledger/ledger';
import { engineFor } from '../policy/service';
import { installCounty } from './access';
import { rulesOfFund } from './funds';
import { budgetSet, claimPaid } from './events';
import { type ClaimRow, claimIdByNo, claimRow, committedFen } from './repository';

// The money side: each year's budget as allotted (with the plan's 上浮 for poverty counties and
// flood-storage areas), and payments recorded against approved claims.

const mayHandleMoney = (by: Principal) => by.roles.some((r) => r === 'director' || r === 'admin');

export function setBudget(ledger: Ledger, by: Principal, input: { year: number; fund?: Fund; docNo: string; base: string }): void {
  const db = ledger.db;
  db.transaction(() => {
    if (!mayHandleMoney(by)) throw new DomainError('FORBIDDEN', '登记预算需要审批人或管理员角色');
    if (!input.docNo.trim()) throw new DomainError('VALIDATION', '下达文号：请填写');
    let baseFen: number;
    try {
      baseFen = parseYuanToFen(input.base);
    } catch (error) {
      throw new DomainError('VALIDATION', `基础分配额：${(error as Error).message}`);
    }
    if (baseFen < 0) throw new DomainError('VALIDATION', '基础分配额：不能为负数');
    const county = installCounty(db);
    const fund = input.fund ?? 'commerce';
    const engine = engineFor(db);
    // 二(九)'s 上浮 is on the city's special fund; other money comes as it is allotted
    const uplift =
      fund === 'commerce'
        ? engine.evaluate({ id: `budget-${input.year}`, rule: 'fund-uplift', year: input.year, subject: { type: 'county', county }, facts: { baseAllocation: fenToYuanString(baseFen) } })
        : null;
    if (uplift && 'error' in uplift) throw new DomainError('VALIDATION', `资金上浮无法计算：${uplift.error.message}`);
    const upliftFen = uplift?.eligible ? (uplift.amountFen ?? 0) : 0;
    const upliftTrace = uplift?.trace ?? [{ step: 'amount' as const, text: `${FUND_LABELS[fund]}不是市级电子商务发展专项资金，不适用二(九)的上浮`, passed: null }];
    const committed = committedFen(db, input.year, rulesOfFund(engine.readings, engine.pack.rules.map((r) => r.id), fund));
    if (baseFen + upliftFen < committed) throw new DomainError('STATE', `预算总额 ${formatYuan(baseFen + upliftFen)} 少于已审批金额 ${formatYuan(committed)}`);
    ledger.append(by.username, { kind: budgetSet.kind, entity: `budget:${input.year}:${fund}`, payload: { year: input.year, fund, docNo: input.docNo.trim(), baseFen, upliftFen, upliftTrace } });
  })();
}

export type PaymentInput = { claimNo: string; voucherNo: string; paidOn: string; amount: string };

/** A payment must match an approved claim and its approved amount exactly; otherwise it is refused. */
export function paymentProblem(db: Db, p: PaymentInput, today: string): { claim: ClaimRow; paidFen: number } | { code: 'STATE' | 'VALIDATION'; message: string } {
  const problem = (message: string) => ({ code: 'VALIDATION' as const, message });
  const id = claimIdByNo(db, p.claimNo.trim());
  const claim = id === null ? null : claimRow(db, id);
  if (!claim) return problem(`申报编号“${p.claimNo}”不存在`);
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

/** Records payments all or nothing; returns how many. Rows are numbered as in the bank's sheet (data from row 2). */
export function recordPayments(ledger: Ledger, by: Principal, payments: readonly PaymentInput[], source: string, today: string): number {
  const db = ledger.db;
  return db.transaction(() => {
    if (!mayHandleMoney(by)) throw new DomainError('FORBIDDEN', '登记拨付需要审批人或管理员角色');
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
    ledger.appendMany(by.username, entries);
    return entries.length;
  })();
}
