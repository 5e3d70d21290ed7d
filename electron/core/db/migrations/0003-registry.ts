import type { Database } from 'better-sqlite3';

// The registry of subjects the plan rewards. Identifiers get their own columns (and indexes) for
// matching and duplicate checks (the checks group whole lists, so these columns carry no index
// of their own: an import of 100,000 rows pays for every index); every field is also kept whole. A subject's journal
// history is found by entity, hence a (partial) index on journal.entity.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE subject (
      id           TEXT PRIMARY KEY,
      list         TEXT NOT NULL,
      key          TEXT NOT NULL,
      name         TEXT NOT NULL,
      uscc         TEXT,
      id_number    TEXT,
      phone        TEXT,
      bank_account TEXT,
      town         TEXT,
      village      TEXT,
      fields       TEXT NOT NULL,
      search       TEXT NOT NULL,
      revision     INTEGER NOT NULL,
      created_seq  INTEGER NOT NULL,
      updated_seq  INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX subject_list_key ON subject (list, key);

    CREATE TABLE subject_fact (
      subject_id  TEXT NOT NULL REFERENCES subject (id),
      year        INTEGER NOT NULL,
      fact        TEXT NOT NULL,
      value       INTEGER NOT NULL,
      updated_seq INTEGER NOT NULL,
      PRIMARY KEY (subject_id, year, fact)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE import_log (
      seq        INTEGER PRIMARY KEY,
      list       TEXT NOT NULL,
      file_name  TEXT NOT NULL,
      sha256     TEXT NOT NULL,
      rows       INTEGER NOT NULL,
      added      INTEGER NOT NULL,
      updated    INTEGER NOT NULL,
      rejected   INTEGER NOT NULL
    ) STRICT;

    -- Only subjects are looked up by entity; other entries (task edits, settings) skip the index.
    CREATE INDEX journal_subject_entity ON journal (entity) WHERE entity GLOB 'subject:*';
  `);
}
