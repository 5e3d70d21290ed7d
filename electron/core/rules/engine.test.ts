import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseOutcome, EvaluationResult, RuleId, RuleSetting } from '../../../shared/domain/rules';
import { DEFAULT_POLICY_DIR } from '../paths';
import { loadPolicyPack } from '../policy/pack';
import { Engine } from './engine';
import { checkRuleSetting } from './settings';
import { whatIf } from './whatif';

const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
const cap = (id: string) => pack.parameters.find((p) => p.id === id)!.values[0]!.value as number;

function ok(outcome: CaseOutcome): EvaluationResult {
  if ('error' in outcome) throw new Error(outcome.error.message);
  return outcome;
}

const servicePoint = (id: string, sales: string) => ({
  id,
  rule: 'service-point-sales',
  year: 2019,
  subject: { type: 'service-point', county: '340422' },
  facts: { farmOnlineSales: sales },
});

describe('rules engine', () => {
  it('explains each decision step by step, with clauses, in Chinese', () => {
    const result = ok(new Engine(pack).evaluate(servicePoint('x', '50000')));
    expect(result.trace.map((s) => s.step)).toEqual(['subject', 'frequency', 'condition', 'amount']);
    expect(result.trace[2]?.text).toContain('50,000.00 元 ≥');
    expect(result.trace[2]?.text).toContain('含本数');
    expect(result.trace[2]?.clause).toContain('二(一)');
  });

  it('cites the law in force on the day of the decision for 以上/超过: 民法总则 for 2019–2020, 民法典 from 2021', () => {
    const engine = new Engine(pack);
    expect(ok(engine.evaluate(servicePoint('a', '50000'))).trace[2]?.text).toContain('《中华人民共和国民法总则》第二百零五条');
    expect(ok(engine.evaluate({ ...servicePoint('b', '50000'), decidedOn: '2020-12-31' })).trace[2]?.text).toContain('民法总则');
    const later = ok(engine.evaluate({ ...servicePoint('c', '50000'), decidedOn: '2021-01-01' })).trace[2]?.text;
    expect(later).toContain('《中华人民共和国民法典》第一千二百五十九条');
    expect(later).not.toContain('民法总则');
  });

  it('shows the county’s reading beside the frequency the plan does not state, and whether it is confirmed', () => {
    const frequency = ok(new Engine(pack).evaluate(servicePoint('f', '50000'))).trace[1]!;
    expect(frequency.text).toContain('本县解读：每年一次（默认，本县尚未确认）');
  });

  it('gives amount null and the cap when the county has not set tiers', () => {
    const result = ok(
      new Engine(pack).evaluate({ id: 'e', rule: 'enterprise-10m', year: 2019, subject: { type: 'enterprise', county: '340422' }, facts: { ruralOnlineSales: '30000000' } }),
    );
    expect(result).toMatchObject({ eligible: true, amount: null, maxAmount: '1000000.00' });
    expect(result.trace.at(-1)?.text).toContain('尚未设置分档标准');
  });

  it('reads the uplift as not cumulative, and as cumulative when the city changes the parameter', () => {
    const uplift = { id: 'u', rule: 'fund-uplift', year: 2019, subject: { type: 'county', county: '340422' }, facts: { baseAllocation: '1000000' } };
    expect(ok(new Engine(pack).evaluate(uplift)).amount).toBe('200000.00');
    expect(ok(new Engine(pack, new Map(), new Map([['fund-uplift-cumulative', true]])).evaluate(uplift)).amount).toBe('400000.00');
  });

  it('keeps evaluating the other cases when one is bad', () => {
    const engine = new Engine(pack);
    const outcomes = [servicePoint('a', '1'), { id: 'b', rule: 'x' }, 'not an object', servicePoint('c', '60000')].map((c) => engine.evaluate(c));
    expect(outcomes.map((o) => ('error' in o ? o.error.code : o.eligible))).toEqual([false, 'INVALID_CASE', 'INVALID_CASE', true]);
  });

  it('never awards more than the cap, whatever the tiers and sales (property)', () => {
    const tieredRules: { rule: RuleId; fact: string; subject: string; cap: string }[] = [
      { rule: 'enterprise-10m', fact: 'ruralOnlineSales', subject: 'enterprise', cap: 'enterprise-10m-cap' },
      { rule: 'brand-1m', fact: 'brandOnlineSales', subject: 'brand', cap: 'brand-1m-cap' },
      { rule: 'poverty-point-service', fact: 'upwardServiceSales', subject: 'service-point', cap: 'poverty-point-service-cap' },
      { rule: 'cross-border-export', fact: 'onlineExportUsd', subject: 'enterprise', cap: 'cross-border-export-cap' },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...tieredRules),
        fc.uniqueArray(fc.integer({ min: 0, max: 10 ** 11 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 10 ** 11 }),
        (r, starts, awards, sales) => {
          const setting: RuleSetting = {
            type: 'tiers',
            rule: r.rule,
            tiers: [...starts].sort((a, b) => a - b).map((atLeast, i) => ({ atLeast, awardFen: Math.min(awards[i] ?? 0, cap(r.cap)) })),
          };
          expect(checkRuleSetting(pack, setting)).toBeNull();
          // even a pack whose cap was lowered after the county set its tiers is clamped
          const result = ok(
            new Engine(pack, new Map([[r.rule, setting]]), new Map([[r.cap, Math.trunc(cap(r.cap) / 2)]])).evaluate({
              id: 'p',
              rule: r.rule,
              year: 2019,
              subject: { type: r.subject, county: '340421' },
              facts: { [r.fact]: (sales / 100).toFixed(2) },
            }),
          );
          if (result.amountFen !== null) expect(result.amountFen).toBeLessThanOrEqual(Math.trunc(cap(r.cap) / 2));
          if (!result.eligible) expect(result.amount).toBe('0.00');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('percentage awards never exceed rate × base nor the cap rate (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 2000 }), (baseFen, rate) => {
        const setting: RuleSetting = { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: Math.min(rate, 1000) };
        const result = ok(
          new Engine(pack, new Map([['poverty-purchase', setting]])).evaluate({
            id: 'q',
            rule: 'poverty-purchase',
            year: 2019,
            subject: { type: 'cooperative', county: '340422' },
            facts: { purchaseFromPoor: (baseFen / 100).toFixed(2) },
          }),
        );
        const amount = result.amountFen ?? 0;
        expect(amount * 10_000).toBeLessThanOrEqual(baseFen * setting.rateBasisPoints);
        expect(amount * 10_000).toBeLessThanOrEqual(baseFen * 1000);
        expect(amount).toBeLessThanOrEqual(result.maxAmountFen ?? 0);
      }),
      { numRuns: 400 },
    );
  });
});

