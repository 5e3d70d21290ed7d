import { CLAIM_STATE_LABELS, CLAIM_STATES, FUND_LABELS, FUNDS } from '../../../shared/domain/claims';
import { chinaToday, quarterLabel } from '../../../shared/dates';
import { LIGHT_LABELS, LIGHTS } from '../../../shared/domain/progress';
import { base64, type HandlerGroup, signedIn } from '../calls';
import { budgetView } from '../claims/reports';
import { claimRows } from '../claims/repository';
import type { Core } from '../core';
import { readStoredEvidence } from '../evidence';
import { definitions, reportingQuarters } from './definitions';
import { generateQuarterReport } from './generate';
import { quartersWithEntries, quarterStates } from './repository';
import { addProgressEvidence, closeQuarter, enterValue, progressEvidenceName, quarterView, reopenQuarter, saveText, setBaseline, setTarget, taskOf } from './service';

const today = (core: Core) => chinaToday(core.sessions.time());
const context = (core: Core) => ({ db: core.db, today: today(core) });

/**
 * The quarter 首页 and 任务分解表 open on: the latest one with entries of its own, so a county
 * working on 2019 does not open on today's empty quarter full of 逾期; the current one before any.
 */
function openingQuarter(core: Core): { quarters: string[]; current: string; opening: string } {
  const d = definitions(core.db);
  const { quarters, current } = reportingQuarters(d.pack, d.progress, today(core));
  const entered = quartersWithEntries(core.db);
  return { quarters, current, opening: quarters.findLast((q) => entered.has(q)) ?? current };
}

export const progressHandlers: HandlerGroup<'progress'> = {
  'progress.quarters': (_input, core) => {
    const { quarters, current, opening } = openingQuarter(core);
    const states = quarterStates(core.db);
    return quarters.map((quarter) => ({ quarter, label: quarterLabel(quarter), state: states.get(quarter) ?? 'open', current: quarter === current, opening: quarter === opening }));
  },
  'progress.get': (input, core, ctx) => quarterView(context(core), input.quarter, signedIn(ctx).displayName, core.sessions.time().toISOString()),
  'progress.saveText': (input, core, ctx) => {
    saveText(core.ledger, signedIn(ctx), today(core), input);
    return taskOf(context(core), input.quarter, input.task);
  },
  'progress.enterValue': (input, core, ctx) => {
    const task = enterValue(core.ledger, signedIn(ctx), today(core), input);
    return taskOf(context(core), input.quarter, task);
  },
  'progress.setTarget': (input, core, ctx) => {
    setTarget(core.ledger, signedIn(ctx), input);
    return null;
  },
  'progress.setBaseline': (input, core, ctx) => {
    setBaseline(core.ledger, signedIn(ctx), input);
    return null;
  },
  'progress.addEvidence': (input, core, ctx) => {
    addProgressEvidence(core.ledger, signedIn(ctx), core.dataDir, today(core), { ...input, bytes: Buffer.from(input.contentBase64, 'base64') });
    return taskOf(context(core), input.quarter, input.task);
  },
  'progress.evidence': (input, core) => {
    const fileName = progressEvidenceName(core.db, input.quarter, input.task, input.sha256);
    return { fileName, contentBase64: base64(readStoredEvidence(core.dataDir, input.sha256, fileName)) };
  },
  'progress.report': async (input, core, ctx) => {
    const file = await generateQuarterReport(core, signedIn(ctx), input.quarter, input.format);
    return { fileName: file.fileName, contentBase64: base64(file.bytes) };
  },
  'progress.close': (input, core, ctx) => {
    const principal = signedIn(ctx);
    closeQuarter(core.ledger, principal, today(core), input.quarter, core.sessions.time().toISOString());
    return quarterView(context(core), input.quarter, principal.displayName, core.sessions.time().toISOString());
  },
  'progress.reopen': (input, core, ctx) => {
    const principal = signedIn(ctx);
    reopenQuarter(core.ledger, principal, input.quarter, input.reason);
    return quarterView(context(core), input.quarter, principal.displayName, core.sessions.time().toISOString());
  },
  'progress.dashboard': (input, core, ctx) => {
    const quarter = input.quarter ?? openingQuarter(core).opening;
    const view = quarterView(context(core), quarter, signedIn(ctx).displayName, core.sessions.time().toISOString());
    const year = Number(quarter.slice(0, 4));
    // each fund has its own budget; the year's money is every fund's together
    const budgets = FUNDS.map((fund) => budgetView(core.db, year, fund));
    const registered = budgets.filter((b) => b.docNo !== null);
    const claims = claimRows(core.db, { year });
    return {
      quarter,
      asOf: view.asOf,
      year,
      indicators: view.tasks.flatMap((t) =>
        t.indicators.filter((i) => i.target !== null).map((i) => ({ task: t.no, id: i.id, label: i.label, unit: i.unit, target: i.target, actual: i.actual, light: i.light })),
      ),
      lights: LIGHTS.map((light) => ({ light, label: LIGHT_LABELS[light], tasks: view.tasks.filter((t) => t.light === light).map((t) => t.no) })).filter((l) => l.tasks.length > 0),
      claimsByState: CLAIM_STATES.map((state) => {
        const inState = claims.filter((c) => c.state === state);
        return { state, label: CLAIM_STATE_LABELS[state], count: inState.length, amountFen: inState.reduce((s, c) => s + (c.amount_fen ?? 0), 0) };
      }).filter((s) => s.count > 0),
      months: Array.from({ length: 12 }, (_, i) => {
        const months = budgets.flatMap((b) => b.byMonth.filter((m) => m.month === `${year}-${String(i + 1).padStart(2, '0')}`));
        return { month: i + 1, committedFen: months.reduce((s, m) => s + m.committedFen, 0), paidFen: months.reduce((s, m) => s + m.paidFen, 0) };
      }),
      budgetFen: registered.length ? registered.reduce((s, b) => s + b.totalFen, 0) : null,
      funds: budgets.map((b) => ({ fund: b.fund, label: FUND_LABELS[b.fund], docNo: b.docNo, budgetFen: b.docNo === null ? null : b.totalFen, committedFen: b.committedFen, paidFen: b.paidFen })),
    };
  },
};
