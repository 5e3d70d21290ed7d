import { formatFen, formatYuan } from '../money';
import { formatChineseDate } from '../dates';
import type { Condition, FactDefinition, Parameter, ParameterValue, Rule } from './rules';

// How the pack reads to a clerk: parameter values, conditions and awards in Chinese.

export function formatPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

export function formatParameterValue(parameter: Parameter, value: ParameterValue): string {
  switch (parameter.unit) {
    case 'fen':
      return formatYuan(value as number);
    case 'usd-cents':
      return `${formatFen(value as number)} 美元`;
    case 'basis-points':
      return formatPercent(value as number);
    case 'flag':
      return value ? '是' : '否';
    case 'choice':
      return parameter.options[value as string] ?? String(value);
  }
}

/** The value in force now and since when, e.g. "10,000.00 元（2019年8月30日起）". */
export function currentParameterText(parameter: Parameter): string {
  const latest = parameter.values[parameter.values.length - 1];
  if (!latest) return '';
  return `${formatParameterValue(parameter, latest.value)}（${formatChineseDate(latest.from)}起）`;
}

export function describeCondition(condition: Condition, facts: readonly FactDefinition[], parameters: readonly Parameter[]): string {
  const fact = facts.find((f) => f.id === condition.fact)?.label ?? condition.fact;
  switch (condition.type) {
    case 'flag':
      return fact;
    case 'positive':
      return `${fact}大于 0`;
    case 'threshold': {
      const parameter = parameters.find((p) => p.id === condition.parameter);
      const limit = parameter ? currentParameterText(parameter).replace(/（.*$/, '') : condition.parameter;
      const reading = condition.bound === 'inclusive' ? '含本数' : '不含本数';
      return `${fact}${condition.word} ${limit}（${reading}）`;
    }
  }
}

export function describeAward(rule: Rule, parameters: readonly Parameter[]): string {
  const value = (id: string) => {
    const parameter = parameters.find((p) => p.id === id);
    return parameter ? currentParameterText(parameter).replace(/（.*$/, '') : id;
  };
  const award = rule.award;
  switch (award.type) {
    case 'fixed':
      return `定额 ${value(award.parameter)}`;
    case 'tiered':
      return `分档奖励，上限 ${value(award.capParameter)}（档次由本县设定，未设定前申报不能提交）`;
    case 'percentage':
      return `按比例，上限 ${value(award.capRateParameter)}（比例由本县设定，未设定前申报不能提交）`;
    case 'uplift':
      return `上浮 ${value(award.rateParameter)}（贫困县、行蓄洪区；两者兼有时是否叠加：${value(award.cumulativeParameter)}）`;
  }
}

/** The facts a rule reads, in the order a form should ask for them. */
export function ruleFacts(rule: Rule): string[] {
  const names = rule.conditions.map((c) => c.fact);
  const award = rule.award;
  names.push(award.type === 'tiered' ? award.basisFact : award.type === 'fixed' ? '' : award.baseFact);
  if (rule.frequency === 'annual-per-course') names.push('course');
  return [...new Set(names.filter((n) => n !== ''))];
}
