import { z } from 'zod';
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

export const CoreInitSchema = z.object({
  type: z.literal('init'),
  dbPath: z.string().min(1),
  seedPolicyDir: z.string().min(1),
  appVersion: z.string().min(1),
  logDir: z.string().min(1),
  nativeBinding: z.string().optional(),
  keyStoreSecret: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const ToCoreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), method: z.unknown(), input: z.unknown(), session: z.string().optional() }),
  z.object({ type: z.literal('shutdown') }),
]);

export type ToCore = { type: 'call'; id: number; method: unknown; input: unknown; session?: string } | { type: 'shutdown' };

export type FromCore =
  | { type: 'ready' }
  | { type: 'failed'; code: string; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'closed' };

/** The program named in the database's lock while the desktop app holds it. */
export const DESKTOP_PROGRAM = '桌面版（县域电商台账）';
