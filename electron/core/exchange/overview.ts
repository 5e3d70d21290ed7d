import { z } from 'zod';
import { type CityOverview } from '../../../shared/domain/exchange';
import { type Light, SubsidySummary, TaskQuarter } from '../../../shared/domain/progress';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { activePack } from '../policy/repository';
import { latestBundlesFor, receivedClaimsIn, receivedTaskRows } from './city-repository';

// The city's view of a quarter, built only from what the counties' accepted bundles carried:
// the task table across counties, city-wide targets against the sum of the counties' actuals,
// subsidies by county and rule, and people or organisations paid in more than one county.

const LIVE = ['approved', 'paid'];
const ReportAsOf = z.object({ asOf: z.string().nullable().default(null) }).loose();
/** Task 17's figures as the county's report carries them (reports before pack 1.1 have none). */
const ReportSubsidies = z.object({ subsidies: SubsidySummary.nullable().default(null) }).loose();

export function cityOverview(db: Db, period: string): CityOverview {
  const pack = activePack(db);
  const received = latestBundlesFor(db, period);
  const byCounty = new Map(received.map((r) => [r.county, r]));
  const rows = receivedTaskRows(db, period);
  const task = new Map(rows.map((r) => [`${r.county}:${r.no}`, parseJsonColumn(TaskQuarter, r.row, `${r.county} 任务 ${r.no} 的报送行`)]));
  const codes = pack.counties.map((c) => c.code);

  const tasks = pack.tasks.map((t) => {
    const lights: Record<string, Light | null> = {};
    const reasons: Record<string, string> = {};
    for (const code of codes) {
      const row = task.get(`${code}:${t.no}`);
      lights[code] = row?.light ?? null;
      if (row) reasons[code] = row.reason;
    }
    return { no: t.no, title: t.title, deadlineText: t.deadlineText, lights, reasons };
  });

  const indicatorsOf = (code: string) => pack.tasks.flatMap((t) => task.get(`${code}:${t.no}`)?.indicators ?? []);
  const totals = pack.cityTargets.flatMap((target) => {
    const indicators = (pack.progress?.indicators ?? []).filter((i) => i.sumsTo === target.id);
    if (indicators.length === 0) return [];
    const counties: Record<string, number | null> = {};
    let sum = 0;
    let reporting = 0;
    for (const code of codes) {
      const values = indicatorsOf(code).filter((i) => indicators.some((d) => d.id === i.id) && i.actual !== null);
      const value = values.length ? values.reduce((s, i) => s + (i.actual ?? 0), 0) : null;
      counties[code] = byCounty.has(code) ? value : null;
      if (byCounty.has(code)) {
        reporting++;
        sum += value ?? 0;
      }
    }
    return [{ id: target.id, label: target.label, unit: target.unit, target: target.target, atLeast: target.atLeast, sum, counties: reporting, byCounty: counties }];
  });

  // null, not 0, for a county that has not reported: "sent nothing" is not "paid nothing"
  const subsidies = pack.counties.map((c) => {
    const r = byCounty.get(c.code);
    const summary = r ? parseJsonColumn(ReportSubsidies, r.report, `${c.name}的报送报告`).subsidies : null;
    const funds = summary?.funds ?? [];
    const budgets = funds.filter((f) => f.budgetFen !== null);
    return {
      county: c.code,
      name: c.name,
      committedFen: r ? funds.reduce((s, f) => s + f.committedFen, 0) : null,
      paidFen: r ? funds.reduce((s, f) => s + f.paidFen, 0) : null,
      budgetFen: budgets.length ? budgets.reduce((s, f) => s + (f.budgetFen ?? 0), 0) : null,
      funds,
    };
  });

  const claims = receivedClaimsIn(db, LIVE);
  const titles = new Map<string, string>(pack.rules.map((r) => [r.id, r.title]));
  const ruleMap = new Map<string, Record<string, { claims: number; committedFen: number; paidFen: number }>>();
  for (const c of claims) {
    const perCounty = ruleMap.get(c.rule) ?? {};
    const cell = (perCounty[c.county] ??= { claims: 0, committedFen: 0, paidFen: 0 });
    cell.claims++;
    cell.committedFen += c.amount_fen ?? 0;
    cell.paidFen += c.paid_fen ?? 0;
    ruleMap.set(c.rule, perCounty);
  }
  const subsidiesByRule = [...ruleMap.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, perCounty]) => ({ rule, title: titles.get(rule) ?? rule, byCounty: perCounty }));

  const name = new Map(pack.counties.map((c) => [c.code, c.name]));
  const byPayee = new Map<string, typeof claims>();
  for (const c of claims) if (c.payee_hash) byPayee.set(c.payee_hash, [...(byPayee.get(c.payee_hash) ?? []), c]);
  const duplicates = [...byPayee.entries()]
    .filter(([, cs]) => new Set(cs.map((c) => c.county)).size > 1)
    .map(([payee, cs]) => ({
      payee: payee.slice(0, 12),
      claims: cs.map((c) => ({ county: c.county, name: name.get(c.county) ?? c.county, claimNo: c.no, rule: titles.get(c.rule) ?? c.rule, year: c.year, state: c.state, amountFen: c.amount_fen })),
    }));

  return {
    period,
    counties: pack.counties.map((c) => {
      const r = byCounty.get(c.code);
      return { code: c.code, name: c.name, reported: Boolean(r), sequence: r?.sequence ?? null, asOf: r ? parseJsonColumn(ReportAsOf, r.report, `${c.name}的报送报告`).asOf : null, importedAt: r?.imported_at ?? null };
    }),
    tasks,
    totals,
    subsidies,
    subsidiesByRule,
    duplicates,
  };
}
