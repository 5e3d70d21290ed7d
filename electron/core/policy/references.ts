import { FUNDS } from '../../../shared/domain/claims';
import { BOUNDARY_WORDS, type FactType, Frequency, type Parameter, type PopulationTier } from '../../../shared/domain/rules';
import { LIST_IDS } from '../../../shared/domain/registry';
import { type PolicyPackContent } from './content';

// Checks that go across a pack's files: every parameter and fact a rule names exists and has
// the right unit; boundary words agree with the Civil Code; targets name known counties; the
// population tiers cover every population exactly once.

export type PackProblem = { file: string; path: string; reason: string };

const FACT_UNITS: Partial<Record<FactType, Parameter['unit']>> = { yuan: 'fen', usd: 'usd-cents' };

export function checkPackReferences(pack: PolicyPackContent): PackProblem | null {
  const parameters = new Map(pack.parameters.map((p) => [p.id, p]));
  const facts = new Map(pack.facts.map((f) => [f.id, f]));
  const counties = new Set(pack.counties.map((c) => c.code));

  for (const p of pack.parameters) {
    const dates = p.values.map((v) => v.from);
    if (dates.some((d, i) => i > 0 && d <= (dates[i - 1] ?? ''))) {
      return { file: 'parameters.json', path: p.id, reason: '取值的生效日期必须按先后排列且不重复' };
    }
  }

  for (const [index, rule] of pack.rules.entries()) {
    const at = (part: string) => `rules.${index}.${part}`;
    const needParameter = (id: string, unit: Parameter['unit'], part: string): PackProblem | null => {
      const parameter = parameters.get(id);
      if (!parameter) return { file: 'rules.json', path: at(part), reason: `规则「${rule.title}」引用了不存在的参数 ${id}` };
      if (parameter.unit !== unit) {
        return { file: 'rules.json', path: at(part), reason: `规则「${rule.title}」的参数 ${id} 单位应为 ${unit}，实为 ${parameter.unit}` };
      }
      return null;
    };
    const needFact = (id: string, types: FactType[], part: string): PackProblem | null => {
      const fact = facts.get(id);
      if (!fact) return { file: 'rules.json', path: at(part), reason: `规则「${rule.title}」引用了未定义的事实 ${id}` };
      if (!types.includes(fact.type)) return { file: 'rules.json', path: at(part), reason: `事实 ${id} 的类型 ${fact.type} 不适用于此处` };
      return null;
    };
    for (const [ci, condition] of rule.conditions.entries()) {
      const part = `conditions.${ci}`;
      if (condition.type === 'threshold') {
        const factProblem = needFact(condition.fact, ['yuan', 'usd'], part);
        if (factProblem) return factProblem;
        const unit = FACT_UNITS[facts.get(condition.fact)?.type ?? 'text'];
        const paramProblem = unit ? needParameter(condition.parameter, unit, part) : null;
        if (paramProblem) return paramProblem;
        const reading = BOUNDARY_WORDS[condition.word];
        if (reading.bound !== condition.bound || reading.direction !== 'min') {
          return {
            file: 'rules.json',
            path: `${at(part)}.bound`,
            reason: `“${condition.word}”按${lawCitation(pack)}${reading.bound === 'inclusive' ? '包括' : '不包括'}本数，作为下限时与所写的 ${condition.bound} 不符`,
          };
        }
      } else {
        const problem = needFact(condition.fact, condition.type === 'flag' ? ['boolean'] : ['yuan', 'usd'], part);
        if (problem) return problem;
      }
    }
    const award = rule.award;
    const problem =
      award.type === 'fixed'
        ? needParameter(award.parameter, 'fen', 'award')
        : award.type === 'tiered'
          ? (needFact(award.basisFact, ['yuan', 'usd'], 'award') ?? needParameter(award.capParameter, 'fen', 'award'))
          : award.type === 'percentage'
            ? (needFact(award.baseFact, ['yuan'], 'award') ?? needParameter(award.capRateParameter, 'basis-points', 'award'))
            : (needFact(award.baseFact, ['yuan'], 'award') ??
              needParameter(award.rateParameter, 'basis-points', 'award') ??
              needParameter(award.cumulativeParameter, 'flag', 'award'));
    if (problem) return problem;
  }

  for (const [index, target] of pack.countyTargets.entries()) {
    const path = `countyTargets.${index}.rule`;
    const rule = target.rule;
    const named = rule.type === 'by-county' ? rule.groups.flatMap((g) => g.counties) : rule.type === 'joint' ? rule.counties : [];
    const unknown = named.find((c) => !counties.has(c));
    if (unknown) return { file: 'targets.json', path, reason: `任务 ${target.task} 的目标引用了不存在的县区 ${unknown}` };
    if (new Set(named).size !== named.length) return { file: 'targets.json', path, reason: `任务 ${target.task} 的目标中同一县区出现两次` };
    if (rule.type === 'population-tier') {
      const basis = parameters.get(rule.basisParameter);
      if (basis?.unit !== 'choice' || !('resident' in basis.options) || !('registered' in basis.options)) {
        return { file: 'targets.json', path, reason: `人口口径参数 ${rule.basisParameter} 必须是可选常住人口或户籍人口的参数` };
      }
      const gap = checkTierCoverage(rule.tiers);
      if (gap) return { file: 'targets.json', path: `${path}.tiers`, reason: gap };
    }
  }
  return checkReadings(pack) ?? checkIndicators(pack);
}

