import type { County } from '../../shared/domain/counties';
import {
  type CaseErrorCode,
  type CaseOutcome,
  type Condition,
  EvaluationCase,
  type FactDefinition,
  FREQUENCY_LABELS,
  type Parameter,
  type ParameterValue,
  type Rule,
  type RuleId,
  type RuleSetting,
  SUBJECT_TYPE_LABELS,
  type SubjectType,
  type TraceStep,
} from '../../shared/domain/rules';
import { ruleFacts } from '../../shared/domain/policy-text';
import { fenToYuanString } from '../../shared/money';
import { describeIssues } from '../../shared/validation';
import type { PolicyPackContent } from '../policy/pack';
import { type FactValue, FactError, readFact } from './facts';
import { valueInForce } from './parameters';
import { awardAmount } from './awards';
import { minorUnits } from './format';

// The rules engine: pure code over the pack. It never evaluates text as code. Every result
// carries an ordered trace in Chinese: each step names what was checked, the clause, the values
// compared and the outcome.

export type Settings = ReadonlyMap<RuleId, RuleSetting>;
export type Overrides = ReadonlyMap<string, ParameterValue>;

type CompiledRule = { rule: Rule; facts: FactDefinition[] };

export type Facts = ReadonlyMap<string, FactValue>;
export type ParameterReader = (id: string) => { parameter: Parameter; value: ParameterValue };

/** Ready to evaluate many cases under one pack, one county's settings and optional what-if overrides. */
export class Engine {
  private readonly rules = new Map<string, CompiledRule>();
  private readonly parameters: Map<string, Parameter>;
  private readonly counties: Map<string, County>;
  private readonly factKind: (id: string) => 'yuan' | 'usd';

  constructor(
    readonly pack: PolicyPackContent,
    readonly settings: Settings = new Map(),
    readonly overrides: Overrides = new Map(),
  ) {
    this.parameters = new Map(pack.parameters.map((p) => [p.id, p]));
    this.counties = new Map(pack.counties.map((c) => [c.code, c]));
    const facts = new Map(pack.facts.map((f) => [f.id, f]));
    this.factKind = (id) => (facts.get(id)?.type === 'usd' ? 'usd' : 'yuan');
    for (const rule of pack.rules) {
      this.rules.set(rule.id, { rule, facts: ruleFacts(rule).flatMap((n) => facts.get(n) ?? []) });
    }
  }

  evaluate(raw: unknown): CaseOutcome {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '';
    const parsed = EvaluationCase.safeParse(raw);
    if (!parsed.success) return caseError(id, 'INVALID_CASE', `案例格式无效：${describeIssues(parsed.error).message}`);
    const c = parsed.data;
    const compiled = this.rules.get(c.rule);
    if (!compiled) return caseError(id, 'UNKNOWN_RULE', `政策包中没有规则「${c.rule}」`);
    const { rule } = compiled;
    const county = this.counties.get(c.subject.county);
    if (!county) return caseError(id, 'UNKNOWN_COUNTY', `区划代码「${c.subject.county}」不是本政策包中的县区`);
    if (!rule.subjectTypes.includes(c.subject.type as SubjectType)) {
      const allowed = rule.subjectTypes.map((t) => SUBJECT_TYPE_LABELS[t]).join('、');
      return caseError(id, 'SUBJECT_TYPE_MISMATCH', `规则「${rule.title}」只适用于${allowed}，不适用于主体类型「${c.subject.type}」`);
    }
    const facts = new Map<string, FactValue>();
    try {
      for (const definition of compiled.facts) facts.set(definition.id, readFact(definition, c.facts[definition.id]));
    } catch (error) {
      if (error instanceof FactError) return caseError(id, error.code, error.message);
      throw error;
    }
    const values = new Map<string, { parameter: Parameter; value: ParameterValue }>();
    const parameter: ParameterReader = (pid) => {
      const known = values.get(pid);
      if (known) return known;
      const definition = this.parameters.get(pid);
      if (!definition) throw new Error(`参数 ${pid} 不存在`); // refused when the pack loaded
      const value = this.overrides.get(pid) ?? valueInForce(definition, c.year);
      if (value === null) throw new NoValueError(`参数「${definition.label}」在 ${c.year} 年没有生效的取值`);
      const entry = { parameter: definition, value };
      values.set(pid, entry);
      return entry;
    };

    const trace: TraceStep[] = [
      {
        step: 'subject',
        text: `适用规则「${rule.title}」（${rule.clause.section}）：主体为${SUBJECT_TYPE_LABELS[c.subject.type as SubjectType]}，属${county.name}，${c.year} 年度`,
        clause: `${rule.clause.section} ${rule.clause.quote}`,
        passed: true,
      },
    ];
    try {
      let eligible = checkFrequency(rule, c, facts, trace);
      for (const condition of rule.conditions) {
        if (!checkCondition(condition, facts, parameter, this.pack.facts, trace)) eligible = false;
      }
      if (!eligible) return result(id, false, 0, null, trace);
      const amounts = awardAmount(rule, county, facts, parameter, this.settings.get(rule.id), this.factKind, trace);
      if (!amounts.eligible) return result(id, false, 0, null, trace);
      return result(id, true, amounts.amountFen, amounts.maxAmountFen, trace);
    } catch (error) {
      if (error instanceof NoValueError) return caseError(id, 'NO_PARAMETER_VALUE', error.message);
      throw error;
    }
  }
}

