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

const JOURNAL_COLUMNS = '(seq, at, actor, kind, entity, payload, prev_hash, hash)';
const INSERT_JOURNAL = `INSERT INTO journal ${JOURNAL_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
/** Entries a write inserts with one statement: a call into SQLite per entry was a sixth of a long write. */
export const ENTRIES_PER_INSERT = 32;
const INSERT_JOURNAL_MANY = `INSERT INTO journal ${JOURNAL_COLUMNS} VALUES ${Array.from({ length: ENTRIES_PER_INSERT }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;

export type JournalInserter = {
  add(seq: number, at: string, actor: string, kind: string, entity: string, payload: string, prevHash: string, hash: string): void;
  /** Inserts what is still held; the journal holds every entry added once it returns. */
  flush(): void;
};

/**
 * The journal's insert for one write (inside its transaction): entries are held and inserted
 * ENTRIES_PER_INSERT at a time, the rest one by one at flush. Nothing a write does between add and
 * flush reads the journal (an event's apply reads only its payload and the state tables).
 */
export function journalInserter(db: Db): JournalInserter {
  const one = statement<[number, string, string, string, string, string, string, string]>(db, INSERT_JOURNAL);
  const many = statement<unknown[]>(db, INSERT_JOURNAL_MANY);
  const width = 8;
  // one array for the write, overwritten in place (emptying it would free its storage each time)
  const held: (number | string)[] = new Array<number | string>(ENTRIES_PER_INSERT * width).fill(0);
  let count = 0;
  return {
    add(seq, at, actor, kind, entity, payload, prevHash, hash) {
      const i = count;
      held[i] = seq;
      held[i + 1] = at;
      held[i + 2] = actor;
      held[i + 3] = kind;
      held[i + 4] = entity;
      held[i + 5] = payload;
      held[i + 6] = prevHash;
      held[i + 7] = hash;
      count = i + width;
      if (count === held.length) {
        many.run(held);
        count = 0;
      }
    },
    flush() {
      for (let i = 0; i < count; i += width) {
        one.run(held[i] as number, held[i + 1] as string, held[i + 2] as string, held[i + 3] as string, held[i + 4] as string, held[i + 5] as string, held[i + 6] as string, held[i + 7] as string);
      }
      count = 0;
    },
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
