import type { Result } from '../../shared/result';

// The messages between the main process and the core's utility process. The main process sends
// `init` once with the port; every call afterwards is the existing envelope, matched by id.

export type CoreInit = {
  type: 'init';
  dbPath: string;
  seedPolicyDir: string;
  appVersion: string;
  logDir: string;
  nativeBinding?: string;
  /** The per-user secret the OS key store unsealed (hex), or absent: keys are sealed by passphrase. */
  keyStoreSecret?: string;
};

export type ToCore = { type: 'call'; id: number; method: unknown; input: unknown; session?: string } | { type: 'shutdown' };

export type FromCore =
  | { type: 'ready' }
  | { type: 'failed'; code: string; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'closed' };

/** The program named in the database's lock while the desktop app holds it. */
export const DESKTOP_PROGRAM = '桌面版（县域电商台账）';
