import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidDateError } from './dates';
import { fenToYuanString, MoneyFormatError } from './money';
import { amountInWords } from './money-words';
import { parseTypedAmount, parseTypedDate } from './typed';

describe('typed amounts', () => {
  it('reads what clerks type, exactly', () => {
    expect(parseTypedAmount('30万')).toBe(30_000_000);
    expect(parseTypedAmount('1.2万元')).toBe(1_200_000);
    expect(parseTypedAmount('12,000元')).toBe(1_200_000);
    expect(parseTypedAmount('１２０００')).toBe(1_200_000);
    expect(parseTypedAmount('３０万')).toBe(30_000_000);
    expect(parseTypedAmount('￥1,234.56')).toBe(123_456);
    expect(parseTypedAmount('人民币 3000.5 元')).toBe(300_050);
    expect(parseTypedAmount('0.01')).toBe(1);
    expect(parseTypedAmount('0.000001万')).toBe(1);
    // 1.1万 is 11000 yuan: float arithmetic would give 11000.000000000002
    expect(parseTypedAmount('1.1万')).toBe(1_100_000);
    expect(parseTypedAmount('12,345.67万元')).toBe(12_345_670_000);
  });

  it('refuses what could be read two ways, saying why in Chinese', () => {
    const cases: [string, RegExp][] = [
      ['', /为空/],
      ['三十万', /阿拉伯数字/],
      ['30万5000', /一个单位/],
      ['1,20', /千位分隔符/],
      ['12,34.5', /千位分隔符/],
      ['1.2.3', /多个小数点/],
      ['1.234', /两位小数/],
      ['1.2345678万', /六位小数/],
      ['-5', /负数/],
      ['.5', /小数点/],
      ['12abc', /应为数字/],
      ['1亿', /一个单位|应为数字/],
      ['99999999999999999', /过大/],
    ];
    for (const [input, reason] of cases) {
      expect(() => parseTypedAmount(input), input).toThrow(MoneyFormatError);
      expect(() => parseTypedAmount(input), input).toThrow(reason);
    }
  });

  it('round-trips every amount written in yuan, in 万 and with separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (fen) => {
        const yuan = fenToYuanString(fen);
        expect(parseTypedAmount(yuan)).toBe(fen);
        expect(parseTypedAmount(`${yuan}元`)).toBe(fen);
        const [whole = '', cents = ''] = yuan.split('.');
        const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
        expect(parseTypedAmount(`${grouped}.${cents}`)).toBe(fen);
        const padded = String(fen).padStart(7, '0');
        const wan = `${padded.slice(0, -6)}.${padded.slice(-6)}万`;
        expect(parseTypedAmount(wan)).toBe(fen);
      }),
    );
  });
});

describe('typed dates', () => {
  it('reads the ways a date is written in Chinese offices', () => {
    for (const typed of ['2019年9月1日', '2019年09月01日', '2019.9.1', '2019/9/1', '2019-9-1', '20190901', '２０１９年９月１日', ' 2019 / 9 / 1 ']) {
      expect(parseTypedDate(typed), typed).toBe('2019-09-01');
    }
    expect(parseTypedDate('2019-12-20')).toBe('2019-12-20');
  });

  it('refuses dates that do not exist or cannot be read', () => {
    for (const bad of ['2019年2月30日', '20191301', '2019.13.1', '', '9/1/2019', '明天', '2019年9月']) {
      expect(() => parseTypedDate(bad), bad).toThrow(InvalidDateError);
    }
    expect(() => parseTypedDate('2019年2月30日')).toThrow(/不是存在的日期/);
    expect(() => parseTypedDate('9/1/2019')).toThrow(/2019年9月1日/);
  });
});

describe('amounts in capitals (大写)', () => {
  it('follows the rules for filling in settlement documents', () => {
    const cases: [number, string][] = [
      [10_000_000, '人民币壹拾万元整'],
      [1_000, '人民币壹拾元整'],
      [140_950, '人民币壹仟肆佰零玖元伍角整'],
      [600_714, '人民币陆仟零柒元壹角肆分'],
      [1_640_902, '人民币壹万陆仟肆佰零玖元零贰分'],
      [32_504, '人民币叁佰贰拾伍元零肆分'],
      [168_032, '人民币壹仟陆佰捌拾元叁角贰分'],
      [10_700_053, '人民币壹拾万零柒仟元伍角叁分'],
      [100_050_000, '人民币壹佰万零伍佰元整'],
      [101_000, '人民币壹仟零壹拾元整'],
      [11_000, '人民币壹佰壹拾元整'],
      [10_000_000_000, '人民币壹亿元整'],
      [10_001_000_000, '人民币壹亿零壹万元整'],
      [100_000_000_000_000, '人民币壹万亿元整'],
      [123_450_000_000_000, '人民币壹万贰仟叁佰肆拾伍亿元整'],
      [50, '人民币伍角整'],
      [5, '人民币伍分'],
      [0, '人民币零元整'],
      [3_000_000, '人民币叁万元整'],
      [2_000_000_000, '人民币贰仟万元整'],
    ];
    for (const [fen, words] of cases) expect(amountInWords(fen), String(fen)).toBe(words);
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
  });

  it('reads back to the same amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(wordsToFen(amountInWords(fen))).toBe(BigInt(fen));
      }),
    );
  });
});

/** An independent reader of 大写, for the round trip: digits times their place, groups by 万/亿. */
function wordsToFen(words: string): bigint {
  const digit = '零壹贰叁肆伍陆柒捌玖';
  const place: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };
  const body = words.replace(/^人民币/, '').replace(/整$/, '');
  const [integer = '', fraction = ''] = body.includes('元') ? body.split('元') : ['', body];
  let total = 0n;
  let yi = 0n;
  let wan = 0n;
  let group = 0n;
  let last = 0n;
  for (const ch of integer) {
    if (digit.includes(ch)) last = BigInt(digit.indexOf(ch));
    else if (ch in place) (group += last * place[ch]!, (last = 0n));
    else if (ch === '万') ((wan += (group + last) * 10_000n), (group = 0n), (last = 0n));
    else if (ch === '亿') ((yi = (wan + group + last) * 100_000_000n), (wan = 0n), (group = 0n), (last = 0n));
  }
  total = yi + wan + group + last;
  const jiao = /(.)角/.exec(fraction)?.[1];
  const fen = /(.)分/.exec(fraction)?.[1];
  return total * 100n + (jiao ? BigInt(digit.indexOf(jiao)) * 10n : 0n) + (fen ? BigInt(digit.indexOf(fen)) : 0n);
}
