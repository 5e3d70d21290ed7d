import { z } from 'zod';
import { type AccountView, Role } from '../../../shared/domain/accounts';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { statement } from '../db/statements';

// The account table: who may sign in, with what roles, the scrypt hash and salt of the password,
// and the lockout counters. Written only by the events of accounts/events.ts.

export type AccountRow = {
  username: string;
  display_name: string;
  roles: string;
  salt: string;
  hash: string;
  failed: number;
  locked_until: string | null;
  disabled: number;
};

const Roles = z.array(Role);

export function rolesOf(row: Pick<AccountRow, 'roles' | 'username'>): Role[] {
  return parseJsonColumn(Roles, row.roles, `账号「${row.username}」的角色`);
}

export function accountRow(db: Db, username: string): AccountRow | undefined {
  return statement<[string], AccountRow>(db, 'SELECT * FROM account WHERE username = ?').get(username);
}

export function accountView(r: AccountRow): AccountView {
  return { username: r.username, displayName: r.display_name, roles: rolesOf(r), disabled: r.disabled === 1, lockedUntil: r.locked_until, failedAttempts: r.failed };
}

export function accountCount(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM account').get()?.n ?? 0;
}

export function allAccounts(db: Db): AccountRow[] {
  return statement<[], AccountRow>(db, 'SELECT * FROM account ORDER BY created_seq').all();
}

export function activeAdminCount(db: Db): number {
  return statement<[], { n: number }>(db, "SELECT count(*) AS n FROM account WHERE disabled = 0 AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = 'admin')").get()?.n ?? 0;
}

/** A person's display name, or the username itself for one who has no account (the CLI's user). */
export function displayNameOf(db: Db, username: string): string {
  return statement<[string], { display_name: string }>(db, 'SELECT display_name FROM account WHERE username = ?').get(username)?.display_name ?? username;
}

/** Display names for many usernames in one view: each account read once (李录入, not luru). */
export function namesOf(db: Db): (username: string) => string {
  const names = new Map<string, string>();
  return (username) => {
    let name = names.get(username);
    if (name === undefined) names.set(username, (name = displayNameOf(db, username)));
    return name;
  };
}

export function insertAccount(db: Db, a: { username: string; displayName: string; roles: readonly Role[]; salt: string; hash: string; seq: number }): void {
  statement<[string, string, string, string, string, number, number]>(
    db,
    `INSERT INTO account (username, display_name, roles, salt, hash, failed, locked_until, disabled, created_seq, updated_seq)
     VALUES (?, ?, ?, ?, ?, 0, NULL, 0, ?, ?)`,
  ).run(a.username, a.displayName, JSON.stringify(a.roles), a.salt, a.hash, a.seq, a.seq);
}

export function updateAccount(db: Db, a: { username: string; displayName: string; roles: readonly Role[]; disabled: boolean; seq: number }): void {
  statement<[string, string, number, number, string]>(db, 'UPDATE account SET display_name = ?, roles = ?, disabled = ?, updated_seq = ? WHERE username = ?').run(
    a.displayName,
    JSON.stringify(a.roles),
    a.disabled ? 1 : 0,
    a.seq,
    a.username,
  );
}

/** A new password; it also lifts a lockout. */
export function updatePassword(db: Db, username: string, salt: string, hash: string, seq: number): void {
  statement<[string, string, number, string]>(db, 'UPDATE account SET salt = ?, hash = ?, failed = 0, locked_until = NULL, updated_seq = ? WHERE username = ?').run(salt, hash, seq, username);
}

export function updateFailures(db: Db, username: string, failed: number, lockedUntil: string | null, seq: number): void {
  statement<[number, string | null, number, string]>(db, 'UPDATE account SET failed = ?, locked_until = ?, updated_seq = ? WHERE username = ?').run(failed, lockedUntil, seq, username);
}
