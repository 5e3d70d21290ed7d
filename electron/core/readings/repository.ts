import type { Db } from '../db/open';
import { statement } from '../db/statements';

// county_reading: the county's answer to each choice its policy pack leaves open, with who gave
// it and when. Written only by readings/events.ts.

export type ReadingRow = { id: string; value: string; note: string; set_by: string; set_at: string };

export function upsertReading(db: Db, r: ReadingRow, seq: number): void {
  statement<[string, string, string, string, string, number]>(
    db,
    `INSERT INTO county_reading (id, value, note, set_by, set_at, updated_seq) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET value = excluded.value, note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at, updated_seq = excluded.updated_seq`,
  ).run(r.id, r.value, r.note, r.set_by, r.set_at, seq);
}

export function readingRows(db: Db): ReadingRow[] {
  return statement<[], ReadingRow>(db, 'SELECT id, value, note, set_by, set_at FROM county_reading ORDER BY id').all();
}
