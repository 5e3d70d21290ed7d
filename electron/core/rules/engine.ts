import type { County } from '../../../shared/domain/counties';
import { ruleFacts } from '../../../shared/domain/policy-text';
import {
  type CaseErrorCode,
  type CaseOutcome,
  type Condition,
  type EvaluationCase,
  type FactDefinition,
  Frequency,
  FREQUENCY_LABELS,
  type Parameter,
  type ParameterValue,
  type Rule,
  type RuleId,
  type RuleSetting,
  SUBJECT_TYPE_LABELS,
  type SubjectType,
  type TraceStep,
} from '../../../shared/domain/rules';
import { fenToYuanString } from '../../../shared/money';
import { describeIssues } from '../../../shared/validation';
import { awardAmount } from './awards';
import { parseCase } from './case-shape';
import { type Facts, type FactValue, FactError, readFact } from './facts';
import { minorUnits } from './format';
import { valueInForce } from './parameters';
import { readingText } from '../../../shared/domain/readings';
import { type PolicyPackContent } from '../policy/content';
import { defaultReadings, type Readings } from '../readings/readings';

// The rules engine: pure code over the pack. It never evaluates text as code. Every result
// carries an ordered trace in Chinese: each step names what was checked, the clause, the values
// compared and the outcome. Written without per-case closures: it runs for every claim.

export type Settings = ReadonlyMap<RuleId, RuleSetting>;
export type Overrides = ReadonlyMap<string, ParameterValue>;
export type ParameterEntry = { parameter: Parameter; value: ParameterValue };

type CompiledRule = { rule: Rule; facts: FactDefinition[]; clause: string; frequency: Frequency; frequencySource: string };

/** The pack as the engine runs it: its content, and, when it is known, the years it covers. */
export type EnginePack = PolicyPackContent & { meta?: { years: readonly number[]; title: string; docNo: string } };

/** Parameter values for one case's year, looked up once each. */
export class CaseParameters {
  private readonly cache = new Map<string, ParameterEntry>();
  constructor(
    private readonly engine: Engine,
    readonly year: number,
  ) {}

  get(id: string): ParameterEntry {
    let entry = this.cache.get(id);
    if (!entry) {
      entry = this.engine.parameterFor(id, this.year);
      this.cache.set(id, entry);
    }
    return entry;
  }

  clause(id: string): string {
    const p = this.get(id).parameter;
    return `${p.clause.section} ${p.clause.quote}`;
  }
}

export class NoValueError extends Error {}

/** A case as the engine reads it: nothing in it is written to. */
export type DecidableCase = Omit<EvaluationCase, 'facts' | 'previousAwards'> & {
  facts: Readonly<EvaluationCase['facts']>;
  previousAwards?: readonly NonNullable<EvaluationCase['previousAwards']>[number][];
};

/** Ready to evaluate many cases under one pack, one county's settings and optional what-if overrides. */
export class Engine {
  private readonly rules = new Map<string, CompiledRule>();
  private readonly parameters: Map<string, Parameter>;
  private readonly counties: Map<string, County>;
  readonly facts: Map<string, FactDefinition>;
  readonly settings: Settings;
  private readonly years: ReadonlySet<number> | null;

  constructor(
    readonly pack: EnginePack,
    settings: Settings = new Map(),
    readonly overrides: Overrides = new Map(),
    readonly readings: Readings = defaultReadings(pack),
  ) {
    this.years = pack.meta ? new Set(pack.meta.years) : null;
    this.parameters = new Map(pack.parameters.map((p) => [p.id, p]));
    this.counties = new Map(pack.counties.map((c) => [c.code, c]));
    this.facts = new Map(pack.facts.map((f) => [f.id, f]));
    for (const rule of pack.rules) {
      const facts = ruleFacts(rule).flatMap((n) => this.facts.get(n) ?? []);
      this.rules.set(rule.id, { rule, facts, clause: `${rule.clause.section} ${rule.clause.quote}`, ...this.frequencyOf(rule) });
    }
    // Tier tables sorted once, not per case.
    this.settings = new Map(
      [...settings].map(([id, s]) => [id, s.type === 'tiers' ? { ...s, tiers: [...s.tiers].sort((a, b) => a.atLeast - b.atLeast) } : s]),
    );
  }

