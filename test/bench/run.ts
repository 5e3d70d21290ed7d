import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type AsyncBenchmark, type Benchmark, runAsyncBenchmark, runBenchmark } from './harness';
import { bundleExport, bundleVerify } from './bundle';
import { cityImport } from './city-import';
import { claimsList } from './claims-list';
import { gridFirstPaint } from './grid-first-paint';
import { importTrainees } from './import-trainees';
import { importTraineesXls } from './import-trainees-xls';
import { ledgerAppend } from './ledger-append';
import { childOutcome } from './isolate';
import { disposeProgressQuarter, progressQuarter } from './progress-quarter';
import { rulesEvaluate } from './rules-evaluate';
import { cityRecheck } from './recheck';

// `npm run bench [name]`: one line per benchmark, `BENCH <name> ours=… baseline=… unit=… ratio=…`.
// A benchmark this machine cannot run, or one that fails, prints `BENCH <name> skipped reason=…`;
// the others still run, and the run exits non-zero when any was skipped.
//
// Without a name, each benchmark runs in a process of its own, one after another (ours and its
// baseline still share that process, round by round): what one benchmark leaves behind must not
// weigh on the next. In one process for all of them, city.recheck ran both its sides at about half
// the speed it has alone (baseline 193,000 claims/s against 350,000–380,000), and the .xls
// benchmark's test file, written by SheetJS, leaves that process at about 10 GB resident.
const BENCHMARKS: (Benchmark | AsyncBenchmark)[] = [ledgerAppend, rulesEvaluate, importTrainees, importTraineesXls, gridFirstPaint, progressQuarter, bundleExport, bundleVerify, cityRecheck, cityImport, claimsList];

const only = process.argv[2];
let skipped = 0;
if (only && !BENCHMARKS.some((b) => b.name === only)) {
  console.error(`没有名为 ${only} 的基准：${BENCHMARKS.map((b) => b.name).join('、')}`);
  process.exitCode = 2;
} else if (only) {
  const benchmark = BENCHMARKS.find((b) => b.name === only)!;
  const reason = benchmark.skipReason?.() ?? null;
  if (reason) console.log(skippedLine(benchmark.name, reason));
  else {
    try {
      console.log('async' in benchmark ? await runAsyncBenchmark(benchmark) : runBenchmark(benchmark));
    } catch (error) {
      console.log(skippedLine(benchmark.name, `运行出错：${error instanceof Error ? error.message : String(error)}`));
      if ('finish' in benchmark) await benchmark.finish?.().catch(() => undefined);
    }
  }
  disposeProgressQuarter();
  if (skipped > 0) process.exitCode = 1;
} else {
  for (const benchmark of BENCHMARKS) {
    const outcome = await inChild(benchmark.name);
    for (const line of outcome.lines) console.log(line);
    if (outcome.skipped) skipped++;
  }
  if (skipped > 0) process.exitCode = 1;
}

function skippedLine(name: string, reason: string): string {
  skipped++;
  // One line, whatever the error held.
  return `BENCH ${name} skipped reason=${reason.replace(/\s+/g, ' ').trim().slice(0, 300)}`;
}

/** One benchmark in a fresh process of the same Node and loader; its other output (the demo builder's progress) passes through as it comes. */
function inChild(name: string): Promise<ReturnType<typeof childOutcome>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    const benchLines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => (line.startsWith('BENCH ') ? benchLines.push(line) : console.log(line)));
    let failure: string | null = null;
    child.on('error', (error) => (failure = error.message));
    child.on('close', (code, signal) => resolve(childOutcome(name, benchLines, code, failure ?? (signal ? `信号 ${signal}` : null))));
  });
}
