import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };

// Where things are when running from the source tree (loopback host, CLI, tests).
// The packaged desktop app passes its own paths from electron/shell/main.ts.

export const APP_VERSION: string = pkg.version;
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_POLICY_DIR = join(PROJECT_ROOT, 'seeds', 'huainan-2019');
export const DEFAULT_RENDERER_DIR = join(PROJECT_ROOT, 'dist', 'renderer');

export function defaultDatabasePath(): string {
  return process.env.COUNTY_LEDGER_DB ?? join(homedir(), '.county-ledger', 'ledger.db');
}