describe('county settings within the caps', () => {
  it('refuses a tier above the cap or a rate above the cap rate, naming rule and clause', () => {
    expect(checkRuleSetting(pack, { type: 'tiers', rule: 'brand-1m', tiers: [{ atLeast: 100000001, awardFen: 30000001 }] })).toBe(
      '「农村电商优秀品牌一次性分档奖励」（二(二)）第 1 档奖励 300,000.01 元 超过上限 300,000.00 元（分别给予单个企业（品牌）100 万元和 30 万元以内的一次性分档奖励）',
    );
    expect(checkRuleSetting(pack, { type: 'rate', rule: 'purchase-cooperation', rateBasisPoints: 501 })).toMatch(/比例 5\.01% 超过上限 5%/);
    expect(checkRuleSetting(pack, { type: 'rate', rule: 'brand-1m', rateBasisPoints: 100 })).toMatch(/不是按比例计算/);
    expect(checkRuleSetting(pack, { type: 'tiers', rule: 'brand-1m', tiers: [{ atLeast: 5, awardFen: 1 }, { atLeast: 5, awardFen: 2 }] })).toMatch(/第 2 档的起点必须高于第 1 档/);
    expect(checkRuleSetting(pack, { type: 'rate', rule: 'purchase-cooperation', rateBasisPoints: 500 })).toBeNull();
  });
});

describe('what-if', () => {
  it('reports the change in eligible count and total when the 5万 threshold is 4万', () => {
    const cases = [servicePoint('a', '39999.99'), servicePoint('b', '40000'), servicePoint('c', '45000'), servicePoint('d', '50000'), servicePoint('e', '1')];
    const report = whatIf(pack, new Map(), cases, new Map([['service-point-sales-threshold', 4_000_000]]));
    expect(report.before).toMatchObject({ eligible: 1, totalFen: 1_000_000 });
    expect(report.after).toMatchObject({ eligible: 3, totalFen: 3_000_000 });
    expect(report.delta).toEqual({ eligible: 2, totalFen: 2_000_000 });
    expect(report.changed.map((c) => c.id)).toEqual(['b', 'c']);
  });
});
