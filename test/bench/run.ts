import { type AsyncBenchmark, type Benchmark, runAsyncBenchmark, runBenchmark } from './harness';
import { bundleExport, bundleVerify } from './bundle';
import { gridFirstPaint } from './grid-first-paint';
import { importTrainees } from './import-trainees';
import { ledgerAppend } from './ledger-append';
import { disposeProgressQuarter, progressQuarter } from './progress-quarter';
import { rulesEvaluate } from './rules-evaluate';

// `npm run bench [name]`: one line per benchmark, `BENCH <name> ours=… baseline=… unit=… ratio=…`.
const BENCHMARKS: (Benchmark | AsyncBenchmark)[] = [ledgerAppend, rulesEvaluate, importTrainees, gridFirstPaint, progressQuarter, bundleExport, bundleVerify];

const only = process.argv[2];
for (const benchmark of BENCHMARKS) {
  if (only && benchmark.name !== only) continue;
  console.log('async' in benchmark ? await runAsyncBenchmark(benchmark) : runBenchmark(benchmark));
}
disposeProgressQuarter();
