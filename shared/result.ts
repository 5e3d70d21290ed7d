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
  'KEY_LOCKED', // the signing key's passphrase is wrong, or its file is damaged
  'DB_BUSY', // another program holds the database, or its write outlasted the busy timeout
  'BACKUP_INVALID', // a backup or migration package is damaged, tampered with or not ours
  'UPDATE_INVALID', // an update is unsigned, signed by an unknown key, damaged or not newer
  'CANCELLED', // the person closed a file dialog without choosing
  // Bundles from county to city, each refusal with its own code:
  'BUNDLE_MANIFEST', // not a bundle, or its manifest does not parse
  'BUNDLE_SIGNATURE', // missing or bad signature
  'BUNDLE_KEY', // signed by a key not in the city's registry, or another county's key
  'BUNDLE_FILE', // a data file's digest, size or row count differs from the manifest
  'BUNDLE_FILES', // a file missing or added
  'BUNDLE_REPLAY', // sequence not after the last accepted from that county
  'BUNDLE_GAP', // a sequence number skipped
  'BUNDLE_PREVIOUS', // the previous-bundle digest is not the last accepted one
  'BUNDLE_CHAIN', // the journal segment does not continue the last accepted head
  'BUNDLE_PACK', // a policy pack the city does not know
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

/**
 * The error as the clerk should see it, or null for a bug. A DomainError, or an error from shared
 * code that carries one of our codes (a date that does not exist is a RangeError that also says
 * VALIDATION), goes out as itself; anything else is INTERNAL.
 */
export function domainErrorOf(error: unknown): { code: ErrorCode; message: string; details?: unknown } | null {
  if (error instanceof DomainError) return error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details };
  if (error instanceof Error && 'code' in error && (ERROR_CODES as readonly unknown[]).includes(error.code) && error.code !== 'INTERNAL') {
    return { code: error.code as ErrorCode, message: error.message };
  }
  return null;
}
