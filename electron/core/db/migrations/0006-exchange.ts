import type { Database } from 'better-sqlite3';

// Bundles between county and city. County side: its public signing keys (the private key lives
// sealed in a file beside the database, never in the ledger) and the bundles it exported. City
// side: the county key registry, the bundles accepted, and what they carried, by county.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE signing_key (
      fingerprint TEXT PRIMARY KEY,
      algorithm   TEXT NOT NULL,
      public_key  TEXT NOT NULL,
      protection  TEXT NOT NULL,
      -- active: signs bundles; next: made by a rotation, announced by the next bundle; retired
      status      TEXT NOT NULL CHECK (status IN ('active', 'next', 'retired')),
      created_at  TEXT NOT NULL,
      created_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE bundle_export (
      sequence    INTEGER PRIMARY KEY,
      period      TEXT NOT NULL,
      file_name   TEXT NOT NULL,
      digest      TEXT NOT NULL,
      head_seq    INTEGER NOT NULL,
      head_hash   TEXT NOT NULL,
      rows        TEXT NOT NULL,
      created_by  TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE county_key (
      fingerprint  TEXT PRIMARY KEY,
      county       TEXT NOT NULL,
      algorithm    TEXT NOT NULL,
      public_key   TEXT NOT NULL,
      confirmed_by TEXT NOT NULL,
      confirmed_at TEXT NOT NULL,
      note         TEXT NOT NULL,
      -- set when the county announced its next key: bundles signed by this one are refused after
      retired_seq  INTEGER
    ) STRICT;

    CREATE TABLE bundle_received (
      county          TEXT NOT NULL,
      sequence        INTEGER NOT NULL,
      period          TEXT NOT NULL,
      digest          TEXT NOT NULL UNIQUE,
      previous_digest TEXT,
      head_seq        INTEGER NOT NULL,
      head_hash       TEXT NOT NULL,
      file_name       TEXT NOT NULL,
      report          TEXT NOT NULL,
      imported_by     TEXT NOT NULL,
      imported_at     TEXT NOT NULL,
      PRIMARY KEY (county, sequence)
    ) STRICT;

    CREATE TABLE received_task (
      county     TEXT NOT NULL,
      period     TEXT NOT NULL,
      no         INTEGER NOT NULL,
      light      TEXT NOT NULL,
      row        TEXT NOT NULL,
      PRIMARY KEY (county, period, no)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE received_subject (
      county    TEXT NOT NULL,
      id        TEXT NOT NULL,
      list      TEXT NOT NULL,
      name      TEXT NOT NULL,
      id_hash   TEXT,
      bank_hash TEXT,
      PRIMARY KEY (county, id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE received_claim (
      county     TEXT NOT NULL,
      id         TEXT NOT NULL,
      no         TEXT NOT NULL,
      subject_id TEXT NOT NULL,
      rule       TEXT NOT NULL,
      year       INTEGER NOT NULL,
      state      TEXT NOT NULL,
      amount_fen INTEGER,
      paid_fen   INTEGER,
      paid_on    TEXT,
      payee_hash TEXT,
      PRIMARY KEY (county, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX received_claim_payee ON received_claim (payee_hash) WHERE payee_hash IS NOT NULL;
  `);
}
