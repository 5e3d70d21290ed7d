import type { Database } from 'better-sqlite3';

// Where the plan is silent the county decides, and says so (policy pack 1.1):
//  · county_reading: its readings (本县解读) and settings (本县设置), each with who set it and when;
//  · indicator_baseline: a rate or coverage's value when the plan was issued, against which its
//    progress is read (rates do not build up from nothing);
//  · budget by fund: a rule draws on the fund the county set for it (training on employment money,
//    most awards on the special fund for e-commerce); existing budgets are the special fund's;
//  · county_plan, task_assignment, county_measure(_evidence): 各县区要及时制定细化方案，明确县直区直
//    各部门和乡（镇）村工作责任, and what the county did under 二(八) and 二(九).
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE county_reading (
      id          TEXT PRIMARY KEY,
      value       TEXT NOT NULL,
      note        TEXT NOT NULL,
      set_by      TEXT NOT NULL,
      set_at      TEXT NOT NULL,
      updated_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE indicator_baseline (
      indicator   TEXT PRIMARY KEY,
      value       REAL NOT NULL,
      source      TEXT NOT NULL,
      set_by      TEXT NOT NULL,
      updated_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE budget_by_fund (
      year         INTEGER NOT NULL,
      fund         TEXT NOT NULL CHECK (fund IN ('commerce', 'employment')),
      doc_no       TEXT NOT NULL,
      base_fen     INTEGER NOT NULL,
      uplift_fen   INTEGER NOT NULL,
      uplift_trace TEXT NOT NULL,
      updated_seq  INTEGER NOT NULL,
      PRIMARY KEY (year, fund)
    ) STRICT;
    INSERT INTO budget_by_fund (year, fund, doc_no, base_fen, uplift_fen, uplift_trace, updated_seq)
      SELECT year, 'commerce', doc_no, base_fen, uplift_fen, uplift_trace, updated_seq FROM budget;
    DROP TABLE budget;
    ALTER TABLE budget_by_fund RENAME TO budget;

    CREATE TABLE county_plan (
      id          INTEGER PRIMARY KEY CHECK (id = 1),
      doc_no      TEXT NOT NULL,
      title       TEXT NOT NULL,
      issued_on   TEXT NOT NULL,
      file_sha256 TEXT,
      file_name   TEXT,
      updated_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE task_assignment (
      id          TEXT PRIMARY KEY,
      task        INTEGER NOT NULL,
      part        TEXT NOT NULL,
      unit        TEXT NOT NULL,
      unit_kind   TEXT NOT NULL CHECK (unit_kind IN ('department', 'town')),
      deadline    TEXT,
      created_seq INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX task_assignment_task ON task_assignment (task);

    CREATE TABLE county_measure (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL CHECK (kind IN ('public-service', 'talent')),
      title       TEXT NOT NULL,
      doc_no      TEXT NOT NULL,
      date        TEXT NOT NULL,
      amount_fen  INTEGER,
      created_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE county_measure_evidence (
      measure_id TEXT NOT NULL REFERENCES county_measure (id),
      sha256     TEXT NOT NULL,
      file_name  TEXT NOT NULL,
      size       INTEGER NOT NULL,
      added_by   TEXT NOT NULL,
      added_at   TEXT NOT NULL,
      PRIMARY KEY (measure_id, sha256)
    ) STRICT, WITHOUT ROWID;
  `);
}
