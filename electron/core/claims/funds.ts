import { type Fund, FUNDS } from '../../../shared/domain/claims';
import type { Readings } from '../readings/readings';

// Which fund a rule's awards are paid from: the county's setting fund:<rule> (本县设置), or the
// special fund for e-commerce where the pack offers no such setting.

export function fundOf(readings: Readings, rule: string): Fund {
  const value = readings.get(`fund:${rule}`)?.value;
  return FUNDS.find((f) => f === value) ?? 'commerce';
}

/** The rules that draw on a fund, among those given. */
export function rulesOfFund(readings: Readings, rules: readonly string[], fund: Fund): string[] {
  return rules.filter((rule) => fundOf(readings, rule) === fund);
}
