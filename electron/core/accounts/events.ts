import { z } from 'zod';
import { Role } from '../../../shared/domain/accounts';
import { defineEvent } from '../ledger/events';
import { insertAccount, updateAccount, updateFailures, updatePassword } from './repository';

// Accounts are ledger state like anything else: created, changed, their passwords set (as scrypt
// hashes with their salts, never the password), failed and successful sign-ins. The journal is
// the audit trail IT staff read; replay rebuilds the account table exactly.

export const accountCreated = defineEvent({
  kind: 'account.created',
  payload: z.object({ username: z.string(), displayName: z.string(), roles: z.array(Role), salt: z.string(), hash: z.string() }),
  leaves: 'digest',
  apply(db, p, meta) {
    insertAccount(db, { ...p, seq: meta.seq });
  },
});

export const accountChanged = defineEvent({
  kind: 'account.changed',
  payload: z.object({ username: z.string(), displayName: z.string(), roles: z.array(Role), disabled: z.boolean() }),
  leaves: 'digest',
  apply(db, p, meta) {
    updateAccount(db, { ...p, seq: meta.seq });
  },
});

/** A new password (by its owner or reset by an administrator); it also lifts a lockout. */
export const passwordSet = defineEvent({
  kind: 'account.password',
  payload: z.object({ username: z.string(), salt: z.string(), hash: z.string(), reset: z.boolean() }),
  leaves: 'digest',
  apply(db, p, meta) {
    updatePassword(db, p.username, p.salt, p.hash, meta.seq);
  },
});

export const loginFailed = defineEvent({
  kind: 'account.loginFailed',
  payload: z.object({ username: z.string(), failed: z.number().int(), lockedUntil: z.string().nullable() }),
  leaves: 'digest',
  apply(db, p, meta) {
    updateFailures(db, p.username, p.failed, p.lockedUntil, meta.seq);
  },
});

export const loggedIn = defineEvent({
  kind: 'account.loggedIn',
  payload: z.object({ username: z.string(), unlock: z.boolean() }),
  leaves: 'digest',
  apply(db, p, meta) {
    updateFailures(db, p.username, 0, null, meta.seq);
  },
});

/** An administrator lifts a lockout before its time is up (the password stays as it was). */
export const accountUnlocked = defineEvent({
  kind: 'account.unlocked',
  payload: z.object({ username: z.string() }),
  leaves: 'digest',
  apply(db, p, meta) {
    updateFailures(db, p.username, 0, null, meta.seq);
  },
});

export const ACCOUNT_EVENTS = [accountCreated, accountChanged, passwordSet, loginFailed, loggedIn, accountUnlocked];
