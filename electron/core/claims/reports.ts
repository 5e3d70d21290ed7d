import { namesOf } from '../accounts/repository';
import { z } from 'zod';
import type { BudgetView, Fund } from '../../../shared/domain/claims';
import { CLAIM_STATE_LABELS, type ClaimState, FUND_LABELS, FUNDS } from '../../../shared/domain/claims';
import type { SubsidySummary } from '../../../shared/domain/progress';
import { chinaMonth, chinaToday } from '../../../shared/dates';
import { journalKindLabel } from '../../../shared/domain/journal-labels';
import { TraceStep } from '../../../shared/domain/rules';
import { formatYuan } from '../../../shared/money';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { journalRowsOfEntity, journalRowsOfKindMentioning } from '../ledger/repository';
import type { Readings } from '../readings/readings';
import { countyReadings } from '../readings/service';
import { budgetOf } from './budget-repository';
import { fundOf } from './funds';
import { claimRows, COMMITTED_STATES } from './repository';
import { ruleTitles } from './views';

// Budget execution and subsidy reports, all from the claims table; and a claim's full history
// from the journal.

/** One fund's budget of a year and what the claims drawing on it have committed and paid. */
export function budgetView(db: Db, year: number, fund: Fund = 'commerce'): BudgetView {
  const budget = budgetOf(db, year, fund);
  const readings = countyReadings(db);
  const claims = claimRows(db, { year }).filter((c) => COMMITTED_STATES.includes(c.state) && fundOf(readings, c.rule) === fund);
  const titles = ruleTitles(db);
  const byRule = new Map<string, { rule: string; title: string; claims: number; committedFen: number; paidFen: number }>();
  const byMonth = new Map<string, { month: string; committedFen: number; paidFen: number }>();
  for (const c of claims) {
    const r = byRule.get(c.rule) ?? { rule: c.rule, title: titles.get(c.rule)?.title ?? c.rule, claims: 0, committedFen: 0, paidFen: 0 };
    r.claims++;
    r.committedFen += c.amount_fen ?? 0;
    r.paidFen += c.paid_fen ?? 0;
    byRule.set(c.rule, r);
    const approvedMonth = monthOf(c.approved_at);
    if (approvedMonth) {
      const m = byMonth.get(approvedMonth) ?? { month: approvedMonth, committedFen: 0, paidFen: 0 };
      m.committedFen += c.amount_fen ?? 0;
      byMonth.set(approvedMonth, m);
    }
    if (c.paid_on) {
      const month = c.paid_on.slice(0, 7);
      const m = byMonth.get(month) ?? { month, committedFen: 0, paidFen: 0 };
      m.paidFen += c.paid_fen ?? 0;
      byMonth.set(month, m);
    }
  }
  const committedFen = claims.reduce((s, c) => s + (c.amount_fen ?? 0), 0);
  const paidFen = claims.reduce((s, c) => s + (c.paid_fen ?? 0), 0);
  const totalFen = budget ? budget.baseFen + budget.upliftFen : 0;
  return {
    year,
    fund,
    docNo: budget?.docNo ?? null,
    baseFen: budget?.baseFen ?? 0,
    upliftFen: budget?.upliftFen ?? 0,
    totalFen,
    upliftTrace: budget?.upliftTrace ?? [],
    committedFen,
    paidFen,
    remainingFen: totalFen - committedFen,
    byRule: [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    byMonth: [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}

/**
 * Task 17's figures for a quarterly report: each fund's budget of the year, what was approved by
 * `asOf` (committed) and what was paid by then, from the claims alone.
 */
export function subsidySummary(db: Db, readings: Readings, year: number, asOf: string): SubsidySummary {
  const claims = claimRows(db, { year });
  return {
    year,
    funds: FUNDS.map((fund) => {
      const budget = budgetOf(db, year, fund);
      let committedFen = 0;
      let paidFen = 0;
      for (const c of claims) {
        if (!COMMITTED_STATES.includes(c.state) || fundOf(readings, c.rule) !== fund) continue;
        if (c.approved_at && chinaToday(c.approved_at) <= asOf) committedFen += c.amount_fen ?? 0;
        if (c.paid_on && c.paid_on <= asOf) paidFen += c.paid_fen ?? 0;
      }
      return { fund, label: FUND_LABELS[fund], docNo: budget?.docNo ?? null, budgetFen: budget ? budget.baseFen + budget.upliftFen : null, committedFen, paidFen };
    }),
  };
}

function monthOf(iso: string | null): string | null {
  return iso ? chinaMonth(iso) : null;
}

export type SubsidyRow = { key: string; claims: number; committedFen: number; paidFen: number };

/** Approved and paid subsidies of a year grouped by rule, by town, or by month of approval. */
export function subsidies(db: Db, year: number, by: 'rule' | 'town' | 'month'): SubsidyRow[] {
  const titles = ruleTitles(db);
  const out = new Map<string, SubsidyRow>();
  for (const c of claimRows(db, { year })) {
    if (!COMMITTED_STATES.includes(c.state)) continue;
    const key = by === 'rule' ? (titles.get(c.rule)?.title ?? c.rule) : by === 'town' ? (c.town ?? '（未填乡镇）') : (monthOf(c.approved_at) ?? '');
    const row = out.get(key) ?? { key, claims: 0, committedFen: 0, paidFen: 0 };
    row.claims++;
    row.committedFen += c.amount_fen ?? 0;
    row.paidFen += c.paid_fen ?? 0;
    out.set(key, row);
  }
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key, 'zh-CN'));
}

export type HistoryStep = { seq: number; at: string; actor: string; kind: string; action: string; state: string | null; detail: string; trace: TraceStep[] | null };

const STATE_AFTER: Record<string, ClaimState> = {
  'claim.created': 'draft',
  'claim.edited': 'draft',
  'claim.submitted': 'submitted',
  'claim.passed': 'reviewed',
  'claim.returned': 'returned',
  'claim.noticed': 'noticing',
  'claim.approved': 'approved',
  'claim.paid': 'paid',
  'claim.voided': 'voided',
};

const Payload = z.record(z.string(), z.unknown());
const Ended = z.object({ claims: z.array(z.string()) }).loose();
const Trace = z.array(TraceStep);
const Flags = z.array(z.string()).catch([]);

/** Every step of one claim, oldest first: action, resulting state, who, when, and the decision's trace. */
export function claimHistory(db: Db, id: string): HistoryStep[] {
  const own = journalRowsOfEntity(db, `claim:${id}`);
  // The end of a 公示 is one entry for the whole batch.
  const ended = journalRowsOfKindMentioning(db, 'notice.ended', `"${id}"`).filter((r) => parseJsonColumn(Ended, r.payload, `账本第 ${r.seq} 条记录`).claims.includes(id));
  const name = namesOf(db);
  return [...own, ...ended]
    .sort((a, b) => a.seq - b.seq)
    .map((r) => {
      const p = parseJsonColumn(Payload, r.payload, `账本第 ${r.seq} 条记录`);
      const state = r.kind === 'notice.ended' ? 'noticed' : (STATE_AFTER[r.kind] ?? null);
      const trace = Trace.safeParse(p.trace);
      return {
        seq: r.seq,
        at: r.at,
        actor: name(r.actor), // 李录入, not luru
        kind: r.kind,
        action: journalKindLabel(r.kind),
        state: state ? CLAIM_STATE_LABELS[state] : null,
        detail: detailOf(r.kind, p),
        trace: trace.success ? trace.data : null,
      };
    });
}

function detailOf(kind: string, p: Record<string, unknown>): string {
  switch (kind) {
    case 'claim.created':
      return `编号 ${String(p.no)}${p.reason ? `；修改原因：${String(p.reason)}` : ''}`;
    case 'claim.edited':
      return `修改原因：${String(p.reason)}`;
    case 'claim.evidence':
      return `${String(p.fileName)}（SHA-256 ${String(p.sha256).slice(0, 16)}…）`;
    case 'claim.submitted': {
      const flags = Flags.parse(p.flags);
      return `规则引擎判定金额 ${formatYuan(Number(p.amountFen))}${flags.length ? `；疑点：${flags.join('；')}` : ''}`;
    }
    case 'claim.passed':
      return p.acknowledgement ? `核查说明：${String(p.acknowledgement)}` : '无疑点';
    case 'claim.returned':
    case 'claim.voided':
      return `原因：${String(p.reason)}`;
    case 'claim.approved':
      return `金额 ${formatYuan(Number(p.amountFen))} 已冻结（政策包 ${String(p.packDigest).slice(0, 12)}…）`;
    case 'claim.paid':
      return `凭证号 ${String(p.voucherNo)}，${String(p.paidOn)} 实付 ${formatYuan(Number(p.paidFen))}`;
    case 'objection.recorded':
      return `异议（${String(p.receivedOn)}）：${String(p.text)}`;
    case 'objection.resolved':
      return `${p.upheld ? '异议成立' : '异议不成立'}：${String(p.resolution)}`;
    default:
      return '';
  }
}
