import { type AsyncBenchmark, type Benchmark, runAsyncBenchmark, runBenchmark } from './harness';
import { bundleExport, bundleVerify } from './bundle';
import { cityImport } from './city-import';
import { claimsList } from './claims-list';
import { gridFirstPaint } from './grid-first-paint';
import { importTrainees } from './import-trainees';
import { importTraineesXls } from './import-trainees-xls';
import { ledgerAppend } from './ledger-append';
import { disposeProgressQuarter, progressQuarter } from './progress-quarter';
import { rulesEvaluate } from './rules-evaluate';
import { cityRecheck } from './recheck';

// `npm run bench [name]`: one line per benchmark, `BENCH <name> ours=… baseline=… unit=… ratio=…`.
// A benchmark this machine cannot run, or one that fails, prints `BENCH <name> skipped reason=…`;
// the others still run, and the run exits non-zero when any was skipped.
const BENCHMARKS: (Benchmark | AsyncBenchmark)[] = [ledgerAppend, rulesEvaluate, importTrainees, importTraineesXls, gridFirstPaint, progressQuarter, bundleExport, bundleVerify, cityRecheck, cityImport, claimsList];

const only = process.argv[2];
let skipped = 0;
for (const benchmark of BENCHMARKS) {
  if (only && benchmark.name !== only) continue;
  const reason = benchmark.skipReason?.() ?? null;
  if (reason) {
    console.log(skippedLine(benchmark.name, reason));
    continue;
  }
  try {
    console.log('async' in benchmark ? await runAsyncBenchmark(benchmark) : runBenchmark(benchmark));
  } catch (error) {
    console.log(skippedLine(benchmark.name, `运行出错：${error instanceof Error ? error.message : String(error)}`));
    if ('finish' in benchmark) await benchmark.finish?.().catch(() => undefined);
  }
}
disposeProgressQuarter();
if (only && !BENCHMARKS.some((b) => b.name === only)) {
  console.error(`没有名为 ${only} 的基准：${BENCHMARKS.map((b) => b.name).join('、')}`);
  process.exitCode = 2;
} else if (skipped > 0) {
  process.exitCode = 1;
}

function skippedLine(name: string, reason: string): string {
  skipped++;
  // One line, whatever the error held.
  return `BENCH ${name} skipped reason=${reason.replace(/\s+/g, ' ').trim().slice(0, 300)}`;
}
