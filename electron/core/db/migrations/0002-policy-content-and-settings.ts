import type { Database } from 'better-sqlite3';

// The whole policy pack is kept in the ledger, so the engine runs on exactly what was loaded
// (and recorded by digest), not on whatever files happen to be on disk later. Every pack ever
// loaded stays, keyed by digest (a revision of the same plan keeps its id). A county's tier
// tables and rates, and which unit this install belongs to, are state like any other.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE policy_pack_v2 (
      digest     TEXT PRIMARY KEY,
      id         TEXT NOT NULL,
      doc_no     TEXT NOT NULL,
      title      TEXT NOT NULL,
      issuer     TEXT NOT NULL,
      issued_on  TEXT NOT NULL,
      years      TEXT NOT NULL,
      version    TEXT NOT NULL,
      active     INTEGER NOT NULL CHECK (active IN (0, 1)),
      loaded_seq INTEGER NOT NULL,
      content    TEXT NOT NULL
    ) STRICT;
    INSERT INTO policy_pack_v2 (digest, id, doc_no, title, issuer, issued_on, years, version, active, loaded_seq, content)
      SELECT digest, id, doc_no, title, issuer, issued_on, years, version, active, loaded_seq, '{}' FROM policy_pack;
    DROP TABLE policy_pack;
    ALTER TABLE policy_pack_v2 RENAME TO policy_pack;
    CREATE UNIQUE INDEX policy_pack_one_active ON policy_pack (active) WHERE active = 1;

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
