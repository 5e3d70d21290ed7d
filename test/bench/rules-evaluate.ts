import type { EvaluationCase, RuleId, RuleSetting } from '../../shared/domain/rules';
import { parseYuanToFen, percentOfFen } from '../../shared/money';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { loadPolicyPack } from '../../electron/core/policy/pack';
import { Engine } from '../../electron/core/rules/engine';
import type { Benchmark } from './harness';

// 100,000 mixed cases through the engine (parsing, frequency, conditions, tiers, traces) beside a
// hand-written function that hard-codes the same twelve rules and returns only the amounts.
const COUNT = 100_000;
const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
const SETTINGS: RuleSetting[] = [
  { type: 'tiers', rule: 'enterprise-10m', tiers: [{ atLeast: 1000000001, awardFen: 30000000 }, { atLeast: 2000000000, awardFen: 60000000 }] },
  { type: 'tiers', rule: 'brand-1m', tiers: [{ atLeast: 100000001, awardFen: 10000000 }, { atLeast: 500000000, awardFen: 30000000 }] },
  { type: 'tiers', rule: 'poverty-point-service', tiers: [{ atLeast: 1, awardFen: 50000 }, { atLeast: 5000000, awardFen: 200000 }] },
  { type: 'tiers', rule: 'cross-border-export', tiers: [{ atLeast: 50000000, awardFen: 50000000 }, { atLeast: 100000000, awardFen: 100000000 }] },
  { type: 'rate', rule: 'purchase-cooperation', rateBasisPoints: 300 },
  { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 800 },
];

const COUNTIES = ['340402', '340403', '340404', '340405', '340406', '340421', '340422', '340481'];
const sales = (i: number, scale: number) => ((i * 7919) % scale).toFixed(2);

export function mixedCases(count = COUNT): EvaluationCase[] {
  return Array.from({ length: count }, (_, i) => {
    const county = COUNTIES[i % COUNTIES.length]!;
    const base = { id: `c${i}`, year: 2019 };
    switch (i % 12) {
      case 0: return { ...base, rule: 'service-point-sales', subject: { type: 'service-point', county }, facts: { farmOnlineSales: sales(i, 100_000) } };
      case 1: return { ...base, rule: 'enterprise-10m', subject: { type: 'enterprise', county }, facts: { ruralOnlineSales: sales(i, 30_000_000) } };
      case 2: return { ...base, rule: 'brand-1m', subject: { type: 'brand', county }, facts: { brandOnlineSales: sales(i, 6_000_000) }, previousAwards: i % 5 === 0 ? [{ rule: 'brand-1m', year: 2018 }] : [] };
      case 3: return { ...base, rule: 'demo-county', subject: { type: 'county', county }, facts: { designated: i % 2 === 0 } };
      case 4: return { ...base, rule: 'demo-town', subject: { type: 'town', county }, facts: { designated: i % 3 === 0 } };
      case 5: return { ...base, rule: 'demo-village', subject: { type: 'village', county }, facts: { designated: true } };
      case 6: return { ...base, rule: 'purchase-cooperation', subject: { type: 'enterprise', county }, facts: { stableCooperation: i % 4 !== 0, cooperationOnlineSales: sales(i, 500_000) } };
      case 7: return { ...base, rule: 'training-subsidy', subject: { type: 'trainee', county }, facts: { certifiedCourse: true, passed: i % 5 !== 0, course: '直播营销' } };
      case 8: return { ...base, rule: 'poverty-point-service', subject: { type: 'service-point', county }, facts: { upwardServiceSales: sales(i, 80_000) } };
      case 9: return { ...base, rule: 'poverty-purchase', subject: { type: 'cooperative', county }, facts: { purchaseFromPoor: sales(i, 200_000) } };
      case 10: return { ...base, rule: 'cross-border-export', subject: { type: 'enterprise', county }, facts: { onlineExportUsd: sales(i, 1_500_000) } };
      default: return { ...base, rule: 'fund-uplift', subject: { type: 'county', county }, facts: { baseAllocation: sales(i, 3_000_000) } };
    }
  });
}

const tier = (basis: number, tiers: [number, number][]) => {
  let award = 0;
  for (const [atLeast, fen] of tiers) if (basis >= atLeast) award = fen;
  return award;
};
const UPLIFT = new Set(['340403', '340404', '340421', '340422', '340481']);

/** The baseline: the same rules written out by hand, no pack, no trace. Returns fen or -1 (not eligible). */
export function plainEvaluate(c: EvaluationCase): number {
  const f = c.facts as Record<string, string | boolean>;
  const fen = (name: string) => parseYuanToFen(f[name] as string);
  switch (c.rule) {
    case 'service-point-sales': return fen('farmOnlineSales') >= 5_000_000 ? 1_000_000 : -1;
    case 'enterprise-10m': { const s = fen('ruralOnlineSales'); return s > 1_000_000_000 ? tier(s, [[1000000001, 30000000], [2000000000, 60000000]]) : -1; }
    case 'brand-1m': { const s = fen('brandOnlineSales'); return s > 100_000_000 && !(c.previousAwards ?? []).some((a) => a.rule === 'brand-1m') ? tier(s, [[100000001, 10000000], [500000000, 30000000]]) : -1; }
    case 'demo-county': return f.designated === true ? 100_000_000 : -1;
    case 'demo-town': return f.designated === true ? 15_000_000 : -1;
    case 'demo-village': return f.designated === true ? 5_000_000 : -1;
    case 'purchase-cooperation': { const s = fen('cooperationOnlineSales'); return f.stableCooperation === true && s > 0 ? percentOfFen(s, 300) : -1; }
    case 'training-subsidy': return f.certifiedCourse === true && f.passed === true ? 120_000 : -1;
    case 'poverty-point-service': { const s = fen('upwardServiceSales'); return s > 0 ? tier(s, [[1, 50000], [5000000, 200000]]) : -1; }
    case 'poverty-purchase': { const s = fen('purchaseFromPoor'); return s > 0 ? percentOfFen(s, 800) : -1; }
    case 'cross-border-export': { const s = fen('onlineExportUsd'); return s >= 50_000_000 ? tier(s, [[50000000, 50000000], [100000000, 100000000]]) : -1; }
    default: return UPLIFT.has(c.subject.county) ? percentOfFen(fen('baseAllocation'), 2000) : -1;
  }
}

export function benchEngine(): Engine {
  return new Engine(pack, new Map(SETTINGS.map((s) => [s.rule as RuleId, s])));
}

export const rulesEvaluate: Benchmark = {
  name: 'rules.evaluate',
  unit: 'cases/s',
  amount: COUNT,
  rounds: 5,
  ours() {
    const cases = mixedCases();
    const engine = benchEngine();
    return { run: () => void cases.forEach((c) => engine.evaluate(c)) };
  },
  baseline() {
    const cases = mixedCases();
    return { run: () => void cases.forEach((c) => plainEvaluate(c)) };
  },
};
