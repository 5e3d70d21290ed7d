import type { Principal } from '../../../shared/domain/accounts';
import type { ClaimFacts } from '../../../shared/domain/claims';
import { fenToYuanString } from '../../../shared/money';
import { currentFlags, Peers } from '../claims/decision';
import { purchasesFor } from '../claims/facts';
import { createNotice, endNotice, recordObjection, resolveObjection } from '../claims/notices';
import { recordPayments } from '../claims/payments';
import { claimRow } from '../claims/repository';
import { approveClaims, type CreateClaim, createClaims, editClaim, type PassClaim, passClaims, returnClaim, submitClaim, submitClaims, voidClaim } from '../claims/service';
import type { Core } from '../core';
import { engineFor } from '../policy/service';
import { DEMO_YEAR, type PlannedClaim, reaches } from './plan';
import type { Random } from './random';

// The demo's claims go from application to payment through the claim services, each step by the
// person whose role it is. The services take a list: "one at a time" hands them one claim per
// call, "batched" hands them a batch per call inside one write, and both decide every claim the
// same way (the services keep a batch's running figures: numbers, peers, budget).

export type Actors = { admin: Principal; clerk: Principal; reviewer: Principal; director: Principal };
export type ClaimRun = { today: string; noticeSize: number; batch: number; payFrom: number; oneAtATime: boolean };

const RETURN_REASONS = ['缺少销售流水截图，请补充', '银行账号与开户名不一致，请核实', '培训签到表不全，请补充', '佐证材料不清晰，请重新扫描'];
const VOID_REASONS = ['录入错误，重新申报', '申报主体主动撤回', '重复录入', '经核查不符合申报条件'];
const OBJECTIONS = ['群众反映该网点长期未营业', '反映销售额存在刷单嫌疑', '反映培训学员未实际参训', '反映收购凭证与实际不符'];
const ACKNOWLEDGEMENT = '已调取平台后台销售流水和银行回单逐笔核对，情况属实';
const CONTACT = '县商务局电子商务办公室，电话 0554-4023188';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What the clerk fills in for a planned claim on top of what the registry holds. */
function application(core: Core, c: PlannedClaim, subjectId: string): CreateClaim {
  const input: CreateClaim = { rule: c.rule, subjectId, year: DEMO_YEAR };
  if (c.rule === 'purchase-cooperation') Object.assign(input, { facts: { stableCooperation: true }, reason: '已签订年度购销协作协议，协议复印件附后' });
  if (c.rule === 'poverty-purchase' && c.subject.hasPurchases) {
    input.purchases = purchasesFor(core.db, c.subject.cells.统一社会信用代码!, DEMO_YEAR)
      .filter((p) => p.claimId === null)
      .map((p) => p.id);
  }
  return input;
}

/** The reviewer writes down what was checked wherever the fraud checks flag a claim, as passing requires. */
function review(core: Core, claims: readonly PlannedClaim[]): PassClaim[] {
  const engine = engineFor(core.db);
  // the amounts of the part's peers are read once: reviewing changes no amount
  const peers = new Peers(core.db);
  return claims.map((c) => {
    const claim = claimRow(core.db, c.id!)!;
    return currentFlags(core.db, engine, claim, claim.amount_fen, peers).length > 0 ? { id: c.id!, acknowledgement: ACKNOWLEDGEMENT } : { id: c.id! };
  });
}

