// One result envelope for every call across the process boundary (IPC or loopback HTTP).
// A thrown error never crosses the boundary: handlers return `{ ok: false, error }` instead.

export const ERROR_CODES = [
  'VALIDATION', // the input did not match the contract
  'NOT_FOUND',
  'CONFLICT', // the record changed since the caller read it
  'UNKNOWN_METHOD',
  'UNAUTHORIZED', // not signed in, or the caller is not our UI
  'FORBIDDEN', // signed in, but the role or the four-eyes rule does not allow it
  'LOCKED', // the session has been idle too long, or the account is locked
  'STATE', // the claim's state does not allow this step
  'DB_TOO_NEW', // the database was written by a newer version of the app
  'DB_INVALID', // the file is not a County Ledger database
  'LEDGER_BROKEN',
  'POLICY_INVALID',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppError = {
  code: ErrorCode;
  /** For the clerk, in Chinese. */
  message: string;
  details?: unknown;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** An error a core module throws on purpose; the dispatcher turns it into an envelope. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}
