import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EvaluationCase, RuleSetting, type RuleId } from '../../../shared/domain/rules';
import { DEFAULT_POLICY_DIR } from '../paths';
import { loadPolicyPack } from '../policy/pack';
import { Engine } from './engine';
import { type RecheckInput, Rechecker, type SettingEntry } from './recheck';

// The Rechecker's shortcuts over the real pack and its own test cases: cases built from checked
// parts decided without the engine reading their shape again, each day checked once, a subject's
// awards kept together. Each must give what the plain path gives.

type CaseFile = { settings: unknown[]; cases: { case: EvaluationCase }[] };
const file = JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, 'test-cases.json'), 'utf8')) as CaseFile;
const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
const settings = file.settings.map((s) => RuleSetting.parse(s));
const engine = new Engine(pack, new Map(settings.map((s) => [s.rule as RuleId, s])));
const history: SettingEntry[] = settings.map((s, i) => ({ seq: i + 1, at: '2019-06-01T00:00:00Z', actor: '测试', kind: 'rule.setting', payload: JSON.stringify(s) }));
const COUNTY = '340422';
const ours = file.cases.map((c) => c.case).filter((c) => c.subject.county === COUNTY && !c.previousAwards?.length);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A pack case as an approved claim, with the amount the engine gives it (or a changed one). */
function claim(c: EvaluationCase, n: number, amountFen?: number | null): RecheckInput {
  const outcome = engine.evaluate(c);
  const amount = 'error' in outcome ? null : outcome.amountFen;
  return {
    id: `id-${n}`,
    no: `NO-${String(n).padStart(4, '0')}`,
    rule: c.rule,
    year: c.year,
    subjectId: `subject-${n}`,
    subjectType: c.subject.type,
    course: null,
    facts: JSON.stringify(c.facts),
    packDigest: pack.meta.digest,
    trace: null,
    decidedSeq: 100 + n,
    decidedOn: c.decidedOn ?? '2019-12-01',
    amountFen: amountFen === undefined ? amount : amountFen,
  };
}

const recheckerOf = () => new Rechecker(COUNTY, (d) => (d === pack.meta.digest ? pack : null), history);

describe('the engine on a case already checked', () => {
  it('decide gives what evaluate gives for every case of the pack, without writing to the case (all of it frozen)', () => {
    expect(file.cases.length).toBeGreaterThan(40);
    for (const { case: c } of file.cases) {
      const expected = engine.evaluate(c);
      if ('error' in expected && expected.error.code === 'INVALID_CASE') continue;
      expect(engine.decide(deepFreeze(structuredClone(c))), c.id).toEqual(expected);
    }
  });

  it('decideUntraced gives what decide gives, eligibility, amounts and errors, only without the trace', () => {
    // with the test cases' settings, and with none (tiers and rates unset: eligible, amount unknown)
    const outcomes: ReturnType<Engine['decide']>[] = [];
    for (const e of [engine, new Engine(pack)]) {
      for (const { case: c } of file.cases) {
        const expected = e.evaluate(c);
        if ('error' in expected && expected.error.code === 'INVALID_CASE') continue;
        const quiet = e.decideUntraced(deepFreeze(structuredClone(c)));
        expect(quiet, c.id).toEqual('error' in expected ? expected : { ...expected, trace: [] });
        if (!('error' in expected)) expect(expected.trace.length, c.id).toBeGreaterThan(0);
        outcomes.push(quiet);
      }
    }
    // what the comparison covered: refusals, ineligible cases, unknown and known amounts
    expect(outcomes.some((o) => 'error' in o)).toBe(true);
    expect(outcomes.some((o) => !('error' in o) && !o.eligible)).toBe(true);
    expect(outcomes.some((o) => !('error' in o) && o.eligible && o.amountFen === null)).toBe(true);
    expect(outcomes.filter((o) => !('error' in o) && o.eligible && o.amountFen !== null).length).toBeGreaterThan(20);
  });
});

describe('the Rechecker', () => {
  it('gives each claim the verdict it gets alone, one facts text under different rules and amounts included', () => {
    const claims: RecheckInput[] = [];
    // each case three times: as approved, again as approved, and with the amount raised by 1 元
    ours.forEach((c, i) => {
      claims.push(claim(c, i * 3), claim(c, i * 3 + 1));
      const raised = claim(c, i * 3 + 2);
      claims.push({ ...raised, amountFen: (raised.amountFen ?? 0) + 100 });
    });
    // one facts text under two rules (each reads its own fields of it)
    const service = ours.find((c) => c.rule === 'service-point-sales')!;
    const other = ours.find((c) => c.rule !== 'service-point-sales' && c.subject.type === 'service-point')!;
    const both = { ...other.facts, ...service.facts };
    claims.push(claim({ ...service, facts: both }, 900), claim({ ...other, facts: both }, 901));
    expect(claims.at(-1)!.facts).toBe(claims.at(-2)!.facts);
    const together = recheckerOf();
    const verdicts = claims.map((l) => together.next(l));
    const alone = claims.map((l) => recheckerOf().next(l));
    expect(verdicts).toEqual(alone);
    expect(verdicts.filter((v) => v.verdict === 'consistent').length).toBeGreaterThanOrEqual(ours.length);
    expect(verdicts.some((v) => v.verdict === 'amount-mismatch')).toBe(true);
  });

  it('counts a subject’s earlier awards on the claim’s own rule only: another rule’s award does not make it a repeat', () => {
    const sales = ours.find((c) => c.rule === 'service-point-sales' && c.facts.farmOnlineSales === '50000')!;
    const poverty = ours.find((c) => {
      const o = engine.evaluate(c);
      return c.rule === 'poverty-point-service' && !('error' in o) && o.eligible && o.amountFen !== null;
    })!;
    const rechecker = recheckerOf();
    const on = (c: EvaluationCase, n: number) => ({ ...claim(c, n), subjectId: 'one-point' });
    const results = [on(poverty, 1), on(sales, 2), on(sales, 3)].map((l) => rechecker.next(l));
    expect(results.map((r) => r.verdict)).toEqual(['consistent', 'consistent', 'ineligible']);
    expect(results[2]!.reason).toContain('不得重复');
  });

  it('a claim whose number, year or day the engine would refuse is read whole by the engine and named 事实不全, every time', () => {
    const c = ours.find((x) => x.rule === 'service-point-sales')!;
    const rechecker = recheckerOf();
    const lines = [
      { ...claim(c, 1), decidedOn: '2019-02-30' },
      { ...claim(c, 2), decidedOn: '2019-02-30' },
      { ...claim(c, 3), no: '' },
      { ...claim(c, 4), year: 1999 },
      claim(c, 5),
    ];
    const results = lines.map((l) => rechecker.next(l));
    expect(results.map((r) => r.verdict)).toEqual(['facts-incomplete', 'facts-incomplete', 'facts-incomplete', 'facts-incomplete', 'consistent']);
    for (const r of results.slice(0, 4)) expect(r.reason).toContain('案例格式无效');
  });
});
