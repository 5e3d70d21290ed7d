import { InvalidDateError, isIsoDate } from './dates';
import { type Fen, MoneyFormatError, toHalfWidth } from './money';

// What clerks type into amount and date boxes, read as they mean it, exactly or not at all.
// Amounts: "30万", "1.2万元", "12,000元", "￥１２０００", "人民币3,000.50元" → integer fen, by
// digit arithmetic (never a float: 1.2万 is 12000 yuan, not 11999.999…). Anything that could be
// read two ways ("1,20", "1.2.3", "三十万", "30万5千") is refused with a Chinese reason.
// Dates: 2019年9月1日, 2019.9.1, 2019/9/1, 2019-09-01, 20190901 → "2019-09-01".

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** A typed amount in fen; throws MoneyFormatError with the reason in Chinese. */
export function parseTypedAmount(input: string): Fen {
  const text = toHalfWidth(input)
    .replace(/\s+/g, '')
    .replace(/^人民币/, '')
    .replace(/^[¥￥]/, '');
  if (text === '') throw new MoneyFormatError(input, '为空');
  if (/[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]/.test(text)) throw new MoneyFormatError(input, '请用阿拉伯数字填写（如 300000 或 30万）');
  if (text.startsWith('-')) throw new MoneyFormatError(input, '金额不能为负数');
  const unit = /(万元|万|元)$/.exec(text)?.[1] ?? '';
  const digits = text.slice(0, text.length - unit.length);
  if (/[万元亿]/.test(digits)) throw new MoneyFormatError(input, '只能有一个单位（元或万元），如 30万、12000元');
  const match = NUMBER.exec(digits);
  if (!match) {
    if (/,/.test(digits) && /^[\d,.]+$/.test(digits)) throw new MoneyFormatError(input, '千位分隔符应每三位一个（如 12,000）');
    return rejectShape(input, digits);
  }
  const [, whole = '0', decimals = ''] = match;
  // 万 moves the decimal point four places: 1.2万 → 12000 yuan; a fen has two more.
  const scale = unit.startsWith('万') ? 6 : 2;
  if (decimals.length > scale) throw new MoneyFormatError(input, unit.startsWith('万') ? '按万元填写时最多六位小数（精确到分）' : '最多保留两位小数（精确到分）');
  const fen = BigInt(whole.replace(/,/g, '') + decimals.padEnd(scale, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyFormatError(input, '数额过大');
  return Number(fen);
}

function rejectShape(input: string, digits: string): never {
  if (/^\d*\.\d*\./.test(digits)) throw new MoneyFormatError(input, '有多个小数点');
  if (/^\.|\.$/.test(digits)) throw new MoneyFormatError(input, '小数点前后都应有数字');
  throw new MoneyFormatError(input, '应为数字，可带“元”或“万元”，如 30万、1.2万元、12,000元');
}

const TYPED_DATE = [
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** A typed date as ISO "2019-09-01"; throws InvalidDateError with the reason in Chinese. */
export function parseTypedDate(input: string): string {
  const text = toHalfWidth(input).replace(/\s+/g, '');
  if (text === '') throw new InvalidDateError('日期为空');
  for (const pattern of TYPED_DATE) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [, y = '', m = '', d = ''] = match;
    const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (!isIsoDate(iso)) throw new InvalidDateError(`「${input}」不是存在的日期（${Number(m)}月没有${Number(d)}日或月份不对）`);
    return iso;
  }
  throw new InvalidDateError(`「${input}」无法识别为日期，请写作 2019年9月1日、2019.9.1、2019/9/1 或 20190901`);
}
