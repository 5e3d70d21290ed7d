import { describe, expect, it } from 'vitest';
import { childOutcome } from './isolate';

// `npm run bench` runs each benchmark in a child process: a child that fails must still show as skipped.
describe('a benchmark run in its own process', () => {
  const line = 'BENCH city.recheck ours=1.0 baseline=2.0 unit=claims/s ratio=0.500 rounds=9 round_ratio_min=0.4 round_ratio_max=0.6';

  it('passes on the line of a child that finished', () => {
    expect(childOutcome('city.recheck', [line], 0, null)).toEqual({ lines: [line], skipped: false });
  });

  it('counts a line the child marked skipped, even with exit code 1', () => {
    const skipped = 'BENCH grid.firstPaint skipped reason=没有 Chromium';
    expect(childOutcome('grid.firstPaint', [skipped], 1, null)).toEqual({ lines: [skipped], skipped: true });
  });

  it('says so when a child died without a line', () => {
    const outcome = childOutcome('city.import', [], null, '信号 SIGKILL');
    expect(outcome.skipped).toBe(true);
    expect(outcome.lines).toEqual(['BENCH city.import skipped reason=基准进程没有给出结果（信号 SIGKILL）']);
    expect(childOutcome('city.import', [], 134, null).lines[0]).toContain('进程退出码 134');
  });

  it('does not take a result that the child then failed after', () => {
    const outcome = childOutcome('city.recheck', [line], 1, null);
    expect(outcome.skipped).toBe(true);
    expect(outcome.lines).toEqual([line, 'BENCH city.recheck skipped reason=基准进程在给出结果后出错（进程退出码 1），上面的结果不作数']);
  });

  it('ignores lines of other benchmarks', () => {
    expect(childOutcome('city.recheck', ['BENCH claims.list ours=1 baseline=1 unit=visits/s ratio=1.000'], 0, null).skipped).toBe(true);
  });
});
