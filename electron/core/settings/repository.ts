import type { Db } from '../db/open';
import { statement } from '../db/statements';

// install_setting: one value per key for this install (its role, the city key it trusts, the
// idle lock, the 公示 period and contact, the font file). Written only by journal events.

export function readSetting(db: Db, key: string): string | null {
  return statement<[string], { value: string }>(db, 'SELECT value FROM install_setting WHERE key = ?').get(key)?.value ?? null;
}

export function writeSetting(db: Db, key: string, value: string, seq: number): void {
  statement<[string, string, number]>(
    db,
    `INSERT INTO install_setting (key, value, updated_seq) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_seq = excluded.updated_seq`,
  ).run(key, value, seq);
}

export function deleteSetting(db: Db, key: string): void {
  statement<[string]>(db, 'DELETE FROM install_setting WHERE key = ?').run(key);
}
