import { formatPercent } from '../../../shared/domain/policy-text';
import { formatFen, formatYuan } from '../../../shared/money';

// How amounts read in traces and messages.

export const usd = (cents: number): string => `${formatFen(cents)} 美元`;
export const yuan = formatYuan;
export const percent = formatPercent;

export function minorUnits(value: number, kind: 'yuan' | 'usd'): string {
  return kind === 'usd' ? usd(value) : yuan(value);
}
