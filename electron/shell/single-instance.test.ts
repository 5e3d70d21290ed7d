import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../core/paths';

// A second copy of the desktop app, started while the first runs: it does not get the
// single-instance lock, so it opens no window and no core, and quits (the first one is told
// through 'second-instance' and comes to the front: see shell.test.ts).

const userData = mkdtempSync(join(tmpdir(), 'county-ledger-second-'));
process.env.COUNTY_LEDGER_DB = join(userData, 'ledger.db');

const recorded = vi.hoisted(() => ({ quits: 0, windows: 0, forks: 0, ready: 0 }));

vi.mock('electron', () => ({
  app: {
    isPackaged: false,
    getPath: () => userData,
    getAppPath: () => PROJECT_ROOT,
    getVersion: () => '0.0.0-test',
    enableSandbox: () => {},
    requestSingleInstanceLock: () => false,
    on: () => {},
    whenReady: () => {
      recorded.ready++;
      return Promise.resolve();
    },
    quit: () => recorded.quits++,
  },
  BrowserWindow: class {
    constructor() {
      recorded.windows++;
    }
  },
  utilityProcess: { fork: () => recorded.forks++ },
  protocol: { registerSchemesAsPrivileged: () => {} },
}));

afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('a second launch', () => {
  it('quits without a window or a core of its own', async () => {
    await import('./main');
    await new Promise((r) => setTimeout(r, 50));
    expect(recorded).toEqual({ quits: 1, windows: 0, forks: 0, ready: 0 });
  });
});
