import type { Benchmark } from './harness';
import { runBenchmark } from './harness';
import { ledgerAppend } from './ledger-append';
import { rulesEvaluate } from './rules-evaluate';

// `npm run bench`: one line per benchmark, `BENCH <name> ours=… baseline=… unit=… ratio=…`.
const BENCHMARKS: Benchmark[] = [ledgerAppend, rulesEvaluate];

const only = process.argv[2];
for (const benchmark of BENCHMARKS) {
  if (only && benchmark.name !== only) continue;
  console.log(runBenchmark(benchmark));
}
