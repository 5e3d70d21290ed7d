import type { County } from '../../../shared/domain/counties';
import type { ParameterValue, Rule, RuleSetting, TraceStep } from '../../../shared/domain/rules';
import { percentOfFen } from '../../../shared/money';
import type { Facts } from './facts';
import { minorUnits, percent, yuan } from './format';

export type Amounts = { eligible: boolean; amountFen: number | null; maxAmountFen: number | null };

/** What the amount step needs of the engine: the county's settings and each fact's currency. */
export type AwardSettings = { readonly settings: ReadonlyMap<string, RuleSetting>; factKind(id: string): 'yuan' | 'usd' };
/** And of the case: each parameter's value in force for its year, and the clause it cites. */
export type AwardParameters = { get(id: string): { value: ParameterValue }; clause(id: string): string };

/**
 * The amount step of a rule, once its subject, frequency and conditions hold. Without a trace
 * (null) nothing is written for it: `trace?.push(…)` does not even build the step's text.
 */
export function awardAmount(engine: AwardSettings, rule: Rule, county: County, facts: Facts, parameters: AwardParameters, trace: TraceStep[] | null): Amounts {
  const award = rule.award;
  const setting: RuleSetting | undefined = engine.settings.get(rule.id);
  switch (award.type) {
    case 'fixed': {
      const amount = parameters.get(award.parameter).value as number;
      trace?.push({ step: 'amount', text: `金额：定额 ${yuan(amount)}`, clause: parameters.clause(award.parameter), passed: true, values: { [award.parameter]: amount } });
      return { eligible: true, amountFen: amount, maxAmountFen: amount };
    }
    case 'tiered': {
      const cap = parameters.get(award.capParameter).value as number;
      const basis = facts[award.basisFact] as number;
      const kind = engine.factKind(award.basisFact);
      const clause = parameters.clause(award.capParameter);
      if (setting?.type !== 'tiers') {
        trace?.push({ step: 'amount', text: `金额：本县尚未设置分档标准，暂不能确定金额；上限 ${yuan(cap)}`, clause, passed: null, values: { cap } });
        return { eligible: true, amountFen: null, maxAmountFen: cap };
      }
      const tiers = setting.tiers; // sorted by the engine
      let index = -1;
      for (let i = 0; i < tiers.length; i++) if (basis >= tiers[i]!.atLeast) index = i;
      const tier = tiers[index];
      if (!tier) {
        trace?.push({ step: 'amount', text: `金额：${minorUnits(basis, kind)} 未达到本县最低档（${minorUnits(tiers[0]?.atLeast ?? 0, kind)}），金额为 0`, clause, passed: null });
        return { eligible: true, amountFen: 0, maxAmountFen: cap };
      }
      const amount = Math.min(tier.awardFen, cap);
      trace?.push({
        step: 'amount',
        text: `金额：按本县分档标准，${minorUnits(basis, kind)} 适用第 ${index + 1} 档（${minorUnits(tier.atLeast, kind)} 以上），奖励 ${yuan(tier.awardFen)}`,
        passed: true,
        values: { tier: index + 1, tierAward: tier.awardFen },
      });
      trace?.push({
        step: 'cap',
        text: tier.awardFen > cap ? `上限：分档金额超过上限 ${yuan(cap)}，按上限发放` : `上限：不超过 ${yuan(cap)}`,
        clause,
        passed: true,
        values: { cap },
      });
      return { eligible: true, amountFen: amount, maxAmountFen: cap };
    }
    case 'percentage': {
      // "以内" caps the rate; the rate itself is the county's to set, and nothing is paid before it does
      const capRate = parameters.get(award.capRateParameter).value as number;
      const base = facts[award.baseFact] as number;
      const clause = parameters.clause(award.capRateParameter);
      const maxAmountFen = percentOfFen(base, capRate);
      if (setting?.type !== 'rate') {
        trace?.push({ step: 'amount', text: `金额：本县尚未设定比例，暂不能确定金额；上限为 ${yuan(base)} × ${percent(capRate)} = ${yuan(maxAmountFen)}`, clause, passed: null, values: { base, capRateBasisPoints: capRate } });
        return { eligible: true, amountFen: null, maxAmountFen };
      }
      const rate = Math.min(setting.rateBasisPoints, capRate);
      const amount = percentOfFen(base, rate);
      trace?.push({
        step: 'amount',
        text: `金额：${yuan(base)} × ${percent(rate)}（本县设定比例${setting.rateBasisPoints > capRate ? '，超过上限按上限' : ''}）= ${yuan(amount)}，向下取整到分`,
        clause,
        passed: true,
        values: { base, rateBasisPoints: rate },
      });
      return { eligible: true, amountFen: amount, maxAmountFen };
    }
    case 'uplift': {
      const rate = parameters.get(award.rateParameter).value as number;
      const cumulative = parameters.get(award.cumulativeParameter).value as boolean;
      const base = facts[award.baseFact] as number;
      const poverty = county.povertyCounty2019.value;
      const flood = county.floodStorage.value === 'yes';
      const floodText =
        county.floodStorage.value === 'yes'
          ? '含行蓄洪区'
          : county.floodStorage.value === 'unconfirmed'
            ? '行蓄洪区待核实，暂不计'
            : '不含已确认的行蓄洪区';
      const grounds = (poverty ? 1 : 0) + (flood ? 1 : 0);
      trace?.push({
        step: 'condition',
        text: `条件：${county.name}${poverty ? '是贫困县' : '不是贫困县'}（${county.povertyCounty2019.source}），${floodText}（${county.floodStorage.source}）→ ${grounds > 0 ? '满足' : '不满足'}`,
        clause: parameters.clause(award.rateParameter),
        passed: grounds > 0,
        values: { poverty, floodStorage: county.floodStorage.value },
      });
      if (grounds === 0) return { eligible: false, amountFen: 0, maxAmountFen: null };
      const times = cumulative ? grounds : 1;
      const amount = percentOfFen(base, rate * times);
      const reading = grounds > 1 ? (cumulative ? `两项均具备，按叠加上浮 ${percent(rate * times)}` : '两项均具备，按不叠加只上浮一次') : `上浮 ${percent(rate)}`;
      trace?.push({
        step: 'amount',
        text: `金额：基础分配额 ${yuan(base)}，${reading}，上浮金额 ${yuan(amount)}，向下取整到分`,
        clause: parameters.clause(award.cumulativeParameter),
        passed: true,
        values: { base, rateBasisPoints: rate * times },
      });
      return { eligible: true, amountFen: amount, maxAmountFen: amount };
    }
  }
}
