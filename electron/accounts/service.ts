import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import {
  type AccountView,
  DEFAULT_IDLE_MINUTES,
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  type Role,
  ROLE_LABELS,
  type SessionView,
} from '../../shared/domain/accounts';
import { DomainError } from '../../shared/result';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import type { Ledger } from '../ledger/ledger';
import { accountChanged, accountCreated, loggedIn, loginFailed, passwordSet, settingRecorded } from './events';

// Local accounts: scrypt (node:crypto) with a per-user salt, five wrong passwords lock the
// account for a while, sessions live in memory and lock after the configured idle time.

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

export type Principal = { username: string; displayName: string; roles: readonly Role[] };

type AccountRow = {
  username: string;
  display_name: string;
  roles: string;
  salt: string;
  hash: string;
  failed: number;
  locked_until: string | null;
  disabled: number;
};

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

function row(db: Db, username: string): AccountRow | undefined {
  return statement(db, 'SELECT * FROM account WHERE username = ?').get(username) as AccountRow | undefined;
}

function view(r: AccountRow): AccountView {
  return {
    username: r.username,
    displayName: r.display_name,
    roles: JSON.parse(r.roles) as Role[],
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until,
    failedAttempts: r.failed,
  };
}

export function accountCount(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM account').get() as { n: number }).n;
}

export function listAccounts(db: Db): AccountView[] {
  return (statement(db, 'SELECT * FROM account ORDER BY created_seq').all() as AccountRow[]).map(view);
}

export function principalOf(db: Db, username: string): Principal | null {
  const r = row(db, username);
  if (!r || r.disabled) return null;
  return { username: r.username, displayName: r.display_name, roles: JSON.parse(r.roles) as Role[] };
}

export type NewAccount = { username: string; displayName: string; roles: Role[]; password: string };

export function createAccount(ledger: Ledger, actor: string, input: NewAccount): AccountView {
  return ledger.db.transaction(() => {
    if (row(ledger.db, input.username)) throw new DomainError('CONFLICT', `用户名「${input.username}」已存在`);
    if (input.roles.length === 0) throw new DomainError('VALIDATION', '角色：至少选择一个角色');
    const { salt, hash } = hashPassword(input.password);
    ledger.append(actor, { kind: accountCreated.kind, entity: `account:${input.username}`, payload: { username: input.username, displayName: input.displayName, roles: input.roles, salt, hash } });
    return view(row(ledger.db, input.username)!);
  })();
}

/** First start: the administrator's account, only while there is none. */
export function setupAdministrator(ledger: Ledger, input: NewAccount): AccountView {
  return ledger.db.transaction(() => {
    if (accountCount(ledger.db) > 0) throw new DomainError('FORBIDDEN', '管理员已设置，请登录');
    const roles = input.roles.includes('admin') ? input.roles : (['admin', ...input.roles] as Role[]);
    return createAccount(ledger, '系统初始化', { ...input, roles });
  })();
}

export function changeAccount(ledger: Ledger, actor: string, input: { username: string; displayName: string; roles: Role[]; disabled: boolean }): AccountView {
  return ledger.db.transaction(() => {
    const current = row(ledger.db, input.username);
    if (!current) throw new DomainError('NOT_FOUND', `没有用户「${input.username}」`);
    if (input.roles.length === 0) throw new DomainError('VALIDATION', '角色：至少选择一个角色');
    const stillAdmin = !input.disabled && input.roles.includes('admin');
    if (!stillAdmin && (JSON.parse(current.roles) as Role[]).includes('admin') && activeAdmins(ledger.db) <= 1) {
      throw new DomainError('FORBIDDEN', '这是最后一个可用的管理员账号，不能取消其管理员角色或停用');
    }
    ledger.append(actor, { kind: accountChanged.kind, entity: `account:${input.username}`, payload: input });
    return view(row(ledger.db, input.username)!);
  })();
}

function activeAdmins(db: Db): number {
  return (statement(db, "SELECT count(*) AS n FROM account WHERE disabled = 0 AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = 'admin')").get() as { n: number }).n;
}

