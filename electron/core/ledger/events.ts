import type { z } from 'zod';
import type { Db } from '../db/open';

/** What an event's apply step may know of its journal entry besides the payload. */
export type EntryMeta = { seq: number; at: string; actor: string; entity: string };

/**
 * One kind of journal entry: its payload schema and how it changes the current-state tables.
 * apply must depend only on (payload, meta) and the state tables, so that replaying the journal
 * into an empty database rebuilds exactly the live state.
 */
export type EventDef<S extends z.ZodType = z.ZodType> = {
  kind: string;
  payload: S;
  apply: (db: Db, payload: z.output<S>, meta: EntryMeta) => void;
};

export function defineEvent<S extends z.ZodType>(def: EventDef<S>): EventDef<S> {
  return def;
}

export type EventRegistry = ReadonlyMap<string, EventDef>;

export function eventRegistry(defs: readonly EventDef[]): EventRegistry {
  const map = new Map<string, EventDef>();
  for (const def of defs) {
    if (map.has(def.kind)) throw new Error(`duplicate event kind ${def.kind}`);
    map.set(def.kind, def);
  }
  return map;
}