  /** How often a rule may award one subject: the plan's word where it has one, else the county's reading. */
  private frequencyOf(rule: Rule): { frequency: Frequency; frequencySource: string } {
    const reading = this.readings.get(`frequency:${rule.id}`);
    const frequency = Frequency.safeParse(reading?.value);
    if (reading && frequency.success) return { frequency: frequency.data, frequencySource: readingText(reading) };
    return { frequency: rule.frequency, frequencySource: '' };
  }

  /** The law that reads 以上/超过 as the plan uses them, as in force on a day (null for packs without it). */
  private boundaryLaw(day: string): string | null {
    let citation: string | null = null;
    for (const dated of this.pack.law?.boundary ?? []) if (dated.from <= day) citation = dated.citation;
    return citation;
  }

  factKind(id: string): 'yuan' | 'usd' {
    return this.facts.get(id)?.type === 'usd' ? 'usd' : 'yuan';
  }

  parameterFor(id: string, year: number): ParameterEntry {
    const parameter = this.parameters.get(id);
    if (!parameter) throw new Error(`参数 ${id} 不存在`); // refused when the pack loaded
    const value = this.overrides.get(id) ?? valueInForce(parameter, year);
    if (value === null) throw new NoValueError(`参数「${parameter.label}」在 ${year} 年没有生效的取值`);
    return { parameter, value };
  }

  evaluate(raw: unknown): CaseOutcome {
    const parsed = parseCase(raw);
    if (!parsed.ok) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '';
      return caseError(id, 'INVALID_CASE', `案例格式无效：${describeIssues(parsed.error).message}`);
    }
    return this.decide(parsed.value);
  }

  /**
   * A case already known to be what EvaluationCase accepts, decided without reading its shape
   * again: for a caller that built it from checked parts (the city's recheck, case after case).
   */
  decide(c: DecidableCase): CaseOutcome {
    return this.run(c, true);
  }

  /**
   * The same decision without its trace (`trace` comes back empty): the same code as `decide`,
   * with every step's text left unbuilt. For a caller that needs only eligibility and amount, and
   * decides again with the trace when it must show why (the city's recheck of a claim it finds 一致).
   */
  decideUntraced(c: DecidableCase): CaseOutcome {
    return this.run(c, false);
  }

  private run(c: DecidableCase, traced: boolean): CaseOutcome {
    const id = c.id;
    const compiled = this.rules.get(c.rule);
    if (!compiled) return caseError(id, 'UNKNOWN_RULE', `政策包中没有规则「${c.rule}」`);
    const { rule } = compiled;
    if (this.years && !this.years.has(c.year)) {
      const covered = [...this.years].sort().join('、');
      return caseError(id, 'YEAR_NOT_COVERED', `当前政策包《${this.pack.meta?.title ?? ''}》（${this.pack.meta?.docNo ?? ''}）适用于 ${covered} 年度，不能判定 ${c.year} 年度的奖补；请先载入适用于 ${c.year} 年度的政策包`);
    }
    const county = this.counties.get(c.subject.county);
    if (!county) return caseError(id, 'UNKNOWN_COUNTY', `区划代码「${c.subject.county}」不是本政策包中的县区`);
    const subjectType = c.subject.type as SubjectType;
    if (!rule.subjectTypes.includes(subjectType)) {
      const allowed = rule.subjectTypes.map((t) => SUBJECT_TYPE_LABELS[t]).join('、');
      return caseError(id, 'SUBJECT_TYPE_MISMATCH', `规则「${rule.title}」只适用于${allowed}，不适用于主体类型「${c.subject.type}」`);
    }
    const facts: Record<string, FactValue> = {};
    try {
      for (const definition of compiled.facts) facts[definition.id] = readFact(definition, c.facts[definition.id]);
    } catch (error) {
      if (error instanceof FactError) return caseError(id, error.code, error.message);
      throw error;
    }
    const parameters = new CaseParameters(this, c.year);
    const trace: TraceStep[] | null = traced ? [] : null;
    trace?.push(
      {
        step: 'subject',
        text: `适用规则「${rule.title}」（${rule.clause.section}）：主体为${SUBJECT_TYPE_LABELS[subjectType]}，属${county.name}，${c.year} 年度`,
        clause: compiled.clause,
        passed: true,
      },
    );
    try {
      let eligible = checkFrequency(compiled, c, facts, trace);
      const law = trace ? this.boundaryLaw(c.decidedOn ?? `${c.year}-12-31`) : null; // named in the trace only
      for (const condition of rule.conditions) {
        if (!this.checkCondition(condition, facts, parameters, trace, law)) eligible = false;
      }
      if (!eligible) return result(id, false, 0, null, trace);
      const amounts = awardAmount(this, rule, county, facts, parameters, trace);
      return amounts.eligible ? result(id, true, amounts.amountFen, amounts.maxAmountFen, trace) : result(id, false, 0, null, trace);
    } catch (error) {
      if (error instanceof NoValueError) return caseError(id, 'NO_PARAMETER_VALUE', error.message);
      throw error;
    }
  }

  private checkCondition(condition: Condition, facts: Facts, parameters: CaseParameters, trace: TraceStep[] | null, law: string | null): boolean {
    const value = facts[condition.fact];
    if (condition.type === 'flag') {
      const passed = value === true;
      trace?.push({ step: 'condition', text: `条件：${this.label(condition.fact)} → ${passed ? '是，满足' : '否，不满足'}`, passed, values: { [condition.fact]: passed } });
      return passed;
    }
    const amount = value as number;
    const kind = this.factKind(condition.fact);
    if (condition.type === 'positive') {
      const passed = amount > 0;
      trace?.push({ step: 'condition', text: `条件：${this.label(condition.fact)} ${minorUnits(amount, kind)} ${passed ? '> 0，已形成，满足' : '为 0，未形成，不满足'}`, passed, values: { [condition.fact]: amount } });
      return passed;
    }
    const { parameter: p, value: threshold } = parameters.get(condition.parameter);
    const limit = threshold as number;
    const inclusive = condition.bound === 'inclusive';
    const passed = inclusive ? amount >= limit : amount > limit;
    trace?.push({
      step: 'condition',
      text: `条件：${this.label(condition.fact)} ${minorUnits(amount, kind)} ${inclusive ? (passed ? '≥' : '<') : passed ? '>' : '≤'} ${p.label} ${minorUnits(limit, kind)}（“${condition.word}”${inclusive ? '含本数' : '不含本数'}${law ? `，${law}` : ''}）→ ${passed ? '满足' : '不满足'}`,
      clause: parameters.clause(condition.parameter),
      passed,
      values: { [condition.fact]: amount, [p.id]: limit },
    });
    return passed;
  }

  private label(fact: string): string {
    return this.facts.get(fact)?.label ?? fact;
  }
}