/** The phases every claim goes through, in order. */
export function runClaims(core: Core, who: Actors, ids: ReadonlyMap<string, string>, claims: PlannedClaim[], r: Random, opts: ClaimRun): void {
  const { ledger, db } = core;
  const phase = (filter: (c: PlannedClaim) => boolean, run: (part: PlannedClaim[]) => void) => {
    for (const part of chunks(claims.filter(filter), opts.batch)) db.transaction(() => run(part))();
  };
  /** A service that takes a list, given the part all at once or one claim per call. */
  const step = <T>(part: readonly T[], service: (items: readonly T[]) => void) => {
    if (!opts.oneAtATime) return service(part);
    for (const item of part) service([item]);
  };
  phase(
    () => true,
    (part) => {
      const inputs = part.map((c) => application(core, c, ids.get(`${c.subject.list}|${c.subject.key}`)!));
      const made: string[] = [];
      step(inputs, (items) => made.push(...createClaims(ledger, who.clerk, items)));
      part.forEach((c, i) => (c.id = made[i]));
    },
  );
  phase(
    (c) => reaches(c, 'submitted'),
    (part) => step(part.map((c) => c.id!), (items) => submitClaims(ledger, who.clerk, items)),
  );
  phase(
    (c) => reaches(c, 'returned'),
    (part) => {
      for (const c of part) returnClaim(ledger, who.reviewer, { id: c.id!, reason: r.pick(RETURN_REASONS) });
    },
  );
  phase(
    (c) => c.detour,
    (part) => {
      for (const c of part) {
        const facts: ClaimFacts = c.rule === 'purchase-cooperation' ? { stableCooperation: true } : {};
        editClaim(ledger, who.clerk, { id: c.id!, expectedRevision: claimRow(db, c.id!)!.revision, facts, reason: '已按审核意见补充材料' });
        submitClaim(ledger, who.clerk, c.id!);
      }
    },
  );
  phase(
    (c) => reaches(c, 'reviewed'),
    (part) => step(review(core, part), (items) => passClaims(ledger, who.reviewer, items)),
  );
  // 公示: the claims that stay 公示中 are on a notice still open today; the others on ended ones
  const stays = (c: PlannedClaim) => (c.voidFrom ?? c.target) === 'noticing';
  for (const [filter, startsOn, endsOn, end] of [
    [(c: PlannedClaim) => reaches(c, 'noticed'), '2019-12-02', '2019-12-08', true],
    [(c: PlannedClaim) => reaches(c, 'noticing') && stays(c), '2020-04-03', '2020-04-12', false],
  ] as const) {
    // one 公示 per noticeSize claims, whatever the transaction batches
    for (const notice of chunks(claims.filter(filter), opts.noticeSize)) {
      db.transaction(() => {
        const id = createNotice(ledger, who.reviewer, { claimIds: notice.map((c) => c.id!), startsOn, endsOn, contact: CONTACT });
        if (end) endNotice(ledger, who.reviewer, id, opts.today);
      })();
    }
  }
  phase(
    (c) => c.objection !== null,
    (part) => {
      for (const c of part) {
        const id = recordObjection(ledger, who.clerk, { claimId: c.id!, receivedOn: '2019-12-05', text: r.pick(OBJECTIONS) });
        if (c.objection === 'resolved') resolveObjection(ledger, who.reviewer, { id, resolution: '经实地核查，反映情况不属实', upheld: false });
        if (c.objection === 'upheld') resolveObjection(ledger, who.reviewer, { id, resolution: '经核查，反映情况属实', upheld: true });
      }
    },
  );
  phase(
    (c) => reaches(c, 'approved'),
    (part) => step(part.map((c) => c.id!), (items) => approveClaims(ledger, who.director, items)),
  );
  let voucher = opts.payFrom;
  phase(
    (c) => c.target === 'paid',
    (part) => {
      const payments = part.map((c) => {
        const row = claimRow(db, c.id!)!;
        voucher++;
        return { claimNo: row.no, voucherNo: `GK${DEMO_YEAR}${String(voucher).padStart(7, '0')}`, paidOn: `${DEMO_YEAR}-12-${String(16 + (voucher % 15)).padStart(2, '0')}`, amount: fenToYuanString(row.amount_fen!) };
      });
      recordPayments(ledger, who.director, payments, '国库集中支付拨付清单', opts.today);
    },
  );
  phase(
    (c) => c.target === 'voided',
    (part) => {
      for (const c of part) {
        const from = c.voidFrom!;
        const actor = from === 'draft' || from === 'returned' ? who.clerk : from === 'noticed' || from === 'approved' ? who.director : who.reviewer;
        voidClaim(ledger, actor, { id: c.id!, reason: c.objection === 'upheld' ? '公示期异议经核实成立' : r.pick(VOID_REASONS) });
      }
    },
  );
}
