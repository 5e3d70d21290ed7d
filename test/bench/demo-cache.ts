import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../electron/core/paths';

// The demo county takes minutes to build (about 45 s for 20,000 claims here, about 220 s for
// 100,000), so the built database is kept in the system's temp folder, keyed by the builder's
// parameters and the demo builder's source: a later run copies it instead of rebuilding (opening it
// migrates it like any county's database). A change elsewhere in the core that alters what the
// builder writes needs BENCH_DEMO_CACHE=off, which always builds afresh.

export type DemoParameters = { county: string; subjects: number; claims: number; seed: number };

const SOURCES = [join(PROJECT_ROOT, 'electron', 'core', 'demo')];

function sourceDigest(): string {
  const h = createHash('sha256');
  for (const dir of SOURCES) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) {
      h.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
    }
  }
  return h.digest('hex').slice(0, 16);
}

function build(dbPath: string, p: DemoParameters): void {
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const args = ['demo', '--db', dbPath, '--county', p.county, '--subjects', String(p.subjects), '--claims', String(p.claims), '--seed', String(p.seed)];
  const built = spawnSync(tsx, [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`demo county not built (exit ${built.status})`);
}

/** The demo county's database at `dbPath`: copied from the cache when built before, else built (and cached). */
export function demoCounty(dbPath: string, p: DemoParameters): void {
  if (process.env.BENCH_DEMO_CACHE === 'off') return build(dbPath, p);
  const dir = join(tmpdir(), 'county-ledger-bench-cache');
  const cached = join(dir, `demo-${p.county}-s${p.subjects}-c${p.claims}-seed${p.seed}-${sourceDigest()}.db`);
  if (!existsSync(cached)) {
    build(dbPath, p);
    mkdirSync(dir, { recursive: true });
    // written beside and renamed, so an interrupted copy is never taken for a built county
    copyFileSync(dbPath, `${cached}.part`);
    renameSync(`${cached}.part`, cached);
    return;
  }
  copyFileSync(cached, dbPath);
}
