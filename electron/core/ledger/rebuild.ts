import { openDatabase, type Db } from '../db/open';
import { stateTables, tableRowTexts } from '../db/state';
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

export type StateDifference = { table: string; live: number; rebuilt: number; firstDifferentRow: number | null };

/** Compares every state table row by row; an empty list means the live state equals the journal's. */
export function compareState(live: Db, rebuilt: Db): StateDifference[] {
  const differences: StateDifference[] = [];
  for (const table of stateTables(live)) {
    const a = tableRowTexts(live, table);
    const b = tableRowTexts(rebuilt, table);
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
