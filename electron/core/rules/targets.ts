import type { County } from '../../../shared/domain/counties';
import type { CountyTarget, PopulationTier } from '../../../shared/domain/rules';
import { valueInForce } from './parameters';
import { type PolicyPackContent } from '../policy/content';

export type PopulationBasis = 'resident' | 'registered';

/** Every county's target for every county-level indicator, as the pack's target rules give it. */
export function countyTargets(pack: PolicyPackContent, year: number, basisOverride?: PopulationBasis): CountyTarget[] {
  const out: CountyTarget[] = [];
  for (const definition of pack.countyTargets) {
    const base = { task: definition.task, indicator: definition.indicator, unit: definition.unit, atLeast: definition.atLeast };
    const rule = definition.rule;
    if (rule.type === 'population-tier') {
      const parameter = pack.parameters.find((p) => p.id === rule.basisParameter);
      const basis = (basisOverride ?? valueInForce(parameter!, year) ?? 'resident') as PopulationBasis;
      for (const county of pack.counties) {
        const tier = populationTier(county, basis, rule.tiers);
        out.push({ ...base, county: county.code, target: tier.target, basis: tier.basis });
      }
    } else if (rule.type === 'by-county') {
      for (const group of rule.groups) {
        for (const county of group.counties) out.push({ ...base, county, target: group.target, basis: group.quote });
      }
    } else {
      for (const county of rule.counties) out.push({ ...base, county, target: rule.target, joint: rule.counties, basis: rule.quote });
    }
  }
  const order = new Map(pack.counties.map((c, i) => [c.code, i]));
  return out.sort((a, b) => (order.get(a.county) ?? 0) - (order.get(b.county) ?? 0) || a.task - b.task);
}

export function inTier(population: number, tier: PopulationTier): boolean {
  const aboveMin = tier.min === null || (tier.minBound === 'inclusive' ? population >= tier.min : population > tier.min);
  const belowMax = tier.max === null || (tier.maxBound === 'inclusive' ? population <= tier.max : population < tier.max);
  return aboveMin && belowMax;
}

function populationTier(county: County, basis: PopulationBasis, tiers: PopulationTier[]): { target: number | null; basis: string } {
  const fact = basis === 'resident' ? county.populationResident : county.populationRegistered;
  const basisLabel = basis === 'resident' ? '常住人口' : '户籍人口';
  if (fact.value === null) return { target: null, basis: `${basisLabel}缺失（${fact.source}），须由配置单位核定` };
  const population = fact.value;
  const tier = tiers.find((t) => inTier(population, t));
  if (!tier) return { target: null, basis: `${basisLabel} ${population} 不在任何分档中` };
  return { target: tier.target, basis: `${basisLabel} ${population.toLocaleString('en-US')} 人（${fact.source}）：${tier.quote}` };
}
