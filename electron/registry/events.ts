import { z } from 'zod';
import { ListId } from '../../shared/domain/registry';
import { defineEvent } from '../ledger/events';
import { statement } from '../db/statements';

// One predicate rather than a union of four schemas: this runs for every field of every imported row.
const isFieldValue = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const Fields = z.record(z.string(), z.custom<string | number | boolean | null>(isFieldValue, { message: '字段值只能是文本、数字、是否或空' }));

/** Canonical JSON of a flat record (keys sorted), by the native serialiser. */
const flatCanonical = (record: Record<string, unknown>) => JSON.stringify(record, Object.keys(record).sort());

/**
 * A subject created or changed, with its fields before (null when new) and after, so the journal
 * alone shows who changed what from what; plus the yearly facts the same row carried.
 */
export const subjectRecorded = defineEvent({
  kind: 'subject.recorded',
  payload: z.object({
    id: z.string().min(1),
    list: ListId,
    key: z.string(),
    search: z.string(),
    before: Fields.nullable(),
    after: Fields,
    facts: z.object({ year: z.number().int(), values: z.record(z.string(), z.number().int()) }).nullable(),
  }),
  apply(db, p, meta) {
    const f = p.after;
    const text = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : null);
    statement(
      db,
      `INSERT INTO subject (id, list, key, name, uscc, id_number, phone, bank_account, town, village, fields, search, revision, created_seq, updated_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (id) DO UPDATE SET key = excluded.key, name = excluded.name, uscc = excluded.uscc, id_number = excluded.id_number,
         phone = excluded.phone, bank_account = excluded.bank_account, town = excluded.town, village = excluded.village,
         fields = excluded.fields, search = excluded.search, revision = revision + 1, updated_seq = excluded.updated_seq`,
    ).run(
      p.id,
      p.list,
      p.key,
      text('name') ?? '',
      text('uscc') ?? text('ownerUscc') ?? text('buyerUscc'),
      text('idNumber') ?? text('operatorIdNumber') ?? text('sellerIdNumber'),
      text('phone'),
      text('bankAccount'),
      text('town'),
      text('village'),
      flatCanonical(f),
      p.search,
      meta.seq,
      meta.seq,
    );
    if (p.facts) {
      const upsert = statement(
        db,
        `INSERT INTO subject_fact (subject_id, year, fact, value, updated_seq) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subject_id, year, fact) DO UPDATE SET value = excluded.value, updated_seq = excluded.updated_seq`,
      );
      for (const [fact, value] of Object.entries(p.facts.values)) upsert.run(p.id, p.facts.year, fact, value, meta.seq);
    }
  },
});

/** An import: which file (by name and SHA-256) and what came of it. Its rows follow as entries. */
export const registryImported = defineEvent({
  kind: 'registry.imported',
  payload: z.object({
    list: ListId,
    fileName: z.string(),
    sha256: z.string(),
    rows: z.number().int(),
    added: z.number().int(),
    updated: z.number().int(),
    rejected: z.number().int(),
  }),
  apply(db, p, meta) {
    statement(db, 'INSERT INTO import_log (seq, list, file_name, sha256, rows, added, updated, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      meta.seq,
      p.list,
      p.fileName,
      p.sha256,
      p.rows,
      p.added,
      p.updated,
      p.rejected,
    );
  },
});

/** Every export of a list is journaled: who, which list, how many rows, masked or not. */
export const registryExported = defineEvent({
  kind: 'registry.exported',
  payload: z.object({ list: ListId, rows: z.number().int(), masked: z.boolean(), fileName: z.string() }),
  apply() {
    // nothing to change: the journal entry is the record
  },
});

export const REGISTRY_EVENTS = [subjectRecorded, registryImported, registryExported];
