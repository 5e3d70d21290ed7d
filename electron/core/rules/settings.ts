import type { RuleSetting } from '../../../shared/domain/rules';
import { percent, yuan } from './format';
import { valueInForce } from './parameters';
import { type PolicyPackContent } from '../policy/content';

/**
 * A county's tier table or rate must stay within the city's cap for every year the pack governs.
 * Returns the reason in Chinese, naming the rule and its clause, or null when it is acceptable.
 */
export function checkRuleSetting(pack: PolicyPackContent & { meta: { years: number[] } }, setting: RuleSetting): string | null {
  const rule = pack.rules.find((r) => r.id === setting.rule);
  if (!rule) return `政策包中没有规则「${setting.rule}」`;
  const name = `「${rule.title}」（${rule.clause.section}）`;
  const award = rule.award;
  const capParameterId = award.type === 'tiered' ? award.capParameter : award.type === 'percentage' ? award.capRateParameter : null;
  if (setting.type === 'tiers' && award.type !== 'tiered') return `${name}不是分档奖励，不能设置分档标准`;
  if (setting.type === 'rate' && award.type !== 'percentage') return `${name}不是按比例计算的奖补，不能设置比例`;
  const parameter = pack.parameters.find((p) => p.id === capParameterId);
  if (!parameter) return `${name}缺少上限参数`;
  const caps = pack.meta.years.map((y) => valueInForce(parameter, y)).filter((v): v is number => typeof v === 'number');
  if (caps.length === 0) return `${name}的上限在政策适用年度没有生效值`;
  const cap = Math.min(...caps);
  if (setting.type === 'rate') {
    return setting.rateBasisPoints > cap ? `${name}的比例 ${percent(setting.rateBasisPoints)} 超过上限 ${percent(cap)}（${parameter.clause.quote}）` : null;
  }
  for (const [i, tier] of setting.tiers.entries()) {
    const previous = setting.tiers[i - 1];
    if (previous && tier.atLeast <= previous.atLeast) return `${name}第 ${i + 1} 档的起点必须高于第 ${i} 档`;
    if (tier.awardFen > cap) return `${name}第 ${i + 1} 档奖励 ${yuan(tier.awardFen)} 超过上限 ${yuan(cap)}（${parameter.clause.quote}）`;
  }
  return null;
}