function checkFrequency({ rule, frequency, frequencySource }: CompiledRule, c: DecidableCase, facts: Facts, trace: TraceStep[] | null): boolean {
  const course = facts.course;
  let when = '';
  for (const a of c.previousAwards ?? []) {
    if (a.rule !== rule.id) continue;
    if (frequency !== 'one-off') {
      if (a.year !== c.year) continue;
      if (frequency === 'annual-per-course' && course !== undefined && a.course !== undefined && a.course !== course) continue;
    }
    when += `${when ? '、' : ''}${a.year} 年${a.course ? `（${a.course}）` : ''}`;
  }
  if (when === '') {
    trace?.push({ step: 'frequency', text: `频次：${frequencyLabel(frequency, frequencySource)}；此前未获本项奖补`, passed: true });
    return true;
  }
  trace?.push({ step: 'frequency', text: `频次：${frequencyLabel(frequency, frequencySource)}；该主体已于 ${when} 获得本项奖补，不得重复`, passed: false });
  return false;
}

function frequencyLabel(frequency: Frequency, source: string): string {
  return `${FREQUENCY_LABELS[frequency]}${source ? `（${source}）` : ''}`;
}

function result(id: string, eligible: boolean, amountFen: number | null, maxAmountFen: number | null, trace: TraceStep[] | null): CaseOutcome {
  return {
    id,
    eligible,
    amount: amountFen === null ? null : fenToYuanString(amountFen),
    maxAmount: maxAmountFen === null ? null : fenToYuanString(maxAmountFen),
    amountFen,
    maxAmountFen,
    trace: trace ?? [],
  };
}

function caseError(id: string, code: CaseErrorCode, message: string): CaseOutcome {
  return { id, error: { code, message } };
}
