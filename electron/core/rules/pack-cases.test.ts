import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleSetting, type RuleId } from '../../../shared/domain/rules';
import { DEFAULT_POLICY_DIR } from '../paths';
import { loadPolicyPack } from '../policy/pack';
import { checkRuleSetting } from './settings';
import { Engine } from './engine';

// The pack ships its own cases (seeds/huainan-2019/test-cases.json): inputs and the result the
// plan's text gives. Each one runs here through the real engine over the real pack.

type Expect = { eligible: boolean; amount: string | null; maxAmount: string | null } | { error: string };
type CaseFile = { settings: unknown[]; cases: { case: { id: string; rule: string }; expect: Expect }[] };

const file = JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, 'test-cases.json'), 'utf8')) as CaseFile;
const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
const settings = file.settings.map((s) => RuleSetting.parse(s));
const engine = new Engine(pack, new Map(settings.map((s) => [s.rule as RuleId, s])));

describe('the pack’s own test cases', () => {
  it('has sample settings within the caps', () => {
    for (const s of settings) expect(checkRuleSetting(pack, s)).toBeNull();
  });

  it('covers every rule of the pack at least three times', () => {
    for (const rule of pack.rules) {
      expect(file.cases.filter((c) => c.case.rule === rule.id).length, rule.id).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(file.cases.map((c) => [c.case.id, c] as const))('%s', (_id, { case: input, expect: expected }) => {
    const outcome = engine.evaluate(input);
    if ('error' in expected) {
      expect(outcome).toMatchObject({ id: input.id, error: { code: expected.error } });
      return;
    }
    expect(outcome).toMatchObject({ id: input.id, ...expected });
    if (!('error' in outcome)) {
      expect(outcome.trace.length).toBeGreaterThanOrEqual(3);
      expect(outcome.trace[0]?.clause).toBeTruthy();
    }
  });
});

describe('what the county has not decided is not paid', () => {
  const bare = new Engine(pack, new Map());
  it.each([
    ['poverty-purchase', { purchaseFromPoor: '10000' }, '1000.00'],
    ['purchase-cooperation', { stableCooperation: true, cooperationOnlineSales: '100000' }, '5000.00'],
  ] as const)('%s: eligible, the cap shown, the amount left open until the county sets its rate', (rule, facts, cap) => {
    const outcome = bare.evaluate({ id: 'x', rule, year: 2019, subject: { type: 'enterprise', county: '340422' }, facts });
    expect(outcome).toMatchObject({ eligible: true, amount: null, maxAmount: cap });
    if ('error' in outcome) return;
    expect(outcome.trace.at(-1)?.text).toContain('本县尚未设定比例，暂不能确定金额');
  });

  it('a year the plan does not cover is refused with its reason', () => {
    const outcome = engine.evaluate({ id: 'y', rule: 'service-point-sales', year: 2018, subject: { type: 'service-point', county: '340422' }, facts: { farmOnlineSales: '50000' } });
    expect(outcome).toMatchObject({ error: { code: 'YEAR_NOT_COVERED' } });
    if ('error' in outcome) expect(outcome.error.message).toMatch(/2018/);
  });
});