export function setPassword(ledger: Ledger, actor: string, username: string, password: string, reset: boolean): void {
  if (!row(ledger.db, username)) throw new DomainError('NOT_FOUND', `没有用户「${username}」`);
  const { salt, hash } = hashPassword(password);
  ledger.append(actor, { kind: passwordSet.kind, entity: `account:${username}`, payload: { username, salt, hash, reset } });
}

/**
 * Checks a password. A wrong one counts towards the lockout (and is journaled); the fifth in a
 * row locks the account for LOCKOUT_MINUTES. The message never tells which of name or password
 * was wrong, except how many tries are left on a real account.
 */
export function authenticate(ledger: Ledger, username: string, password: string, now: Date, unlock = false): Principal {
  const r = row(ledger.db, username);
  if (!r || r.disabled) throw new DomainError('UNAUTHORIZED', '用户名或密码错误');
  if (r.locked_until && Date.parse(r.locked_until) > now.getTime()) {
    throw new DomainError('LOCKED', `密码连续输错 ${MAX_FAILED_LOGINS} 次，账号已锁定至 ${localTime(r.locked_until)}，请稍后再试或请管理员解锁`);
  }
  if (!verifyPassword(password, r.salt, r.hash)) {
    const failed = (r.locked_until ? 0 : r.failed) + 1;
    const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    ledger.append(username, { kind: loginFailed.kind, entity: `account:${username}`, payload: { username, failed: lockedUntil ? 0 : failed, lockedUntil } });
    if (lockedUntil) throw new DomainError('LOCKED', `密码连续输错 ${MAX_FAILED_LOGINS} 次，账号已锁定 ${LOCKOUT_MINUTES} 分钟`);
    throw new DomainError('UNAUTHORIZED', `用户名或密码错误，再错 ${MAX_FAILED_LOGINS - failed} 次账号将被锁定`);
  }
  ledger.append(username, { kind: loggedIn.kind, entity: `account:${username}`, payload: { username, unlock } });
  return { username: r.username, displayName: r.display_name, roles: JSON.parse(r.roles) as Role[] };
}

function localTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

// ── Install settings ─────────────────────────────────────────────────────────────────────────

export const SETTING_KEYS = ['idleMinutes', 'noticeDays', 'noticeContact', 'fontPath'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export function readSetting(db: Db, key: SettingKey): string | null {
  const r = statement(db, 'SELECT value FROM install_setting WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

export function idleMinutes(db: Db): number {
  const v = Number(readSetting(db, 'idleMinutes'));
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_IDLE_MINUTES;
}

export function recordSetting(ledger: Ledger, actor: string, key: SettingKey, value: string): void {
  ledger.append(actor, { kind: settingRecorded.kind, entity: `setting:${key}`, payload: { key, value } });
}

// ── Sessions ─────────────────────────────────────────────────────────────────────────────────

type Session = { username: string; lastSeen: number };

/** Signed-in sessions of this process; a restart signs everyone out. */
export class Sessions {
  private readonly byToken = new Map<string, Session>();
  constructor(private readonly now: () => number = Date.now) {}

  open(username: string): string {
    const token = randomBytes(24).toString('base64url');
    this.byToken.set(token, { username, lastSeen: this.now() });
    return token;
  }

  close(token: string): void {
    this.byToken.delete(token);
  }

  /** The session's user, and whether it has been idle longer than the limit (then it is locked). */
  check(token: string | undefined, idleLimitMinutes: number): { username: string; locked: boolean } | null {
    const s = token ? this.byToken.get(token) : undefined;
    if (!s) return null;
    return { username: s.username, locked: this.now() - s.lastSeen > idleLimitMinutes * 60_000 };
  }

  touch(token: string): void {
    const s = this.byToken.get(token);
    if (s) s.lastSeen = this.now();
  }

  time(): Date {
    return new Date(this.now());
  }
}

export function sessionView(token: string, p: Principal, idle: number): SessionView {
  return { token, username: p.username, displayName: p.displayName, roles: [...p.roles], idleMinutes: idle };
}

export function rolesLabel(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join('或');
}
