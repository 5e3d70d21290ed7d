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

/** The people of the e2e office; 管理员 holds every role, the others one each. */
export const USERS = {
  admin: { displayName: '王管理', password: 'guanli2019', roles: ['admin', 'clerk', 'reviewer', 'director'] },
  luru: { displayName: '李录入', password: 'luru2019a', roles: ['clerk'] },
  shenhe: { displayName: '张审核', password: 'shenhe2019', roles: ['reviewer'] },
  shenpi: { displayName: '赵审批', password: 'shenpi2019', roles: ['director'] },
} as const;
export type UserName = keyof typeof USERS;

export async function api(host: RunningHost, method: string, input: unknown, session?: string): Promise<{ ok: boolean; value?: { token?: string }; error?: { message: string } }> {
  const response = await fetch(`${host.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...(session ? { 'X-Session': session } : {}) },
    body: JSON.stringify(input),
  });
  return (await response.json()) as { ok: boolean; value?: { token?: string }; error?: { message: string } };
}

/** A session for one of the USERS, through the API. */
export async function apiSession(host: RunningHost, username: UserName): Promise<string> {
  const r = await api(host, 'auth.login', { username, password: USERS[username].password });
  if (!r.ok || !r.value?.token) throw new Error(`auth.login ${username}: ${r.error?.message}`);
  return r.value.token;
}

/** First start through the API, as a clerk's first start through the screen would: the administrator, then the others. */
export async function provisionUsers(host: RunningHost): Promise<void> {
  const { admin, ...others } = USERS;
  const setup = await api(host, 'auth.setup', { username: 'admin', displayName: admin.displayName, password: admin.password, roles: admin.roles.filter((r) => r !== 'admin') });
  if (!setup.ok) throw new Error(`auth.setup: ${setup.error?.message}`);
  for (const [username, u] of Object.entries(others)) {
    const made = await api(host, 'accounts.create', { username, displayName: u.displayName, password: u.password, roles: u.roles }, setup.value?.token);
    if (!made.ok) throw new Error(`accounts.create ${username}: ${made.error?.message}`);
  }
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
    await provisionUsers(state.host);
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
