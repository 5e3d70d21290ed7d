// Dates travel as ISO calendar dates ("2019-12-31"); documents show them as 2019年12月31日.
// The bureau's calendar is China's (UTC+8, no daylight saving), whatever the machine's time
// zone: every "today", month and local time of an instant is taken here and nowhere else.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CHINA_UTC_OFFSET_MS = 8 * 3600_000;

/** A date or time that does not exist; a RangeError that carries the code the clerk's message goes out with. */
export class InvalidDateError extends RangeError {
  readonly code = 'VALIDATION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDateError';
  }
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function formatChineseDate(isoDate: string): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match || !isIsoDate(isoDate)) throw new InvalidDateError(`不是有效日期：${isoDate}`);
  const [, y, m, d] = match;
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/**
 * The wall clock in China at an instant, as a Date whose UTC fields read China's local date and
 * time (getUTCFullYear() is the year in China, getUTCHours() the hour there).
 */
export function chinaWallClock(instant: Date | string | number): Date {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new InvalidDateError(`不是有效时间：${String(instant)}`);
  return new Date(ms + CHINA_UTC_OFFSET_MS);
}

/** The calendar day in China at an instant, as YYYY-MM-DD. */
export function chinaToday(instant: Date | string | number): string {
  return chinaWallClock(instant).toISOString().slice(0, 10);
}

/** The month in China at an instant, as YYYY-MM. */
export function chinaMonth(instant: Date | string | number): string {
  return chinaWallClock(instant).toISOString().slice(0, 7);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2019-08-30T02:03:04.000Z → 10:03 in China. */
export function chinaTimeOfDay(instant: Date | string | number): string {
  const local = chinaWallClock(instant);
  return `${local.getUTCHours()}:${pad(local.getUTCMinutes())}`;
}

/** 2019-08-30T02:03:04.000Z → 2019年8月30日 10:03 (China Standard Time, UTC+8, no DST). */
export function formatChineseDateTime(isoInstant: string): string {
  const local = chinaWallClock(isoInstant);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** An ISO date moved by whole days. */
export function addDays(isoDate: string, days: number): string {
  if (!isIsoDate(isoDate)) throw new InvalidDateError(`不是有效日期：${isoDate}`);
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ── Quarters (2019Q4), as progress is reported ─────────────────────────────────────────────

export const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;
const QUARTER_WORDS = ['一', '二', '三', '四'] as const;

export function quarterParts(quarter: string): { year: number; q: 1 | 2 | 3 | 4 } {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) throw new InvalidDateError(`季度格式应为 2019Q4（年份 + Q + 1～4），实为“${quarter}”`);
  return { year: Number(m[1]), q: Number(m[2]) as 1 | 2 | 3 | 4 };
}

/** 2019Q4 → 2019年第四季度 */
export function quarterLabel(quarter: string): string {
  const { year, q } = quarterParts(quarter);
  return `${year}年第${QUARTER_WORDS[q - 1]}季度`;
}

const LAST_DAY = ['03-31', '06-30', '09-30', '12-31'] as const;

export function quarterStart(quarter: string): string {
  const { year, q } = quarterParts(quarter);
  return `${year}-${pad((q - 1) * 3 + 1)}-01`;
}

export function quarterEnd(quarter: string): string {
  const { year, q } = quarterParts(quarter);
  return `${year}-${LAST_DAY[q - 1]}`;
}

export function quarterOf(isoDate: string): string {
  const month = Number(isoDate.slice(5, 7));
  return `${isoDate.slice(0, 4)}Q${Math.floor((month - 1) / 3) + 1}`;
}

export function nextQuarter(quarter: string): string {
  const { year, q } = quarterParts(quarter);
  return q === 4 ? `${year + 1}Q1` : `${year}Q${q + 1}`;
}

/** Every quarter from `first` through `last`, in order. */
export function quartersBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let q = first; q <= last && out.length < 200; q = nextQuarter(q)) out.push(q);
  return out;
}
