import type { Db } from './open';

// The current-state tables as plain rows, for comparing a database with its journal's replay.
// Generic over the schema: every table but the journal is current state.

export function stateTables(db: Db): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'journal' ORDER BY name")
    .all()
    .map((r) => r.name);
}

/** A table's rows as JSON texts, in the order of its first column (names come from stateTables). */
export function tableRowTexts(db: Db, table: string): string[] {
  return db
    .prepare(`SELECT * FROM "${table}" ORDER BY 1`)
    .raw()
    .all()
    .map((r) => JSON.stringify(r));
}
