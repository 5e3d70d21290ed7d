import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { type AccountView, LOCKOUT_MINUTES, MAX_FAILED_LOGINS, type Principal, type Role } from '../../../shared/domain/accounts';
import { chinaTimeOfDay } from '../../../shared/dates';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import type { Ledger } from '../ledger/ledger';
import { accountChanged, accountCreated, accountUnlocked, loggedIn, loginFailed, passwordSet } from './events';
import { accountCount, accountRow, accountView, activeAdminCount, allAccounts, rolesOf } from './repository';

// Local accounts: scrypt (node:crypto) with a per-user salt; five wrong passwords lock the
// account for a while.

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

export function hashPassword(password: string, salt = randomBytes(16).toString('hex')): { salt: string; hash: string } {
  const key = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'hex'), SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return { salt, hash: `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${key.toString('hex')}` };
}

export function verifyPassword(password: string, salt: string, stored: string): boolean {
  const [scheme, n, r, p, hex] = stored.split('$');
  if (scheme !== 'scrypt' || !hex) return false;
  const expected = Buffer.from(hex, 'hex');
  const key = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'hex'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

export function listAccounts(db: Db): AccountView[] {
  return allAccounts(db).map(accountView);
}

export function principalOf(db: Db, username: string): Principal | null {
  const r = accountRow(db, username);
  if (!r || r.disabled) return null;
  return { username: r.username, displayName: r.display_name, roles: rolesOf(r) };
}

export type NewAccount = { username: string; displayName: string; roles: Role[]; password: string };

export function createAccount(ledger: Ledger, by: Principal, input: NewAccount): AccountView {
  return ledger.db.transaction(() => {
    if (accountRow(ledger.db, input.username)) throw new DomainError('CONFLICT', `用户名「${input.username}」已存在`);
    if (input.roles.length === 0) throw new DomainError('VALIDATION', '角色：至少选择一个角色');
    const { salt, hash } = hashPassword(input.password);
    ledger.append(by.username, { kind: accountCreated.kind, entity: `account:${input.username}`, payload: { username: input.username, displayName: input.displayName, roles: input.roles, salt, hash } });
    return accountView(accountRow(ledger.db, input.username)!);
  })();
}

/** Who sets up the first account: no one is signed in yet. */
export const SYSTEM_SETUP: Principal = { username: '系统初始化', displayName: '系统初始化', roles: [] };

/** First start: the administrator's account, only while there is none. */
export function setupAdministrator(ledger: Ledger, input: NewAccount): AccountView {
  return ledger.db.transaction(() => {
    if (accountCount(ledger.db) > 0) throw new DomainError('FORBIDDEN', '管理员已设置，请登录');
    const roles = input.roles.includes('admin') ? input.roles : (['admin', ...input.roles] as Role[]);
    return createAccount(ledger, SYSTEM_SETUP, { ...input, roles });
  })();
}

export function changeAccount(ledger: Ledger, by: Principal, input: { username: string; displayName: string; roles: Role[]; disabled: boolean }): AccountView {
  return ledger.db.transaction(() => {
    const current = accountRow(ledger.db, input.username);
    if (!current) throw new DomainError('NOT_FOUND', `没有用户「${input.username}」`);
    if (input.roles.length === 0) throw new DomainError('VALIDATION', '角色：至少选择一个角色');
    const stillAdmin = !input.disabled && input.roles.includes('admin');
    if (!stillAdmin && rolesOf(current).includes('admin') && activeAdminCount(ledger.db) <= 1) {
      throw new DomainError('FORBIDDEN', '这是最后一个可用的管理员账号，不能取消其管理员角色或停用');
    }
    ledger.append(by.username, { kind: accountChanged.kind, entity: `account:${input.username}`, payload: input });
    return accountView(accountRow(ledger.db, input.username)!);
  })();
}

export function setPassword(ledger: Ledger, by: Principal, username: string, password: string, reset: boolean): void {
  if (!accountRow(ledger.db, username)) throw new DomainError('NOT_FOUND', `没有用户「${username}」`);
  const { salt, hash } = hashPassword(password);
  ledger.append(by.username, { kind: passwordSet.kind, entity: `account:${username}`, payload: { username, salt, hash, reset } });
}

/** An administrator lifts a lockout at once, so the person need not wait out LOCKOUT_MINUTES. */
export function unlockAccount(ledger: Ledger, by: Principal, username: string, now: Date): AccountView {
  return ledger.db.transaction(() => {
    const r = accountRow(ledger.db, username);
    if (!r) throw new DomainError('NOT_FOUND', `没有用户「${username}」`);
    if (!r.locked_until || Date.parse(r.locked_until) <= now.getTime()) throw new DomainError('STATE', `用户「${r.display_name}」未被锁定，无需解锁`);
    ledger.append(by.username, { kind: accountUnlocked.kind, entity: `account:${username}`, payload: { username } });
    return accountView(accountRow(ledger.db, username)!);
  })();
}

/**
 * Checks a password. A wrong one counts towards the lockout (and is journaled); the fifth in a
 * row locks the account for LOCKOUT_MINUTES. The message never tells which of name or password
 * was wrong, except how many tries are left on a real account.
 */
export function authenticate(ledger: Ledger, username: string, password: string, now: Date, unlock = false): Principal {
  const r = accountRow(ledger.db, username);
  if (!r || r.disabled) throw new DomainError('UNAUTHORIZED', '用户名或密码错误');
  if (r.locked_until && Date.parse(r.locked_until) > now.getTime()) {
    throw new DomainError('LOCKED', `密码连续输错 ${MAX_FAILED_LOGINS} 次，账号已锁定至 ${chinaTimeOfDay(r.locked_until)}，请稍后再试或请管理员解锁`);
  }
  if (!verifyPassword(password, r.salt, r.hash)) {
    const failed = (r.locked_until ? 0 : r.failed) + 1;
    const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    ledger.append(username, { kind: loginFailed.kind, entity: `account:${username}`, payload: { username, failed: lockedUntil ? 0 : failed, lockedUntil } });
    if (lockedUntil) throw new DomainError('LOCKED', `密码连续输错 ${MAX_FAILED_LOGINS} 次，账号已锁定 ${LOCKOUT_MINUTES} 分钟`);
    throw new DomainError('UNAUTHORIZED', `用户名或密码错误，再错 ${MAX_FAILED_LOGINS - failed} 次账号将被锁定`);
  }
  ledger.append(username, { kind: loggedIn.kind, entity: `account:${username}`, payload: { username, unlock } });
  return { username: r.username, displayName: r.display_name, roles: rolesOf(r) };
}
