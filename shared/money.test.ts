import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanString, formatFen, formatYuan, MoneyFormatError, parseYuanToFen, percentOfFen } from './money';

describe('money in integer fen', () => {
  it('parses what clerks and spreadsheets write', () => {
    expect(parseYuanToFen('10000')).toBe(1_000_000);
    expect(parseYuanToFen('1,234.5')).toBe(123_450);
    expect(parseYuanToFen('1,234.56元')).toBe(123_456);
    expect(parseYuanToFen('￥５０，０００')).toBe(5_000_000);
    expect(parseYuanToFen(' 0.01 ')).toBe(1);
    expect(parseYuanToFen('-3.10')).toBe(-310);
    expect(parseYuanToFen(1200)).toBe(120_000);
    expect(parseYuanToFen(0.3)).toBe(30);
  });

  it('refuses rather than rounds', () => {
    for (const bad of ['1.234', '', '元', 'abc', '1,23', '12,34.5', '1e5', '--1', '1.', '.5']) {
      expect(() => parseYuanToFen(bad), bad).toThrow(MoneyFormatError);
    }
    expect(() => parseYuanToFen(0.1 + 0.2)).toThrow(/两位小数/);
    expect(() => parseYuanToFen(Number.NaN)).toThrow(MoneyFormatError);
    expect(() => parseYuanToFen('99999999999999999')).toThrow(/过大/);
  });

  it('formats with thousands separators and 元', () => {
    expect(formatFen(123_456_789)).toBe('1,234,567.89');
    expect(formatFen(-100)).toBe('-1.00');
    expect(formatYuan(1_000_000)).toBe('10,000.00 元');
    expect(fenToYuanString(5)).toBe('0.05');
    expect(() => fenToYuanString(1.5)).toThrow(RangeError);
  });

  it('parse ∘ format is the identity on fen (property)', () => {
    const fen = fc.integer({ min: -Math.trunc(Number.MAX_SAFE_INTEGER / 100), max: Math.trunc(Number.MAX_SAFE_INTEGER / 100) });
    fc.assert(
      fc.property(fen, (f) => {
        expect(parseYuanToFen(formatFen(f))).toBe(f);
        expect(parseYuanToFen(fenToYuanString(f))).toBe(f);
        expect(parseYuanToFen(formatYuan(f).replace(' ', ''))).toBe(f);
      }),
      { numRuns: 2000 },
    );
  });

  it('percentages round down to the fen and never exceed rate × base (property)', () => {
    expect(percentOfFen(12_345, 500)).toBe(617); // 5% of 123.45 元 = 6.1725 元 → 6.17 元
    expect(percentOfFen(100, 1000)).toBe(10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), fc.integer({ min: 0, max: 10_000 }), (base, bp) => {
        const award = percentOfFen(base, bp);
        expect(Number.isSafeInteger(award)).toBe(true);
        // compared exactly: base × bp passes 2^53 for large bases, where doubles round
        const exact = BigInt(base) * BigInt(bp);
        expect(BigInt(award) * 10_000n <= exact).toBe(true);
        expect(BigInt(award + 1) * 10_000n > exact).toBe(true);
      }),
    );
  });
});
