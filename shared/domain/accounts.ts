import { z } from 'zod';

// Local accounts on the PC. A person may hold several roles; what each role may do is declared
// with the contract (shared/contract.ts) and enforced by the core's dispatch, not only by the UI.

export const ROLES = ['admin', 'clerk', 'reviewer', 'director'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  clerk: '录入员',
  reviewer: '审核员',
  director: '审批人',
};

/**
 * Who is acting: the signed-in person, or on the command line the operating-system user (who
 * holds every role: whoever can open the database file can do anything to it). Every write is
 * journaled under its username; four eyes compare usernames; messages name the display name.
 */
export type Principal = { username: string; displayName: string; roles: readonly Role[] };

export const Username = z
  .string()
  .trim()
  .min(2, { message: '用户名至少 2 个字符' })
  .max(32, { message: '用户名不超过 32 个字符' })
  .regex(/^[\p{L}\p{N}_.-]+$/u, { message: '用户名只能包含汉字、字母、数字和 _ . -' });

/** At least 8 characters with a letter and a digit: a clerk's PC is shared by an office. */
export const Password = z
  .string()
  .min(8, { message: '密码至少 8 位' })
  .max(128, { message: '密码不超过 128 位' })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { message: '密码须同时包含字母和数字' });

export const AccountView = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
});
export type AccountView = z.infer<typeof AccountView>;

export const SessionView = z.object({
  token: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  idleMinutes: z.number().int(),
});
export type SessionView = z.infer<typeof SessionView>;

export const AuthStatus = z.object({
  /** No account yet: the first start asks for the administrator's password. */
  needsSetup: z.boolean(),
  session: SessionView.nullable(),
  /** The session exists but has been idle too long: the same person must enter the password again. */
  locked: z.boolean(),
  /** The unit this install belongs to, for the sign-in screen (凤台县商务局), or null before it is set. */
  unit: z.string().nullable(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

/** Five wrong passwords lock an account for fifteen minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const DEFAULT_IDLE_MINUTES = 15;

export function rolesText(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join('、');
}

/** 录入员或管理员: who may do a step that any of these roles allows. */
export function rolesLabel(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join('或');
}
