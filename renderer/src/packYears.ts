
import { quarterOf, quartersBetween } from '../../shared/dates';
// Which years and quarters the pickers offer, from the active policy pack's years (so a later
// year's pack needs no change here). Pure functions of the pack and today's date.

/**
 * The year a year picker opens on. While the pack runs (its years, and the year after, when the
 * last payments and reports come in): the latest of its years that has begun. Before or long
 * after it: its first year, the one these pickers always opened on.
 */
export function defaultPackYear(years: readonly number[], today: string): number {
  const thisYear = Number(today.slice(0, 4));
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return thisYear;
  if (thisYear < first || thisYear > last + 1) return first;
  return sorted.filter((y) => y <= thisYear).at(-1) ?? first;
}

/**
 * The quarters a county may report on under the pack: each of its years' four quarters and the
 * first of the year after (a year's last report is sent once it is over), none before the
 * quarter the plan was issued in nor after today's. Never empty, so a picker has a value.
 */
export function packQuarters(years: readonly number[], issuedOn: string | null, today: string): string[] {
  const all = new Set<string>();
  for (const y of years) for (const q of [...quartersBetween(`${y}Q1`, `${y}Q4`), `${y + 1}Q1`]) all.add(q);
  const sorted = [...all].sort();
  const from = issuedOn ? quarterOf(issuedOn) : (sorted[0] ?? quarterOf(today));
  const upTo = quarterOf(today);
  const shown = sorted.filter((q) => q >= from && q <= upTo);
  if (shown.length > 0) return shown;
  return [sorted.find((q) => q >= from) ?? sorted[0] ?? upTo];
}

/** The quarter a quarter picker opens on: the latest one that is over, not after the default year. */
export function defaultPackQuarter(quarters: readonly string[], defaultYear: number, today: string): string {
  const current = quarterOf(today);
  const over = quarters.filter((q) => q < current && q <= `${defaultYear}Q4`);
  return over.at(-1) ?? quarters[0] ?? current;
}
