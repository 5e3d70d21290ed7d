import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, openCore } from '../../electron/core';
import { DEFAULT_POLICY_DIR } from '../../electron/paths';

/** A clock that ticks one second per call from a fixed instant, so journal entries are reproducible. */
export function fixedClock(start = '2019-09-01T01:00:00.000Z'): () => string {
  let ms = Date.parse(start);
  return () => {
    const now = new Date(ms).toISOString();
    ms += 1000;
    return now;
  };
}

export type TempCore = Core & { dir: string; dbPath: string; dispose(): void };

/** A real SQLite file in a temporary folder, seeded from the real policy pack. */
export function tempCore(name = 'ledger.db'): TempCore {
  const dir = mkdtempSync(join(tmpdir(), 'county-ledger-'));
  const dbPath = join(dir, name);
  const core = openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', actor: '测试录入员', clock: fixedClock() });
  return {
    ...core,
    dir,
    dbPath,
    dispose() {
      if (core.db.open) core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'county-ledger-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
