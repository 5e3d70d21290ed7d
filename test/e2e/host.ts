import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type RunningHost = { url: string; origin: string; token: string; dbPath: string; stop(): Promise<void> };

/** Starts `electron/host/main.ts` as `npm run web` does, on a given database, and reads its URL. */
export async function startHost(dbPath: string): Promise<RunningHost> {
  const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'electron', 'host', 'main.ts'), '--db', dbPath], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    dbPath,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function tempDatabase(): { dbPath: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'county-ledger-e2e-'));
  return { dbPath: join(dir, 'ledger.db'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One loopback host over a fresh temporary database for a whole spec file: started before its
 * first test, stopped (and the database removed) after its last. Returns a getter, because a test
 * may restart the host.
 */
export function hostForFile(test: { beforeAll(fn: () => Promise<void>): void; afterAll(fn: () => Promise<void>): void }) {
  const state: { host?: RunningHost; db?: ReturnType<typeof tempDatabase> } = {};
  test.beforeAll(async () => {
    state.db = tempDatabase();
    state.host = await startHost(state.db.dbPath);
  });
  test.afterAll(async () => {
    await state.host?.stop();
    state.db?.dispose();
  });
  return {
    get host(): RunningHost {
      if (!state.host) throw new Error('host not started');
      return state.host;
    },
    async restart(): Promise<RunningHost> {
      await state.host?.stop();
      state.host = await startHost(state.db!.dbPath);
      return state.host;
    },
  };
}
