import type { Database } from 'better-sqlite3';

// People and the path from application to payment. Claims keep the columns the four-eyes checks,
// the budget and the reports query; the decision (facts, trace, pack digest) is kept whole.
// A purchase record backs at most one live claim: claim_purchase's primary key says so.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE account (
      username     TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      roles        TEXT NOT NULL,
      salt         TEXT NOT NULL,
      hash         TEXT NOT NULL,
      failed       INTEGER NOT NULL,
      locked_until TEXT,
      disabled     INTEGER NOT NULL CHECK (disabled IN (0, 1)),
      created_seq  INTEGER NOT NULL,
      updated_seq  INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE claim (
      id            TEXT PRIMARY KEY,
      no            TEXT NOT NULL UNIQUE,
      subject_id    TEXT NOT NULL REFERENCES subject (id),
      rule          TEXT NOT NULL,
      year          INTEGER NOT NULL,
      course        TEXT,
      state         TEXT NOT NULL,
      facts         TEXT NOT NULL,
      amount_fen    INTEGER,
      trace         TEXT NOT NULL,
      pack_digest   TEXT,
      frozen        INTEGER NOT NULL CHECK (frozen IN (0, 1)),
      flags         TEXT NOT NULL,
      flags_ack     TEXT,
      entered_by    TEXT NOT NULL,
      submitted_by  TEXT,
      reviewed_by   TEXT,
      approved_by   TEXT,
      notice_id     TEXT,
      return_reason TEXT,
      void_reason   TEXT,
      voucher_no    TEXT,
      paid_on       TEXT,
      paid_fen      INTEGER,
      approved_at   TEXT,
      revision      INTEGER NOT NULL,
      created_seq   INTEGER NOT NULL,
      updated_seq   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX claim_subject_rule ON claim (subject_id, rule);
    CREATE INDEX claim_state ON claim (state);

    CREATE TABLE claim_evidence (
      claim_id  TEXT NOT NULL REFERENCES claim (id),
      sha256    TEXT NOT NULL,
      file_name TEXT NOT NULL,
      size      INTEGER NOT NULL,
      added_by  TEXT NOT NULL,
      added_at  TEXT NOT NULL,
      PRIMARY KEY (claim_id, sha256)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE claim_purchase (
      purchase_id TEXT PRIMARY KEY REFERENCES subject (id),
      claim_id    TEXT NOT NULL REFERENCES claim (id)
    ) STRICT;

    CREATE TABLE notice (
      id          TEXT PRIMARY KEY,
      no          TEXT NOT NULL UNIQUE,
      title       TEXT NOT NULL,
      starts_on   TEXT NOT NULL,
      ends_on     TEXT NOT NULL,
      contact     TEXT NOT NULL,
      state       TEXT NOT NULL,
      created_by  TEXT NOT NULL,
      created_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE objection (
      id          TEXT PRIMARY KEY,
      claim_id    TEXT NOT NULL REFERENCES claim (id),
      received_on TEXT NOT NULL,
      text        TEXT NOT NULL,
      recorded_by TEXT NOT NULL,
      resolution  TEXT,
      upheld      INTEGER,
      resolved_by TEXT,
      created_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE budget (
      year         INTEGER PRIMARY KEY,
      doc_no       TEXT NOT NULL,
      base_fen     INTEGER NOT NULL,
      uplift_fen   INTEGER NOT NULL,
      uplift_trace TEXT NOT NULL,
      updated_seq  INTEGER NOT NULL
    ) STRICT;

    CREATE INDEX journal_claim_entity ON journal (entity) WHERE entity GLOB 'claim:*';
  `);
}
