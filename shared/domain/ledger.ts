import { z } from 'zod';

export const JournalEntry = z.object({
  seq: z.number().int().min(1),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  entity: z.string(),
  payload: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

export const LedgerVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), headSeq: z.number().int(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int(),
    firstBadSeq: z.number().int(),
    reason: z.string(),
  }),
]);
export type LedgerVerification = z.infer<typeof LedgerVerification>;
