import type { Db } from '../db/open';
import { statement } from '../db/statements';

// The journal table: appended to by the ledger, read by replay, verification, histories and
// bundle export. Nothing else reads or writes it. Triggers (migration 0001) refuse UPDATE and
// DELETE, so the only write here is an INSERT.

export type JournalRow = {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  entity: string;
  payload: string;
  prev_hash: string;
  hash: string;
};

/** A row whose payload was read as its UTF-8 bytes (bundle export hashes them without decoding). */
export type JournalBytesRow = Omit<JournalRow, 'payload'> & { payload: Buffer };

const INSERT_JOURNAL = 'INSERT INTO journal (seq, at, actor, kind, entity, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** The journal's insert, prepared once for a write of many entries (no row object per entry). */
export function journalInserter(db: Db): (seq: number, at: string, actor: string, kind: string, entity: string, payload: string, prevHash: string, hash: string) => void {
  const insert = statement<[number, string, string, string, string, string, string, string]>(db, INSERT_JOURNAL);
  return (seq, at, actor, kind, entity, payload, prevHash, hash) => {
    insert.run(seq, at, actor, kind, entity, payload, prevHash, hash);
  };
}

/** The chain's last entry, or undefined while the journal is empty. */
export function journalHead(db: Db): { seq: number; hash: string } | undefined {
  return statement<[], { seq: number; hash: string }>(db, 'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get();
}

export function journalCount(db: Db): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM journal').get()?.n ?? 0;
}

/** The newest entries before a sequence number, newest first. */
export function recentJournalRows(db: Db, limit: number, beforeSeq: number): JournalRow[] {
  return statement<[number, number], JournalRow>(db, 'SELECT * FROM journal WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit);
}

/** Every entry in order, read one at a time (replay, verification). */
export function allJournalRows(db: Db): IterableIterator<JournalRow> {
  // Not the statement cache: an iterating statement is busy until it is exhausted, and a replay
  // may run while another read of the journal is under way.
  return db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY seq').iterate();
}

/** The entries of one entity (a claim's or a subject's history), oldest first. */
export function journalRowsOfEntity(db: Db, entity: string): JournalRow[] {
  // The GLOB lets the partial indexes on subject and claim entities (migrations 0003, 0004) serve.
  const prefix = `${entity.slice(0, entity.indexOf(':') + 1)}*`;
  return statement<[string, string], JournalRow>(db, 'SELECT * FROM journal WHERE entity = ? AND entity GLOB ? ORDER BY seq').all(entity, prefix);
}

/** Entries of a kind whose payload mentions a text (candidates, to be confirmed by parsing). */
export function journalRowsOfKindMentioning(db: Db, kind: string, text: string): JournalRow[] {
  return statement<[string, string], JournalRow>(db, 'SELECT * FROM journal WHERE kind = ? AND payload LIKE ? ORDER BY seq').all(kind, `%${text}%`);
}

/** The entries after one sequence number up to another, payloads as bytes, one at a time. */
export function journalSegmentBytes(db: Db, afterSeq: number, headSeq: number): IterableIterator<JournalBytesRow> {
  return statement<[number, number], JournalBytesRow>(
    db,
    'SELECT seq, at, actor, kind, entity, CAST(payload AS BLOB) AS payload, prev_hash, hash FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq',
  ).iterate(afterSeq, headSeq);
}

/** How many entries lie after one sequence number up to another. */
export function journalSegmentCount(db: Db, afterSeq: number, headSeq: number): number {
  return statement<[number, number], { n: number }>(db, 'SELECT count(*) AS n FROM journal WHERE seq > ? AND seq <= ?').get(afterSeq, headSeq)?.n ?? 0;
}
