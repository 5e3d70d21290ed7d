import { z } from 'zod';
import { defineEvent } from '../ledger/events';
import { upsertReading } from './repository';

/** The county's administrator answers a choice the plan leaves open (checked against the pack's options first). */
export const readingSet = defineEvent({
  kind: 'reading.set',
  payload: z.object({ id: z.string().min(1), value: z.string().min(1), before: z.string().nullable(), note: z.string() }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertReading(db, { id: p.id, value: p.value, note: p.note, set_by: meta.actor, set_at: meta.at }, meta.seq);
  },
});

export const READING_EVENTS = [readingSet];
