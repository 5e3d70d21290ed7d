import type { Database } from 'better-sqlite3';

// Quarterly progress against the task table: the clerk's text per task and quarter, entered
// indicator values (with their source), the county's own targets where the plan gives only a
// city-wide figure, evidence pinned by SHA-256, the reports generated, and each quarter's state
// (a closed quarter keeps the snapshot it was closed on, so its report never changes).
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE task_progress (
      quarter     TEXT NOT NULL,
      task        INTEGER NOT NULL,
      narrative   TEXT NOT NULL,
      problems    TEXT NOT NULL,
      next_steps  TEXT NOT NULL,
      revision    INTEGER NOT NULL,
      updated_by  TEXT NOT NULL,
      updated_seq INTEGER NOT NULL,
      PRIMARY KEY (quarter, task)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE indicator_value (
      quarter     TEXT NOT NULL,
      indicator   TEXT NOT NULL,
      value       REAL NOT NULL,
      source      TEXT NOT NULL,
      entered_by  TEXT NOT NULL,
      updated_seq INTEGER NOT NULL,
      PRIMARY KEY (quarter, indicator)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE indicator_target (
      indicator   TEXT PRIMARY KEY,
      value       REAL NOT NULL,
      source      TEXT NOT NULL,
      set_by      TEXT NOT NULL,
      updated_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE progress_evidence (
      quarter   TEXT NOT NULL,
      task      INTEGER NOT NULL,
      sha256    TEXT NOT NULL,
      file_name TEXT NOT NULL,
      size      INTEGER NOT NULL,
      added_by  TEXT NOT NULL,
      added_at  TEXT NOT NULL,
      PRIMARY KEY (quarter, task, sha256)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE quarter_report (
      seq          INTEGER PRIMARY KEY,
      quarter      TEXT NOT NULL,
      format       TEXT NOT NULL,
      digest       TEXT NOT NULL,
      sha256       TEXT NOT NULL,
      generated_by TEXT NOT NULL,
      generated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE quarter_state (
      quarter       TEXT PRIMARY KEY,
      state         TEXT NOT NULL CHECK (state IN ('open', 'closed')),
      digest        TEXT,
      snapshot      TEXT,
      closed_by     TEXT,
      closed_at     TEXT,
      reopen_reason TEXT,
      updated_seq   INTEGER NOT NULL
    ) STRICT;
  `);
}