class NoValueError extends Error {}

function checkFrequency(rule: Rule, c: EvaluationCase, facts: Facts, trace: TraceStep[]): boolean {
  const course = facts.get('course');
  const earlier = (c.previousAwards ?? []).filter((a) => {
    if (a.rule !== rule.id) return false;
    if (rule.frequency === 'one-off') return true;
    if (a.year !== c.year) return false;
    return rule.frequency === 'annual' || course === undefined || a.course === undefined || a.course === course;
  });
  const label = FREQUENCY_LABELS[rule.frequency];
  if (earlier.length === 0) {
    trace.push({ step: 'frequency', text: `频次：${label}；此前未获本项奖补`, passed: true });
    return true;
  }
  const when = earlier.map((a) => `${a.year} 年${a.course ? `（${a.course}）` : ''}`).join('、');
  trace.push({ step: 'frequency', text: `频次：${label}；该主体已于 ${when} 获得本项奖补，不得重复`, passed: false });
  return false;
}

function checkCondition(condition: Condition, facts: Facts, parameter: ParameterReader, definitions: FactDefinition[], trace: TraceStep[]): boolean {
  const label = definitions.find((f) => f.id === condition.fact)?.label ?? condition.fact;
  const value = facts.get(condition.fact);
  if (condition.type === 'flag') {
    const passed = value === true;
    trace.push({ step: 'condition', text: `条件：${label} → ${passed ? '是，满足' : '否，不满足'}`, passed, values: { [condition.fact]: passed } });
    return passed;
  }
  const amount = value as number;
  const kind = definitions.find((f) => f.id === condition.fact)?.type === 'usd' ? 'usd' : 'yuan';
  const show = (n: number) => minorUnits(n, kind);
  if (condition.type === 'positive') {
    const passed = amount > 0;
    trace.push({ step: 'condition', text: `条件：${label} ${show(amount)} ${passed ? '> 0，已形成，满足' : '为 0，未形成，不满足'}`, passed, values: { [condition.fact]: amount } });
    return passed;
  }
  const { parameter: p, value: threshold } = parameter(condition.parameter);
  const limit = threshold as number;
  const passed = condition.bound === 'inclusive' ? amount >= limit : amount > limit;
  const op = condition.bound === 'inclusive' ? (passed ? '≥' : '<') : passed ? '>' : '≤';
  const reading = condition.bound === 'inclusive' ? '含本数' : '不含本数';
  trace.push({
    step: 'condition',
    text: `条件：${label} ${show(amount)} ${op} ${p.label} ${show(limit)}（“${condition.word}”${reading}，《民法典》第一千二百五十九条）→ ${passed ? '满足' : '不满足'}`,
    clause: `${p.clause.section} ${p.clause.quote}`,
    passed,
    values: { [condition.fact]: amount, [p.id]: limit },
  });
  return passed;
}

function result(id: string, eligible: boolean, amountFen: number | null, maxAmountFen: number | null, trace: TraceStep[]): CaseOutcome {
  return {
    id,
    eligible,
    amount: amountFen === null ? null : fenToYuanString(amountFen),
    maxAmount: maxAmountFen === null ? null : fenToYuanString(maxAmountFen),
    amountFen,
    maxAmountFen,
    trace,
  };
}

function caseError(id: string, code: CaseErrorCode, message: string): CaseOutcome {
  return { id, error: { code, message } };
}
