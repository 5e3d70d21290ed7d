import { describe, expect, it } from 'vitest';
import { formatChineseDate, formatChineseDateTime, isIsoDate } from './dates';

describe('dates', () => {
  it('formats as documents expect', () => {
    expect(formatChineseDate('2019-12-31')).toBe('2019年12月31日');
    expect(formatChineseDate('2020-03-01')).toBe('2020年3月1日');
    expect(formatChineseDateTime('2019-08-30T02:03:04.000Z')).toBe('2019年8月30日 10:03');
  });
  it('refuses dates that do not exist', () => {
    expect(isIsoDate('2019-02-29')).toBe(false);
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2019-13-01')).toBe(false);
    expect(() => formatChineseDate('2019-02-30')).toThrow(RangeError);
  });
});
