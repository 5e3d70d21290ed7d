import { z } from 'zod';
import { displayFieldValue, LISTS, type ListId, type SubjectFields, SubjectFieldsSchema } from '../../../shared/domain/registry';
import { displayNameOf } from '../accounts/repository';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { journalRowsOfEntity } from '../ledger/repository';
import { maskFields } from './repository';

const Recorded = z.object({
  before: SubjectFieldsSchema.nullable(),
  after: SubjectFieldsSchema,
  facts: z.object({ year: z.number().int(), values: z.record(z.string(), z.number()) }).nullable(),
});

/** A subject's journal history, newest first, field by field, with personal data masked. */
export function subjectHistory(db: Db, id: string, list: ListId) {
  const rows = journalRowsOfEntity(db, `subject:${id}`).reverse();
  const show = (v: SubjectFields[string] | undefined) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
  return rows.map((r) => {
    const p = parseJsonColumn(Recorded, r.payload, `账本第 ${r.seq} 条记录`);
    const before = p.before ? maskFields(list, p.before) : {};
    const after = maskFields(list, p.after);
    const changes = LISTS[list].fields
      .filter((f) => show(before[f.key]) !== show(after[f.key]))
      .map((f) => ({ field: f.header, before: show(before[f.key]), after: show(after[f.key]) }));
    for (const [key, value] of Object.entries(p.facts?.values ?? {})) {
      const field = LISTS[list].fields.find((f) => f.key === key);
      changes.push({ field: `${p.facts?.year}年${field?.header ?? key}`, before: '', after: field ? displayFieldValue(field, value) : String(value) });
    }
    return { seq: r.seq, at: r.at, actor: displayNameOf(db, r.actor), kind: r.kind, changes }; // 李录入, not luru
  });
}
