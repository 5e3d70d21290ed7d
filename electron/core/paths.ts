import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };

// Where things are when running from the source tree (loopback host, CLI, tests).
// The packaged desktop app passes its own paths from electron/shell/main.ts.

export const APP_VERSION: string = pkg.version;
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_POLICY_DIR = join(PROJECT_ROOT, 'seeds', 'huainan-2019');
export const DEFAULT_RENDERER_DIR = join(PROJECT_ROOT, 'dist', 'renderer');

export const DATABASE_FILE = 'ledger.db';
/** In the default folder: where the administrator moved the data (e.g. to D:), if they did. */
export const LOCATION_FILE = 'location.json';

/**
 * The one default data folder per operating-system user, agreed by the desktop app, the loopback
 * host and the CLI: %APPDATA%\county-ledger on Windows, ~/.county-ledger elsewhere.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'county-ledger');
  return join(homedir(), '.county-ledger');
}

/** The data folder in use: the default one, or where location.json in it points. */
export function dataDirectory(): string {
  const home = defaultDataDir();
  try {
    const moved: unknown = JSON.parse(readFileSync(join(home, LOCATION_FILE), 'utf8'));
    if (moved && typeof moved === 'object' && 'dataDir' in moved && typeof moved.dataDir === 'string' && isAbsolute(moved.dataDir)) return moved.dataDir;
  } catch {
    // not moved
  }
  return home;
}

/** COUNTY_LEDGER_DB when set (tests, development), otherwise ledger.db in the data folder. */
export function defaultDatabasePath(): string {
  return process.env.COUNTY_LEDGER_DB ?? join(dataDirectory(), DATABASE_FILE);
}
