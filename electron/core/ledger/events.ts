import type { z } from 'zod';
import type { Db } from '../db/open';

/** What an event's apply step may know of its journal entry besides the payload. */
export type EntryMeta = { seq: number; at: string; actor: string; entity: string };

/**
 * How an entry's payload may leave the county in a bundle. Every line of the journal travels (the
 * city follows the chain by each entry's hash); what differs is the payload:
 * - `whole`: the payload text travels as it was hashed, and the city re-hashes it. Only for
 *   payloads with neither personal data nor a secret.
 * - `digest`: only the payload's SHA-256 travels (personal data, local paths, accounts).
 * - `never`: a secret (the pack's HMAC key): only the SHA-256 travels as for `digest`, and export
 *   refuses any bundle in which the secret's text appears at all.
 */
export type Leaves = 'whole' | 'digest' | 'never';

/**
 * One kind of journal entry: its payload schema, how it may leave the county, and how it changes
 * the current-state tables. apply must depend only on (payload, meta) and the state tables, so
 * that replaying the journal into an empty database rebuilds exactly the live state.
 */
export type EventDef<S extends z.ZodType = z.ZodType> = {
  kind: string;
  payload: S;
  /** Declared here, where the payload is defined, so a new kind cannot travel by accident; a function when old payloads of the kind differ. */
  leaves: Leaves | ((payload: z.output<S>) => Leaves);
  apply: (db: Db, payload: z.output<S>, meta: EntryMeta) => void;
};

export function defineEvent<S extends z.ZodType>(def: EventDef<S>): EventDef<S> {
  return def;
}

export type EventRegistry = ReadonlyMap<string, EventDef>;

/**
 * How one journaled payload may leave; an unknown kind stays home. The payload's text (canonical
 * JSON as stored) is asked for only when the kind's declaration depends on it.
 */
export function payloadLeaves(events: EventRegistry, kind: string, payloadText: () => string): Leaves {
  const def = events.get(kind);
  if (!def) return 'never';
  if (typeof def.leaves === 'string') return def.leaves;
  return def.leaves(def.payload.parse(JSON.parse(payloadText())));
}

export function eventRegistry(defs: readonly EventDef[]): EventRegistry {
  const map = new Map<string, EventDef>();
  for (const def of defs) {
    if (map.has(def.kind)) throw new Error(`duplicate event kind ${def.kind}`);
    map.set(def.kind, def);
  }
  return map;
}
