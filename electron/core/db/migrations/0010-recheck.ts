import type { Database } from 'better-sqlite3';

// 市级复核: the city re-decides every award a county reports, from the bundle alone.
//  · received_claim gains what a decision rests on (the frozen facts, the subject's type and
//    course, the pack cited, the county's trace, the journal position and day of approval) and the
//    city's verdict on it (verdict, its own amount, the finding's detail, the bundle checked);
//  · received_setting: each county's tier tables, rates and readings as journaled (rule.setting,
//    reading.set travel whole), so the settings in force at any decision rebuild by sequence.
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE received_claim ADD COLUMN subject_type TEXT;
    ALTER TABLE received_claim ADD COLUMN course TEXT;
    ALTER TABLE received_claim ADD COLUMN facts TEXT;
    ALTER TABLE received_claim ADD COLUMN pack_digest TEXT;
    ALTER TABLE received_claim ADD COLUMN trace TEXT;
    ALTER TABLE received_claim ADD COLUMN decided_seq INTEGER;
    ALTER TABLE received_claim ADD COLUMN decided_on TEXT;
    ALTER TABLE received_claim ADD COLUMN verdict TEXT;
    ALTER TABLE received_claim ADD COLUMN city_amount_fen INTEGER;
    ALTER TABLE received_claim ADD COLUMN finding TEXT;
    ALTER TABLE received_claim ADD COLUMN checked_digest TEXT;

    CREATE TABLE received_setting (
      county  TEXT NOT NULL,
      seq     INTEGER NOT NULL,
      at      TEXT NOT NULL,
      actor   TEXT NOT NULL,
      kind    TEXT NOT NULL,
      payload TEXT NOT NULL,
      PRIMARY KEY (county, seq)
    ) STRICT, WITHOUT ROWID;
  `);
}
