import type { FieldDefinition, FieldValue } from '../../../shared/domain/registry';
import { checkBankCard, checkIdNumber, checkMobile, checkUscc } from '../../../shared/identifiers';
import { MoneyFormatError, parseYuanToFen, toHalfWidth } from '../../../shared/money';
import { withoutInertPrefix } from '../documents/sheet-text';

// One cell as a clerk's spreadsheet gives it (text, number, date, or an exceljs rich value) read
// into the field's type: forgiving where a person would be, strict where the data would be wrong.

export type CellResult = { ok: true; value: FieldValue; warning?: string } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): CellResult => ({ ok: false, code, message });

/** Text of a cell, or a reason it has none a person typed (a formula, an error value). */
export function cellText(cell: unknown): { text: string } | { formula: true } | { error: string } {
  if (cell === null || cell === undefined) return { text: '' };
  if (typeof cell === 'string') return { text: cell };
  if (typeof cell === 'number' || typeof cell === 'boolean') return { text: String(cell) };
  if (cell instanceof Date) return { text: isoDay(cell) };
  if (typeof cell === 'object') {
    const c = cell as Record<string, unknown>;
    if ('formula' in c || 'sharedFormula' in c) return { formula: true };
    if ('error' in c) return { error: String(c.error) };
    if (Array.isArray(c.richText)) return { text: (c.richText as { text?: string }[]).map((r) => r.text ?? '').join('') };
    if (typeof c.text === 'string') return { text: c.text };
  }
  return { text: String(cell) };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const DAY_MS = 86_400_000;

/**
 * Excel's day serial (1900 system, with its phantom 1900-02-29) to the ISO date the cell shows:
 * the fraction is the time of day, so 2019-11-20 23:59 is still the 20th. Spreadsheets show
 * times to the millisecond, so a serial a hair under midnight is first rounded to that.
 */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const day = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  return new Date(Date.UTC(1899, 11, 30) + day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day of an ISO date as a Date at UTC midnight, which is how exceljs writes a date cell. */
export const isoToDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A time of day after a date ("2019-11-20 15:30", "…T15:30:00"): the date is the day. */
const TIME_OF_DAY = /(?:\s+|T)\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?$/;

// A list's dates are few (a course's days, a year's quarters): each text is read once per process.
const DATE_TEXTS = new Map<string, string | null>();
const MAX_DATE_TEXTS = 4096;

/** The ISO date a cell holds (a date cell, a day serial, or date text), or null. */
export function parseDate(cell: unknown, text: string): string | null {
  if (cell instanceof Date) return isoDay(cell);
  if (typeof cell === 'number') return excelSerialToIso(cell);
  let iso = DATE_TEXTS.get(text);
  if (iso === undefined) {
    iso = dateOfText(text);
    if (DATE_TEXTS.size >= MAX_DATE_TEXTS) DATE_TEXTS.clear();
    DATE_TEXTS.set(text, iso);
  }
  return iso;
}

function dateOfText(text: string): string | null {
  const t = toHalfWidth(text).trim().replace(TIME_OF_DAY, '');
  if (/^\d{5}(\.\d+)?$/.test(t)) return excelSerialToIso(Number(t));
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return isoDay(date);
}

/** Identifiers too long for a spreadsheet's number (15 significant digits) once it stored them as one. */
const IDENTIFIER_TYPES: ReadonlySet<FieldDefinition['type']> = new Set(['uscc', 'idNumber', 'bankCard']);

/**
 * An identifier an office suite took for a number: a number cell of 16 or more digits (only 15
 * survive), or its text in scientific notation as a CSV saves it ("3.40422199809269E+17").
 */
function numberLostDigits(cell: unknown, text: string): boolean {
  if (typeof cell === 'number') return Math.abs(cell) >= 1e15 || !Number.isInteger(cell);
  return /^[+-]?\d+(\.\d+)?E\+?\d+$/i.test(toHalfWidth(text));
}

const TRUE_WORDS = new Set(['是', '合格', '已认定', '认定', 'Y', 'YES', 'TRUE', '1', '√', '有']);
const FALSE_WORDS = new Set(['否', '不合格', '未认定', 'N', 'NO', 'FALSE', '0', '×', '无']);

export function readCell(field: FieldDefinition, cell: unknown): CellResult {
  let typed: string;
  if (typeof cell === 'string') typed = cell; // most cells: no { text } to make and look into
  else {
    const raw = cellText(cell);
    if ('formula' in raw) return fail('FORMULA', `「${field.header}」是公式，请先复制后“粘贴为数值”再导入`);
    if ('error' in raw) return fail('CELL_ERROR', `「${field.header}」是错误值 ${raw.error}`);
    typed = raw.text;
  }
  // The apostrophe our own files put before text like "=…" (sheet-text.ts) is not part of it.
  const text = withoutInertPrefix((typed.charCodeAt(0) === 0xfeff ? typed.slice(1) : typed).trim());
  if (text === '') return field.required ? fail('REQUIRED', `「${field.header}」必填`) : { ok: true, value: null };
  if (IDENTIFIER_TYPES.has(field.type) && numberLostDigits(cell, text)) {
    return fail('NUMBER_STORED_IDENTIFIER', `「${field.header}」被表格软件存成了数字，后几位已经丢失：请把该列设为“文本”后重新输入`);
  }
  switch (field.type) {
    case 'text':
      return text.length > 200 ? fail('TOO_LONG', `「${field.header}」不能超过 200 个字`) : { ok: true, value: text };
    case 'uscc':
    case 'idNumber':
    case 'phone':
    case 'bankCard': {
      const check = field.type === 'uscc' ? checkUscc(text) : field.type === 'idNumber' ? checkIdNumber(text) : field.type === 'phone' ? checkMobile(text) : checkBankCard(text);
      if (!check.ok) return fail(field.type === 'uscc' ? 'BAD_USCC' : field.type === 'idNumber' ? 'BAD_ID_NUMBER' : field.type === 'phone' ? 'BAD_PHONE' : 'BAD_BANK_CARD', `「${field.header}」${check.reason}`);
      return check.warning ? { ok: true, value: check.value, warning: `「${field.header}」${check.warning}` } : { ok: true, value: check.value };
    }
    case 'date': {
      const iso = parseDate(cell, text);
      return iso ? { ok: true, value: iso } : fail('BAD_DATE', `「${field.header}」“${text}”不是有效日期（可写 2019-12-01、2019/12/1 或 2019年12月1日）`);
    }
    case 'yuan':
    case 'usd': {
      let minor: number;
      try {
        minor = parseYuanToFen(typeof cell === 'number' ? cell : text.replace(/美元$/, ''));
      } catch (error) {
        return fail('BAD_AMOUNT', `「${field.header}」${error instanceof MoneyFormatError ? error.message : '不是有效金额'}`);
      }
      return minor < 0 ? fail('NEGATIVE_AMOUNT', `「${field.header}」不能为负数`) : { ok: true, value: minor };
    }
    case 'boolean': {
      const word = toHalfWidth(text).toUpperCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return fail('BAD_CHOICE', `「${field.header}」应填“是”或“否”，实为“${text}”`);
    }
    case 'choice':
      return field.options?.includes(text) ? { ok: true, value: text } : fail('BAD_CHOICE', `「${field.header}」只能是：${field.options?.join('、')}`);
    case 'year': {
      const y = Number(toHalfWidth(text).replace(/年$/, ''));
      return Number.isInteger(y) && y >= 2015 && y <= 2035 ? { ok: true, value: y } : fail('BAD_YEAR', `「${field.header}」应为 2015 到 2035 之间的年份`);
    }
    case 'integer': {
      const n = Number(toHalfWidth(text));
      return Number.isInteger(n) && n >= 0 ? { ok: true, value: n } : fail('BAD_NUMBER', `「${field.header}」应为非负整数，实为“${text}”`);
    }
  }
}
