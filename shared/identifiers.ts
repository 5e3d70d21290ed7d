import { toHalfWidth } from './money';

// Identifiers clerks type, checked as the national standards define them (../shared/domain-facts.md).
// Each check returns the normalised value or a Chinese reason.

export type Checked = { ok: true; value: string; warning?: string } | { ok: false; reason: string };

/** Full-width to half-width, spaces (including inner ones) removed, letters upper-cased. */
export function normaliseIdentifier(input: string): string {
  return toHalfWidth(input).replace(/[\s\u00a0]+/g, '').toUpperCase();
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a credit code's first 17 characters (GB 32100-2015, MOD 31), or null if one is not allowed. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARS.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters, check character by MOD 31. */
export function checkUscc(input: string): Checked {
  const code = normaliseIdentifier(input);
  if (code.length !== 18) return { ok: false, reason: `统一社会信用代码应为 18 位，实为 ${code.length} 位` };
  const bad = [...code.slice(0, 17)].findIndex((c) => !USCC_CHARS.includes(c));
  if (bad >= 0) return { ok: false, reason: `统一社会信用代码第 ${bad + 1} 位“${code[bad]}”不是允许的字符（不含 I、O、S、V、Z）` };
  const expected = usccCheckChar(code)!;
  if (code[17] !== expected) return { ok: false, reason: `统一社会信用代码校验位应为“${expected}”，实为“${code[17]}”` };
  return { ok: true, value: code };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of an ID number's 17 digits (GB 11643-1999, ISO 7064 MOD 11-2). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** 居民身份证号码 (GB 11643-1999): 17 digits, a real birth date, check character by ISO 7064 MOD 11-2. */
export function checkIdNumber(input: string, today: Date = new Date()): Checked {
  const id = normaliseIdentifier(input);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: id.length !== 18 ? `身份证号应为 18 位，实为 ${id.length} 位` : '身份证号前 17 位应为数字，末位为数字或 X' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || y < 1900 || birth.getTime() > today.getTime()) {
    return { ok: false, reason: `身份证号中的出生日期 ${id.slice(6, 14)} 不是真实日期` };
  }
  const expected = idCheckChar(id);
  if (id[17] !== expected) return { ok: false, reason: `身份证号校验位应为“${expected}”，实为“${id[17]}”` };
  return { ok: true, value: id };
}

/** Mainland mobile number: 11 digits starting with 1 (a +86 prefix is dropped). */
export function checkMobile(input: string): Checked {
  const phone = normaliseIdentifier(input).replace(/-/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^1\d{10}$/.test(phone)) return { ok: false, reason: '手机号应为以 1 开头的 11 位数字' };
  return { ok: true, value: phone };
}

/** Bank card: 12–19 digits. A Luhn failure is a warning, not a refusal: not every domestic card follows it. */
export function checkBankCard(input: string): Checked {
  const card = normaliseIdentifier(input).replace(/-/g, '');
  if (!/^\d{12,19}$/.test(card)) return { ok: false, reason: '银行卡号应为 12 到 19 位数字' };
  return luhnValid(card) ? { ok: true, value: card } : { ok: true, value: card, warning: '银行卡号未通过 Luhn 校验，请核对（部分银行卡不遵循此校验）' };
}

/** Luhn's sum of a digit string, doubling every second digit from the right (from the last one when `checkDigitFollows`). */
function luhnSum(digits: string, checkDigitFollows: boolean): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === (checkDigitFollows ? 0 : 1)) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum;
}

export function luhnValid(digits: string): boolean {
  return luhnSum(digits, false) % 10 === 0;
}

/** The digit that makes a card number pass Luhn when appended to its body. */
export function luhnCheckDigit(body: string): string {
  return String((10 - (luhnSum(body, true) % 10)) % 10);
}

// Masking for anything shown or exported (domain-facts.md: keep 4 leading and 4 trailing of an ID,
// 3 and 4 of a phone). 《个人信息保护法》第二十八条: ID numbers and accounts are sensitive.

export function maskIdNumber(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '*'.repeat(phone.length);
}

export function maskBankCard(card: string): string {
  return card.length <= 8 ? '*'.repeat(card.length) : `${card.slice(0, 4)}${'*'.repeat(card.length - 8)}${card.slice(-4)}`;
}

/** A person's name in a public list: the surname and 某 (张三丰 → 张某某). */
export function maskPersonName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'某'.repeat(chars.length - 1)}`;
}
