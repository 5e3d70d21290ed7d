import type { County } from '../../shared/domain/counties';
import { type CityTarget, type CountyTarget, INDICATOR_LABELS } from '../../shared/domain/rules';

/** "电商示范村 6 个以上；示范点 10 个" for one task of one county. */
export function countyTargetText(targets: readonly CountyTarget[], counties: readonly County[]): string {
  return targets
    .map((t) => {
      const amount = t.target === null ? '待核定' : `${t.target} ${t.unit}${t.atLeast ? '以上' : ''}`;
      const partners = t.joint?.filter((c) => c !== t.county).map((c) => counties.find((x) => x.code === c)?.name ?? c);
      return `${INDICATOR_LABELS[t.indicator]} ${amount}${partners?.length ? `（与${partners.join('、')}共同承担）` : ''}`;
    })
    .join('；');
}

export function cityTargetText(targets: readonly CityTarget[]): string {
  return targets.map((t) => `${t.label} ${t.target} ${t.unit}${t.atLeast ? '以上' : ''}`).join('；');
}
