import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapText, type MeasureText } from './text-wrap';

// A stand-in for font metrics: Chinese and full-width characters are one em, the rest half.
const measure: MeasureText = (text, size) => {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x2e80 ? size : size / 2;
  return width;
};

const lines = (text: string, ems: number): string[] => wrapText(text, ems * 10, 10, measure);

describe('wrapText', () => {
  it('breaks Chinese between characters to fill each line', () => {
    expect(lines('安丰县农村电商服务站点', 4)).toEqual(['安丰县农', '村电商服', '务站点']);
  });

  it('keeps an ASCII run such as a masked ID whole when it fits on a line', () => {
    expect(lines('身份证3404**********0012', 10)).toEqual(['身份证', '3404**********0012']);
  });

  it('breaks an ASCII run anywhere when it is wider than the line', () => {
    expect(lines('3404**********0012', 4)).toEqual(['3404****', '******00', '12']);
  });

  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    expect(lines('县商务局负责，乡镇配合', 4)).toEqual(['县商务局', '负责，乡', '镇配合']);
    expect(lines('按照《实施方案》执行', 3)).toEqual(['按照', '《实施', '方案》', '执行']);
  });

  it('keeps explicit line breaks and empty text as one empty line', () => {
    expect(lines('第一行\n\n第三行', 10)).toEqual(['第一行', '', '第三行']);
    expect(lines('', 10)).toEqual(['']);
  });

  it('drops spaces at a break and control characters', () => {
    expect(lines('abc def\tghi\u0007', 2)).toEqual(['abc', 'def', 'ghi']);
  });

  it('loses no visible character and never overfills a line', () => {
    const text = fc.array(fc.constantFrom('安', '丰', '镇', '，', '（', '）', 'A', '1', '*', ' ', '\n'), { maxLength: 80 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 12 }), (input, ems) => {
        const out = lines(input, ems);
        expect(out.join('').replace(/\s/g, '')).toBe(input.replace(/\s/g, ''));
        for (const line of out) expect(measure(line, 10)).toBeLessThanOrEqual(ems * 10);
      }),
    );
  });
});
