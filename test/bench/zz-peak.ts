import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openCore } from '../../electron/core/core';
import { DEMO_NOW } from '../../electron/core/demo/demo';
import { importBundle, registerCountyKey } from '../../electron/core/exchange/city';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { configureInstallRole, loadPackFromDirectory } from '../../electron/core/policy/service';
import { BENCH_ACTOR } from './harness';

// One bundle imported into a new city ledger, in a process of its own (the memory benchmarks run
// it): prints the resident size just before the import and the process's peak after it, in MB.
// Usage: tsx test/bench/import-peak.ts CITY.db BUNDLE KEY.json [PACK-DIR] (a pack the bundle cites beside the seed)
const [cityDb, bundlePath, keyPath, packDir] = process.argv.slice(2) as [string, string, string, string | undefined];
const city = openCore({ dbPath: cityDb, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench', now: () => DEMO_NOW });
configureInstallRole(city.ledger, BENCH_ACTOR, { role: 'city' });
if (packDir) loadPackFromDirectory(city.ledger, BENCH_ACTOR, packDir);
const key = JSON.parse(readFileSync(keyPath, 'utf8')) as { fingerprint: string };
registerCountyKey(city.ledger, BENCH_ACTOR, key, key.fingerprint, 'bench');
global.gc?.();
const idle = process.memoryUsage().rss;
// the bundle's bytes are read as the import starts, as the app reads an uploaded file
const started = performance.now();
importBundle(city.ledger, BENCH_ACTOR, readFileSync(bundlePath), basename(bundlePath), true);
const importMs = performance.now() - started;
const peak = process.resourceUsage().maxRSS * 1024; const v8m = await import("node:v8"); console.error(JSON.stringify({ mu: process.memoryUsage(), hs: v8m.getHeapStatistics(), spaces: v8m.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 1e6)]) }));
city.close();
console.log(JSON.stringify({ idleMb: idle / 1e6, peakMb: peak / 1e6, importMs }));
