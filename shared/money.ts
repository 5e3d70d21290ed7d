// Money is integer fen (分) everywhere; yuan strings exist only at the edges (display, files, CLI).
// No floating point touches an amount: yuan strings are parsed digit by digit.

export type Fen = number;

const YUAN_PATTERN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** An amount that cannot be read; it carries the code its Chinese message reaches the clerk with. */
export class MoneyFormatError extends Error {
  readonly code = 'VALIDATION';
  constructor(readonly input: string, reason: string) {
    super(`金额「${input}」无法识别：${reason}`);
    this.name = 'MoneyFormatError';
  }
}

/**
 * Parses a yuan amount as a clerk or a spreadsheet writes it: "1234", "1,234.5", "1234.56元",
 * "￥1,234", full-width digits. At most two decimals; anything else is refused, never rounded.
 */
export function parseYuanToFen(input: string | number): Fen {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new MoneyFormatError(String(input), '不是有限数值');
    // A number from a spreadsheet cell: go through its shortest decimal text, which is exact
    // for values with at most two decimals, and refuse anything with more.
    return parseYuanToFen(numberToPlainString(input));
  }
  const text = toHalfWidth(input)
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
    .trim();
  if (text === '') throw new MoneyFormatError(input, '为空');
  const match = YUAN_PATTERN.exec(text);
  if (!match) {
    if (/\.\d{3,}$/.test(text)) throw new MoneyFormatError(input, '最多保留两位小数');
    throw new MoneyFormatError(input, '应为数字，可带千位分隔符和两位小数');
  }
  const [, sign, intPart = '0', decPart = ''] = match;
  const fen = Number(intPart.replace(/,/g, '')) * 100 + Number(decPart.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new MoneyFormatError(input, '数额过大');
  return sign ? -fen : fen;
}

/** "1234.56" — plain yuan with two decimals, for files and the CLI. */
export function fenToYuanString(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${String(cents).padStart(2, '0')}`;
}

/** "1,234.56" — with thousands separators, for display. */
export function formatFen(fen: Fen): string {
  assertFen(fen);
  const abs = Math.abs(fen);
  const whole = String(Math.trunc(abs / 100));
  const cents = abs % 100;
  // Grouping by hand: this runs for every amount in every trace, and a regex is several times slower.
  const head = whole.length % 3 || 3;
  let grouped = whole.slice(0, head);
  for (let i = head; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return `${fen < 0 ? '-' : ''}${grouped}.${cents < 10 ? '0' : ''}${cents}`;
}

/** "1,234.56 元" — how a clerk reads an amount. */
export function formatYuan(fen: Fen): string {
  return `${formatFen(fen)} 元`;
}

/**
 * percent of an amount, in integer arithmetic, rounded down to the fen (the plan's "以内" caps
 * mean the award may never exceed rate × base). Rate is in basis points (1% = 100).
 */
export function percentOfFen(baseFen: Fen, rateBasisPoints: number): Fen {
  assertFen(baseFen);
  if (!Number.isSafeInteger(rateBasisPoints) || rateBasisPoints < 0) {
    throw new RangeError('比例必须是非负整数（万分之一为单位）');
  }
  return Number((BigInt(baseFen) * BigInt(rateBasisPoints)) / 10000n);
}

function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额必须是整数分：${fen}`);
}

function numberToPlainString(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** Full-width digits, letters and punctuation (as typed with a Chinese IME) to half-width. */
const WIDE = /[\uFF01-\uFF5E\u3000]/;

export function toHalfWidth(text: string): string {
  // most cells have no full-width character: they are returned as they are, without two replaces
  if (!WIDE.test(text)) return text;
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