/** The law the pack cites for 以上/超过: the one in force when its plan was issued, and the one after. */
function lawCitation(pack: PolicyPackContent): string {
  const citations = (pack.law?.boundary ?? []).map((b) => b.citation);
  return citations.length ? citations.join('（现为') + '）'.repeat(citations.length - 1) : '《中华人民共和国民法典》第一千二百五十九条';
}

/**
 * Every reading the code acts on offers only values the code knows: a rule's frequency, the fund
 * a rule draws on, and the readings indicators name exist.
 */
function checkReadings(pack: PolicyPackContent): PackProblem | null {
  const rules = new Set<string>(pack.rules.map((r) => r.id));
  const known: Record<string, readonly string[]> = { frequency: Frequency.options, fund: FUNDS };
  for (const [index, reading] of pack.readings.entries()) {
    const problem = (part: string, reason: string): PackProblem => ({ file: 'readings.json', path: `readings.${index}.${part}`, reason: `「${reading.label}」${reason}` });
    const [family, rule] = reading.id.split(':');
    if (rule === undefined) continue;
    const values = known[family ?? ''];
    if (!values) return problem('id', `的类别 ${family} 无法识别（应为 frequency 或 fund）`);
    if (!rules.has(rule)) return problem('id', `引用了不存在的规则 ${rule}`);
    const unknown = Object.keys(reading.options).find((o) => !values.includes(o));
    if (unknown) return problem('options', `的选项 ${unknown} 无法识别（可选：${values.join('、')}）`);
  }
  const ids = new Set(pack.readings.map((r) => r.id));
  for (const [index, indicator] of (pack.progress?.indicators ?? []).entries()) {
    const reading = indicator.measure?.type === 'count-subjects' ? indicator.measure.reading : undefined;
    if (reading && !ids.has(reading)) return { file: 'indicators.json', path: `indicators.${index}.measure.reading`, reason: `指标「${indicator.label}」引用了 readings.json 中没有的解读 ${reading}` };
  }
  return null;
}

/** Every indicator names a task, list, fact, rule and target that the pack (or the registry) has. */
function checkIndicators(pack: PolicyPackContent): PackProblem | null {
  if (!pack.progress) return null;
  const tasks = new Set(pack.tasks.map((t) => t.no));
  const countyIndicators = new Set<string>(pack.countyTargets.map((t) => t.indicator));
  const cityTargets = new Set(pack.cityTargets.map((t) => t.id));
  const rules = new Set<string>(pack.rules.map((r) => r.id));
  for (const [index, indicator] of pack.progress.indicators.entries()) {
    const problem = (part: string, reason: string): PackProblem => ({ file: 'indicators.json', path: `indicators.${index}.${part}`, reason: `指标「${indicator.label}」${reason}` });
    if (!tasks.has(indicator.task)) return problem('task', `所属的任务 ${indicator.task} 不在任务分解表中`);
    const target = indicator.target;
    if (target.type === 'county' && !countyIndicators.has(target.indicator)) return problem('target', `引用的县区目标 ${target.indicator} 未在 targets.json 中定义`);
    if (target.type === 'local' && target.cityTarget && !cityTargets.has(target.cityTarget)) return problem('target', `引用的全市目标 ${target.cityTarget} 未在 targets.json 中定义`);
    if (indicator.sumsTo && !cityTargets.has(indicator.sumsTo)) return problem('sumsTo', `汇总到的全市目标 ${indicator.sumsTo} 未在 targets.json 中定义`);
    const measure = indicator.measure;
    if (!measure) continue;
    for (const list of 'lists' in measure ? measure.lists : []) {
      if (!(LIST_IDS as readonly string[]).includes(list)) return problem('measure.lists', `引用了不存在的名单 ${list}`);
    }
    for (const rule of measure.type === 'claims' ? (measure.rules ?? []) : []) {
      if (!rules.has(rule)) return problem('measure.rules', `引用了不存在的规则 ${rule}`);
    }
    if ((measure.type === 'claims' && measure.value !== 'count') || measure.type === 'sum-field') {
      if (indicator.unit !== '元') return problem('unit', '是金额，单位应为“元”');
    }
  }
  return null;
}

/** Tiers in ascending order must meet end to end, each shared number owned by exactly one tier. */
export function checkTierCoverage(tiers: readonly PopulationTier[]): string | null {
  const first = tiers[0];
  const last = tiers[tiers.length - 1];
  if (!first || !last) return '没有分档';
  if (first.min !== null) return '第一档必须从 0 开始（没有下限）';
  if (last.max !== null) return '最后一档必须没有上限';
  for (let i = 0; i + 1 < tiers.length; i++) {
    const a = tiers[i]!;
    const b = tiers[i + 1]!;
    if (a.max === null || b.min === null || a.max !== b.min) return `第 ${i + 1} 档与第 ${i + 2} 档之间有空隙或重叠`;
    const owners = (a.maxBound === 'inclusive' ? 1 : 0) + (b.minBound === 'inclusive' ? 1 : 0);
    if (owners !== 1) {
      return `人口恰为 ${a.max} 时${owners === 0 ? '不属于任何一档' : '同时属于两档'}，必须写明归属`;
    }
  }
  return null;
}
