import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../electron/core/paths';

// The crash suite kills dozens of processes: each must start in a fraction of a second, so the
// real CLI and the burst driver are bundled once (as the desktop build bundles the main process)
// and run with plain node instead of through tsx. Packages stay external and resolve from the
// project's node_modules; import.meta.url is the one of paths.ts, so the bundle finds the seeds
// and fonts where the source tree has them.

export type CrashBuild = { cli: string; burst: string };

export async function buildCrashDrivers(): Promise<CrashBuild> {
  const outdir = join(PROJECT_ROOT, 'node_modules', '.cache', 'county-ledger-crash');
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { cli: join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), burst: join(PROJECT_ROOT, 'test', 'crash', 'burst.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'electron', 'core', 'paths.ts')).href) },
    logLevel: 'warning',
  });
  return { cli: join(outdir, 'cli.mjs'), burst: join(outdir, 'burst.mjs') };
}
