import type { CaseOutcome } from '../../../shared/domain/rules';
import { Engine, type Overrides, type Settings } from './engine';
import { type PolicyPackContent } from '../policy/content';
import { defaultReadings, type Readings } from '../readings/readings';

export type Totals = { cases: number; eligible: number; totalFen: number; undetermined: number; errors: number };
export type CaseChange = { id: string; before: Pick<Summary, 'eligible' | 'amountFen'>; after: Pick<Summary, 'eligible' | 'amountFen'> };
type Summary = { eligible: boolean; amountFen: number | null };
export type WhatIfReport = { before: Totals; after: Totals; delta: { eligible: number; totalFen: number }; changed: CaseChange[] };

export function totals(outcomes: readonly CaseOutcome[]): Totals {
  const t: Totals = { cases: outcomes.length, eligible: 0, totalFen: 0, undetermined: 0, errors: 0 };
  for (const o of outcomes) {
    if ('error' in o) t.errors++;
    else if (o.eligible) {
      t.eligible++;
      if (o.amountFen === null) t.undetermined++;
      else t.totalFen += o.amountFen;
    }
  }
  return t;
}

/** Evaluates the same cases under the pack as it is and under changed parameters, and compares. */
export function whatIf(pack: PolicyPackContent, settings: Settings, cases: readonly unknown[], overrides: Overrides, readings: Readings = defaultReadings(pack)): WhatIfReport {
  const current = new Engine(pack, settings, new Map(), readings);
  const changedEngine = new Engine(pack, settings, overrides, readings);
  const before = cases.map((c) => current.evaluate(c));
  const after = cases.map((c) => changedEngine.evaluate(c));
  const summary = (o: CaseOutcome): Summary => ('error' in o ? { eligible: false, amountFen: null } : { eligible: o.eligible, amountFen: o.amountFen });
  const changed: CaseChange[] = [];
  before.forEach((b, i) => {
    const a = after[i]!;
    const sb = summary(b);
    const sa = summary(a);
    if (sb.eligible !== sa.eligible || sb.amountFen !== sa.amountFen) changed.push({ id: a.id, before: sb, after: sa });
  });
  const tb = totals(before);
  const ta = totals(after);
  return { before: tb, after: ta, delta: { eligible: ta.eligible - tb.eligible, totalFen: ta.totalFen - tb.totalFen }, changed };
}
