import { openDatabase, type Db } from '../db/open';
import type { EventRegistry } from './events';
import type { Ledger } from './ledger';

/** Replays the journal alone into a fresh in-memory database: the state it implies. */
export function rebuildFromJournal(ledger: Ledger, events: EventRegistry): Db {
  const fresh = openDatabase(':memory:');
  fresh.transaction(() => {
    for (const entry of ledger.entries()) {
      const def = events.get(entry.kind);
      if (!def) throw new Error(`第 ${entry.seq} 条记录的类型「${entry.kind}」无法重放`);
      def.apply(fresh, def.payload.parse(entry.payload), {
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        entity: entry.entity,
      });
    }
  })();
  return fresh;
}

/** Every table but the journal is current state. */
export function stateTables(db: Db): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'journal' ORDER BY name")
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

export type StateDifference = { table: string; live: number; rebuilt: number; firstDifferentRow: number | null };

/** Compares every state table row by row; an empty list means the live state equals the journal's. */
export function compareState(live: Db, rebuilt: Db): StateDifference[] {
  const differences: StateDifference[] = [];
  for (const table of stateTables(live)) {
    const dump = (db: Db) => db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).raw().all().map((r) => JSON.stringify(r));
    const a = dump(live);
    const b = dump(rebuilt);
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      if (a[i] !== b[i]) {
        differences.push({ table, live: a.length, rebuilt: b.length, firstDifferentRow: i });
        break;
      }
    }
  }
  return differences;
}
