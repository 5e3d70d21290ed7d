import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, principalOf } from '../../electron/core/accounts/service';
import { type Core, localPrincipal, openCore } from '../../electron/core/core';
import { dispatch, type Logger } from '../../electron/core/handlers';
import type { Principal, Role } from '../../shared/domain/accounts';
import { DomainError } from '../../shared/result';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';

/** Someone acting in a test without signing in, as the command line's user does (every role). */
export function actor(name: string): Principal {
  return localPrincipal(name);
}

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
  // the same object, not a copy: a restore replaces core.db and core.ledger in place
  return Object.assign(core, {
    dir,
    dispose() {
      if (core.db.open) core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export function tempDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'county-ledger-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * An account with the given roles and an open session for it, as a sign-in would leave it (one
 * journal entry: the account's creation). Returns the session token dispatch takes.
 */
export function signIn(core: Core, username = '测试管理员', roles: Role[] = ['admin', 'clerk', 'reviewer', 'director'], password = 'ceshi12345'): string {
  if (!principalOf(core.db, username)) createAccount(core.ledger, actor('测试'), { username, displayName: username, roles, password });
  return core.sessions.open(username);
}

/** dispatch as one signed-in person. */
export function callerFor(core: Core, token: string) {
  return (method: unknown, input: unknown, log?: Logger) => dispatch(core, method, input, token, log);
}

/** The DomainError a call is refused with; fails the test if it is not refused. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The DomainError an asynchronous call is refused with; fails the test if it is not refused. */
export async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
