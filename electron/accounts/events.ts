import { z } from 'zod';
import { Role } from '../../shared/domain/accounts';
import { statement } from '../db/statements';
import { defineEvent } from '../ledger/events';
import { upsertInstallSetting } from '../policy/events';

// Accounts are ledger state like anything else: created, changed, their passwords set (as scrypt
// hashes with their salts, never the password), failed and successful sign-ins. The journal is
// the audit trail IT staff read; replay rebuilds the account table exactly.

export const accountCreated = defineEvent({
  kind: 'account.created',
  payload: z.object({ username: z.string(), displayName: z.string(), roles: z.array(Role), salt: z.string(), hash: z.string() }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO account (username, display_name, roles, salt, hash, failed, locked_until, disabled, created_seq, updated_seq)
       VALUES (?, ?, ?, ?, ?, 0, NULL, 0, ?, ?)`,
    ).run(p.username, p.displayName, JSON.stringify(p.roles), p.salt, p.hash, meta.seq, meta.seq);
  },
});

export const accountChanged = defineEvent({
  kind: 'account.changed',
  payload: z.object({ username: z.string(), displayName: z.string(), roles: z.array(Role), disabled: z.boolean() }),
  apply(db, p, meta) {
    statement(db, 'UPDATE account SET display_name = ?, roles = ?, disabled = ?, updated_seq = ? WHERE username = ?').run(
      p.displayName,
      JSON.stringify(p.roles),
      p.disabled ? 1 : 0,
      meta.seq,
      p.username,
    );
  },
});

/** A new password (by its owner or reset by an administrator); it also lifts a lockout. */
export const passwordSet = defineEvent({
  kind: 'account.password',
  payload: z.object({ username: z.string(), salt: z.string(), hash: z.string(), reset: z.boolean() }),
  apply(db, p, meta) {
    statement(db, 'UPDATE account SET salt = ?, hash = ?, failed = 0, locked_until = NULL, updated_seq = ? WHERE username = ?').run(p.salt, p.hash, meta.seq, p.username);
  },
});

export const loginFailed = defineEvent({
  kind: 'account.loginFailed',
  payload: z.object({ username: z.string(), failed: z.number().int(), lockedUntil: z.string().nullable() }),
  apply(db, p, meta) {
    statement(db, 'UPDATE account SET failed = ?, locked_until = ?, updated_seq = ? WHERE username = ?').run(p.failed, p.lockedUntil, meta.seq, p.username);
  },
});

export const loggedIn = defineEvent({
  kind: 'account.loggedIn',
  payload: z.object({ username: z.string(), unlock: z.boolean() }),
  apply(db, p, meta) {
    statement(db, 'UPDATE account SET failed = 0, locked_until = NULL, updated_seq = ? WHERE username = ?').run(meta.seq, p.username);
  },
});

/** An install-wide setting (idle lock minutes, 公示 period and contact, font file). */
export const settingRecorded = defineEvent({
  kind: 'setting.recorded',
  payload: z.object({ key: z.string().regex(/^[a-zA-Z]+$/), value: z.string() }),
  apply(db, p, meta) {
    upsertInstallSetting(db, p.key, p.value, meta.seq);
  },
});

export const ACCOUNT_EVENTS = [accountCreated, accountChanged, passwordSet, loginFailed, loggedIn, settingRecorded];
