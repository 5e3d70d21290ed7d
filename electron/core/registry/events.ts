import { z } from 'zod';
import { ListId, SubjectFieldsSchema } from '../../../shared/domain/registry';
import { defineEvent } from '../ledger/events';
import { insertImportLog, upsertSubject, upsertSubjectFacts } from './repository';

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
    before: SubjectFieldsSchema.nullable(),
    after: SubjectFieldsSchema,
    facts: z.object({ year: z.number().int(), values: z.record(z.string(), z.number().int()) }).nullable(),
  }),
  leaves: 'digest',
  apply(db, p, meta) {
    upsertSubject(db, { id: p.id, list: p.list, key: p.key, search: p.search, fields: p.after }, meta.seq);
    if (p.facts) upsertSubjectFacts(db, p.id, p.facts.year, p.facts.values, meta.seq);
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
  leaves: 'digest',
  apply(db, p, meta) {
    insertImportLog(db, meta.seq, p);
  },
});

/** Every export of a list is journaled: who, which list, how many rows, masked or not. */
export const registryExported = defineEvent({
  kind: 'registry.exported',
  payload: z.object({ list: ListId, rows: z.number().int(), masked: z.boolean(), fileName: z.string() }),
  leaves: 'digest',
  apply() {
    // nothing to change: the journal entry is the record
  },
});

/**
 * A rejects file handed to a clerk: it holds the refused rows as uploaded, ID numbers and phones in
 * full (the clerk's own file), so like every export of personal data it is journaled.
 */
export const registryRejectsExported = defineEvent({
  kind: 'registry.rejectsExported',
  payload: z.object({ list: ListId, fileName: z.string(), sha256: z.string(), rows: z.number().int() }),
  leaves: 'digest',
  apply() {
    // nothing to change: the journal entry is the record
  },
});

export const REGISTRY_EVENTS = [subjectRecorded, registryImported, registryExported, registryRejectsExported];
