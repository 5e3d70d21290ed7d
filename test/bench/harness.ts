import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localPrincipal } from '../../electron/core/core';

// Each benchmark measures ours and a baseline in the same process, alternating rounds, and
// reports the median rate of each as items (or MB) per second: higher is better. After the ratio
// of the medians, the lowest and highest ratio of one round's pair (ours against the baseline
// timed just before it): how far a single round on this machine strays from the median.

/** Who the benchmarks act as: the command line's user, with every role. */
export const BENCH_ACTOR = localPrincipal('基准测试');

export type Side = { setup?: () => void; run: () => void; teardown?: () => void };
export type Benchmark = { name: string; unit: string; amount: number; rounds?: number; ours: () => Side; baseline: () => Side; skipReason?: () => string | null };

function timeOnce(make: () => Side): number {
  const side = make();
  side.setup?.();
  const start = process.hrtime.bigint();
  side.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  side.teardown?.();
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export function runBenchmark(b: Benchmark): string {
  const rounds = b.rounds ?? 3;
  const ours: number[] = [];
  const base: number[] = [];
  timeOnce(b.baseline); // warm-up both paths once
  timeOnce(b.ours);
  for (let i = 0; i < rounds; i++) {
    base.push(b.amount / timeOnce(b.baseline));
    ours.push(b.amount / timeOnce(b.ours));
  }
  return benchLine(b.name, b.unit, ours, base);
}

function benchLine(name: string, unit: string, ours: number[], base: number[], note?: (ours: number, baseline: number) => string): string {
  const o = median(ours);
  const r = median(base);
  const pairs = ours.map((x, i) => x / base[i]!);
  const line = `BENCH ${name} ours=${o.toFixed(1)} baseline=${r.toFixed(1)} unit=${unit} ratio=${(o / r).toFixed(3)} rounds=${pairs.length} round_ratio_min=${Math.min(...pairs).toFixed(3)} round_ratio_max=${Math.max(...pairs).toFixed(3)}`;
  return note ? `${line} ${note(o, r)}` : line;
}

export function scratchDir(): { dir: string; file: (name: string) => string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'county-ledger-bench-'));
  return { dir, file: (name) => join(dir, name), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** For work that is asynchronous (file reading, a browser): the same alternation, awaited. */
/** run may return the seconds it measured itself (e.g. inside a browser page) instead of the wall time. */
export type AsyncSide = { run: () => Promise<void | number>; teardown?: () => void | Promise<void> };
export type AsyncBenchmark = {
  async: true;
  name: string;
  unit: string;
  amount: number;
  rounds?: number;
  ours: () => Promise<AsyncSide>;
  baseline: () => Promise<AsyncSide>;
  /** Extra text after the ratio, e.g. the times behind it. */
  note?: (ours: number, baseline: number) => string;
  /** Runs each side once, untimed, before the timed rounds. */
  warmUp?: boolean;
  /** Closes what the benchmark opened (a browser, a server). */
  finish?: () => Promise<void>;
  /** Why this machine cannot run the benchmark (a missing browser), or null when it can. */
  skipReason?: () => string | null;
};

async function timeOnceAsync(make: () => Promise<AsyncSide>): Promise<number> {
  const side = await make();
  const start = process.hrtime.bigint();
  const measured = await side.run();
  const seconds = typeof measured === 'number' ? measured : Number(process.hrtime.bigint() - start) / 1e9;
  await side.teardown?.();
  return seconds;
}

export async function runAsyncBenchmark(b: AsyncBenchmark): Promise<string> {
  const ours: number[] = [];
  const base: number[] = [];
  if (b.warmUp) {
    await timeOnceAsync(b.baseline);
    await timeOnceAsync(b.ours);
  }
  for (let i = 0; i < (b.rounds ?? 3); i++) {
    // each time is taken before the amount is read: a benchmark may learn its amount in its first setup
    const baseSeconds = await timeOnceAsync(b.baseline);
    base.push(b.amount / baseSeconds);
    const ourSeconds = await timeOnceAsync(b.ours);
    ours.push(b.amount / ourSeconds);
  }
  await b.finish?.();
  return benchLine(b.name, b.unit, ours, base, b.note);
}
