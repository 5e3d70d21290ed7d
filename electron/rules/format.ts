import { formatFen, formatYuan } from '../../shared/money';

// How amounts read in traces and messages.

export const usd = (cents: number): string => `${formatFen(cents)} 美元`;
export const yuan = formatYuan;

/** 500 basis points → "5%"; 250 → "2.5%". */
export function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

export function minorUnits(value: number, kind: 'yuan' | 'usd'): string {
  return kind === 'usd' ? usd(value) : yuan(value);
}
