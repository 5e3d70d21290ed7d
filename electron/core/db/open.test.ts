import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/core';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { migrate, openDatabase, openDatabaseReadOnly, schemaVersion } from './open';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
function dir(): string {
  const t = tempDir();
  cleanup = t.dispose;
  return t.dir;
}

describe('database and migrations', () => {
  it('creates an empty database at the latest schema, WAL, foreign keys on', () => {
    const path = join(dir(), 'a.db');
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'account', 'budget', 'bundle_export', 'bundle_received', 'claim', 'claim_evidence', 'claim_purchase', 'county', 'county_key', 'county_measure', 'county_measure_evidence', 'county_plan', 'county_reading',
      'import_log', 'indicator_baseline', 'indicator_target', 'indicator_value', 'install_setting', 'journal', 'notice', 'objection', 'policy_pack', 'progress_evidence', 'quarter_report', 'quarter_state',
      'received_claim', 'received_setting', 'received_subject', 'received_task', 'rule_setting', 'signing_key', 'subject', 'subject_fact', 'task', 'task_assignment', 'task_progress',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT(, WITHOUT ROWID)?$/);
    db.close();
  });

  it('STRICT tables refuse a value of the wrong type', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      db.prepare("INSERT INTO task (no, title, lead_units, cooperating_units, deadline, deadline_text, updated_seq) VALUES (3, 'x', 'x', '', '2019-12-31', 'x', '第三')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('each migration applies on top of the one before (N−1 → insert → N)', () => {
    for (let n = 1; n <= MIGRATIONS.length; n++) {
      const db = openDatabase(':memory:', { targetVersion: n - 1 });
      expect(schemaVersion(db)).toBe(n - 1);
      if (n - 1 >= 1) db.prepare("INSERT INTO journal VALUES (1, 't', 'a', 'k', 'e', '{}', 'p', 'h')").run();
      migrate(db, n);
      expect(schemaVersion(db)).toBe(n);
      if (n - 1 >= 1) expect(db.prepare('SELECT count(*) AS c FROM journal').get()).toEqual({ c: 1 });
      db.close();
    }
  });

  it('0002 keeps the packs loaded under 0001, now keyed by digest with their content column', () => {
    const db = openDatabase(':memory:', { targetVersion: 1 });
    db.prepare(
      "INSERT INTO policy_pack (id, doc_no, title, issuer, issued_on, years, version, digest, active, loaded_seq) VALUES ('huainan-2019', '淮府办秘〔2019〕55号', '方案', '市政府办公室', '2019-08-30', '[2019]', '1.0.0', 'abc', 1, 1)",
    ).run();
    migrate(db, 2);
    expect(db.prepare('SELECT digest, id, active, content FROM policy_pack').all()).toEqual([{ digest: 'abc', id: 'huainan-2019', active: 1, content: '{}' }]);
    expect(() => db.prepare("INSERT INTO policy_pack VALUES ('def', 'x', 'x', 'x', 'x', 'x', '[]', '1', 1, 2, '{}')").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('0009 keeps the budgets entered under 0008 as the e-commerce fund’s, one row per year and fund', () => {
    const db = openDatabase(':memory:', { targetVersion: 8 });
    db.prepare("INSERT INTO budget (year, doc_no, base_fen, uplift_fen, uplift_trace, updated_seq) VALUES (2019, '淮商〔2019〕88号', 100000000, 20000000, '[]', 7)").run();
    migrate(db, 9);
    expect(db.prepare('SELECT year, fund, doc_no, base_fen, uplift_fen FROM budget').all()).toEqual([{ year: 2019, fund: 'commerce', doc_no: '淮商〔2019〕88号', base_fen: 100000000, uplift_fen: 20000000 }]);
    db.prepare("INSERT INTO budget VALUES (2019, 'employment', '淮人社〔2019〕1号', 5000000, 0, '[]', 8)").run();
    expect(() => db.prepare("INSERT INTO budget VALUES (2019, 'commerce', 'x', 1, 0, '[]', 9)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO county_plan VALUES (2, 'x', 'x', '2019-10-01', NULL, NULL, 1)").run()).toThrow(/CHECK/);
    db.close();
  });

  it('0013 keeps the city’s verdicts made under 0012 and indexes exactly the claims not yet 一致', () => {
    const db = openDatabase(':memory:', { targetVersion: 12 });
    const insert = db.prepare(
      "INSERT INTO received_claim (county, id, no, subject_id, rule, year, state, amount_fen, verdict, city_amount_fen, finding, checked_digest) VALUES ('340421', ?, ?, 's', 'training-subsidy', 2019, ?, 120000, ?, ?, ?, 'd')",
    );
    insert.run('a', 'SB2019-0001', 'paid', 'consistent', 120000, null);
    insert.run('b', 'SB2019-0002', 'approved', 'amount-mismatch', 100000, '{}');
    insert.run('c', 'SB2019-0003', 'approved', null, null, null);
    insert.run('d', 'SB2019-0004', 'submitted', null, null, null);
    migrate(db, 13);
    expect(db.prepare('SELECT id, verdict, city_amount_fen, finding FROM received_claim ORDER BY id').all()).toEqual([
      { id: 'a', verdict: 'consistent', city_amount_fen: 120000, finding: null },
      { id: 'b', verdict: 'amount-mismatch', city_amount_fen: 100000, finding: '{}' },
      { id: 'c', verdict: null, city_amount_fen: null, finding: null },
      { id: 'd', verdict: null, city_amount_fen: null, finding: null },
    ]);
    const unsettled = db.prepare("SELECT id FROM received_claim INDEXED BY received_claim_unsettled WHERE county = '340421' AND state IN ('approved', 'paid') AND verdict IS NOT 'consistent' ORDER BY id").pluck();
    expect(unsettled.all()).toEqual(['b', 'c']);
    expect(() => db.prepare('SELECT checked_digest FROM received_claim').all()).toThrow(/no such column/);
    db.close();
  });

  it('runs all pending migrations in one transaction: a failing one leaves the version unchanged', () => {
    const db = openDatabase(':memory:', { targetVersion: 0 });
    db.exec('CREATE TABLE task (x INTEGER) STRICT'); // collides with migration 0001
    expect(() => migrate(db)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS c FROM sqlite_master WHERE name = 'journal'").get()).toEqual({ c: 0 });
    db.close();
  });

  it('refuses a database from a newer version without touching the file', () => {
    const path = join(dir(), 'future.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE journal (seq INTEGER PRIMARY KEY) STRICT');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(/更新版本/);
    try {
      openDatabase(path);
    } catch (error) {
      expect((error as { code: string }).code).toBe('DB_TOO_NEW');
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(() => openDatabaseReadOnly(path)).toThrow(/结构版本/);
  });

  it('refuses a file that is not SQLite, and a SQLite file that is not ours', () => {
    const d = dir();
    const text = join(d, 'notes.db');
    writeFileSync(text, '这不是数据库');
    expect(() => openDatabase(text)).toThrow(/不是 SQLite 数据库/);
    expect(readFileSync(text, 'utf8')).toBe('这不是数据库');
    const other = join(d, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE people (name TEXT)');
    raw.close();
    expect(() => openDatabase(other)).toThrow(/不是县域电商台账数据库/);
  });
});
