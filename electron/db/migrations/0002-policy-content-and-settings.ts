import type { Database } from 'better-sqlite3';

// The whole policy pack is kept in the ledger, so the engine runs on exactly what was loaded
// (and recorded by digest), not on whatever files happen to be on disk later. A county's tier
// tables and rates, and which unit this install belongs to, are state like any other.
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE policy_pack ADD COLUMN content TEXT NOT NULL DEFAULT '{}';

    CREATE TABLE rule_setting (
      rule        TEXT PRIMARY KEY,
      setting     TEXT NOT NULL,
      updated_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE install_setting (
      key         TEXT PRIMARY KEY,
      value       TEXT NOT NULL,
      updated_seq INTEGER NOT NULL
    ) STRICT;
  `);
}
