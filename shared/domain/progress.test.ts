import { describe, expect, it } from 'vitest';
import { formatIndicatorValue, type LightInput, statusLight, worstLight } from './progress';
import { nextQuarter, quarterEnd, quarterLabel, quarterOf, quartersBetween } from '../dates';

const base: LightInput = { target: 6, actual: 0, kind: 'count', baseline: null, start: '2019-08-30', deadline: '2019-12-31', asOf: '2019-12-31', format: (v) => `${v} 个` };
const light = (over: Partial<LightInput>) => statusLight({ ...base, ...over });

describe('status lights at their boundaries', () => {
  it('exactly at target is 已完成 on any day, before or after the deadline', () => {
    expect(light({ actual: 6, asOf: '2019-09-30' })).toEqual({ light: 'done', reason: '实际 6 个，已达到目标 6 个' });
    expect(light({ actual: 6, asOf: '2020-03-31' }).light).toBe('done');
    expect(light({ actual: 7 }).light).toBe('done');
  });

  it('short of target on the deadline day is 滞后; the day after it is 逾期', () => {
    expect(light({ actual: 5, asOf: '2019-12-31' }).light).toBe('behind');
    expect(light({ actual: 5, asOf: '2020-01-01' })).toEqual({ light: 'overdue', reason: '时限 2019年12月31日 已过，实际 5 个，未达到目标 6 个' });
  });

  it('on or above the straight line from the start to the target is 进展顺利; below it 滞后', () => {
    // 2019-08-30 → 2019-12-31 is 123 days; by 2019-10-30 (61 days) the line stands at 6 × 61/123 = 2.98
    expect(light({ actual: 3, asOf: '2019-10-30' }).light).toBe('on-track');
    const behind = light({ actual: 2, asOf: '2019-10-30' });
    expect(behind.light).toBe('behind');
    expect(behind.reason).toBe('实际 2 个，按 2019年8月30日 至 2019年12月31日 均衡推进，截至 2019年10月30日 应达到 2.98 个（目标 6 个）');
    // on the start day nothing is expected yet
    expect(light({ actual: 0, asOf: '2019-08-30' }).light).toBe('on-track');
  });

  it('nothing reported is 未填报, never read as zero; no target is 未设目标', () => {
    expect(light({ actual: null, asOf: '2019-10-30' })).toEqual({ light: 'unreported', reason: '尚未填报，不判断进度' });
    expect(light({ actual: null, asOf: '2020-01-01' }).light).toBe('unreported');
    expect(light({ target: null }).light).toBe('no-target');
  });

  it('a deadline before the plan was issued (tasks 10 and 17) is read from the issue date: nothing is late before the plan exists', () => {
    expect(light({ deadline: '2019-07-31', asOf: '2019-08-30', actual: 0 }).light).toBe('behind');
    expect(light({ deadline: '2019-07-31', asOf: '2019-08-31', actual: 0 })).toEqual({ light: 'overdue', reason: '时限 2019年8月30日 已过，实际 0 个，未达到目标 6 个' });
  });

  it('a rate climbs from its recorded baseline; without one it waits for the deadline (待时限判断)', () => {
    const rate = (over: Partial<LightInput>) => light({ kind: 'level', target: 100, format: (v) => `${v}%`, ...over });
    // 61 of 123 days: 80 + 20 × 61/123 = 89.92
    expect(rate({ baseline: 80, actual: 90, asOf: '2019-10-30' }).light).toBe('on-track');
    const behind = rate({ baseline: 80, actual: 89, asOf: '2019-10-30' });
    expect(behind).toEqual({ light: 'behind', reason: '实际 89%，自基期值 80% 起按 2019年8月30日 至 2019年12月31日 均衡推进，截至 2019年10月30日 应达到 89.92%（目标 100%）' });
    expect(rate({ baseline: null, actual: 30, asOf: '2019-10-30' }).light).toBe('pending');
    expect(rate({ baseline: null, actual: 30, asOf: '2020-01-01' }).light).toBe('overdue');
    expect(rate({ baseline: null, actual: 100, asOf: '2019-09-01' }).light).toBe('done');
  });

  it('a task shows its worst light', () => {
    expect(worstLight(['done', 'behind', 'on-track'])).toBe('behind');
    expect(worstLight(['done', 'overdue', 'no-target'])).toBe('overdue');
    expect(worstLight([])).toBe('not-applicable');
  });
});

describe('quarters and values', () => {
  it('names, bounds and steps quarters', () => {
    expect(quarterLabel('2019Q4')).toBe('2019年第四季度');
    expect(quarterEnd('2020Q1')).toBe('2020-03-31');
    expect(quarterOf('2019-08-30')).toBe('2019Q3');
    expect(nextQuarter('2019Q4')).toBe('2020Q1');
    expect(quartersBetween('2019Q3', '2020Q2')).toEqual(['2019Q3', '2019Q4', '2020Q1', '2020Q2']);
  });

  it('formats values with their unit, amounts from fen', () => {
    expect(formatIndicatorValue(123456, '元')).toBe('1,234.56 元');
    expect(formatIndicatorValue(12.5, '%')).toBe('12.5%');
    expect(formatIndicatorValue(1200, '人')).toBe('1,200 人');
    expect(formatIndicatorValue(null, '个')).toBe('—');
  });
});
