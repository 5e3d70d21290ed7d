import type { Database } from 'better-sqlite3';

// The journal is the record; every other table is current state derived from it.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE journal (
      seq       INTEGER PRIMARY KEY,
      at        TEXT NOT NULL,
      actor     TEXT NOT NULL,
      kind      TEXT NOT NULL,
      entity    TEXT NOT NULL,
      payload   TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash      TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
    BEGIN SELECT RAISE(ABORT, '台账日志只能追加，不能修改'); END;
    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, '台账日志只能追加，不能删除'); END;

    CREATE TABLE policy_pack (
      id         TEXT PRIMARY KEY,
      doc_no     TEXT NOT NULL,
      title      TEXT NOT NULL,
      issuer     TEXT NOT NULL,
      issued_on  TEXT NOT NULL,
      years      TEXT NOT NULL,
      version    TEXT NOT NULL,
      digest     TEXT NOT NULL,
      active     INTEGER NOT NULL CHECK (active IN (0, 1)),
      loaded_seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE county (
      code           TEXT PRIMARY KEY,
      code_official  INTEGER NOT NULL CHECK (code_official IN (0, 1)),
      name           TEXT NOT NULL,
      kind           TEXT NOT NULL,
      facts          TEXT NOT NULL,
      note           TEXT NOT NULL,
      updated_seq    INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE task (
      no                INTEGER PRIMARY KEY,
      title             TEXT NOT NULL,
      lead_units        TEXT NOT NULL,
      cooperating_units TEXT NOT NULL,
      deadline          TEXT NOT NULL,
      deadline_text     TEXT NOT NULL,
      progress          TEXT NOT NULL DEFAULT '',
      status            TEXT NOT NULL DEFAULT '未开始',
      remark            TEXT NOT NULL DEFAULT '',
      revision          INTEGER NOT NULL DEFAULT 0,
      updated_seq       INTEGER NOT NULL
    ) STRICT;
  `);
}
