import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../../../shared/domain/accounts';
import { chinaTimeOfDay } from '../../../shared/dates';
import { DomainError } from '../../../shared/result';

// Wrong passphrases for the signing key are throttled like passwords: five in a row lock the key
// for fifteen minutes. The count lives in a file beside the key (it survives a restart of the
// program, and a CLI run is one process per try); anyone who can delete it can also copy the key
// file and guess offline, so it guards the program's own doors, which is all it is for.

export const ATTEMPTS_FILE = 'unlock-attempts.json';

const Attempts = z.object({ failed: z.number().int().min(0), lockedUntil: z.string().nullable() });
type Attempts = z.infer<typeof Attempts>;

function read(path: string): Attempts {
  try {
    const parsed = Attempts.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : { failed: 0, lockedUntil: null };
  } catch {
    return { failed: 0, lockedUntil: null };
  }
}

function write(path: string, attempts: Attempts): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(attempts), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/**
 * Runs `open` (which throws KEY_LOCKED for a wrong passphrase) unless the key is locked out; counts
 * the failure, and locks the key on the fifth in a row. A success clears the count.
 */
export function throttledUnlock<T>(keysDir: string, open: () => T, now: Date = new Date()): T {
  const path = join(keysDir, ATTEMPTS_FILE);
  const before = read(path);
  if (before.lockedUntil && Date.parse(before.lockedUntil) > now.getTime()) {
    throw new DomainError('LOCKED', `签名密钥口令连续输错 ${MAX_FAILED_LOGINS} 次，已锁定至 ${chinaTimeOfDay(before.lockedUntil)}，请稍后再试`);
  }
  try {
    const value = open();
    if (before.failed > 0 || before.lockedUntil) rmSync(path, { force: true });
    return value;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'KEY_LOCKED') throw error;
    const failed = (before.lockedUntil ? 0 : before.failed) + 1;
    mkdirSync(keysDir, { recursive: true });
    if (failed >= MAX_FAILED_LOGINS) {
      write(path, { failed: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() });
      throw new DomainError('LOCKED', `签名密钥口令连续输错 ${MAX_FAILED_LOGINS} 次，已锁定 ${LOCKOUT_MINUTES} 分钟`);
    }
    write(path, { failed, lockedUntil: null });
    throw new DomainError('KEY_LOCKED', `${error.message}；再错 ${MAX_FAILED_LOGINS - failed} 次将锁定 ${LOCKOUT_MINUTES} 分钟`);
  }
}
