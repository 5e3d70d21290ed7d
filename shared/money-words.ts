import type { Fen } from './money';

// Amounts in capital Chinese numerals (大写), as finance offices require them on approval sheets,
// notices and payment files, following 中国人民银行《支付结算办法》附一《正确填写票据和结算凭证的基本规定》:
// - 壹贰叁肆伍陆柒捌玖 and 拾佰仟万亿, 零 for zeros; "壹拾" keeps its 壹 (¥10 → 壹拾元整).
// - A run of zeros between two non-zero digits is one 零 (¥6007.14 → 陆仟零柒元壹角肆分); where the
//   rules allow either form (万位 or 元位 zero, 千位 not: ¥107000 → 壹拾万零柒仟元整) we keep the 零.
// - 角 zero and 分 not: 零 after 元 (¥16409.02 → 壹万陆仟肆佰零玖元零贰分).
// - Ending at 元 or 角: 整; ending at 分: no 整.

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACES = ['', '拾', '佰', '仟'] as const;
/** The unit closing each group of four digits from 元 upwards (the fourth is 万 of 亿: 壹万贰仟亿). */
const GROUPS = ['', '万', '亿', '万'] as const;

/** "人民币壹拾万元整" for 10,000,000 fen. Negative or non-integer amounts are refused. */
export function amountInWords(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`大写金额只用于非负的整数分：${fen}`);
  const yuan = Math.trunc(fen / 100);
  const jiao = Math.trunc(fen / 10) % 10;
  const cents = fen % 10;
  let text = '人民币';
  if (yuan > 0) text += `${integerInWords(String(yuan))}元`;
  if (jiao === 0 && cents === 0) return yuan > 0 ? `${text}整` : `${text}零元整`;
  if (jiao > 0) text += `${DIGITS[jiao]}角`;
  else if (yuan > 0) text += '零';
  return cents > 0 ? `${text}${DIGITS[cents]}分` : `${text}整`;
}

function integerInWords(digits: string): string {
  let out = '';
  let pendingZero = false;
  let groupHasDigit = false;
  let aboveYi = false;
  for (let i = 0; i < digits.length; i++) {
    const position = digits.length - 1 - i;
    const digit = Number(digits[i]);
    if (digit === 0) {
      if (out !== '') pendingZero = true;
    } else {
      if (pendingZero) out += '零';
      pendingZero = false;
      groupHasDigit = true;
      if (position >= 12) aboveYi = true;
      out += `${DIGITS[digit] ?? ''}${PLACES[position % 4] ?? ''}`;
    }
    if (position % 4 === 0) {
      // 万 and 亿 close a group only when the group has a digit (¥100000000 → 壹亿, not 壹亿万)
      if (groupHasDigit || (position === 8 && aboveYi)) out += GROUPS[position / 4] ?? '';
      groupHasDigit = false;
    }
  }
  return out;
}
