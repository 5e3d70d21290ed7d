import { displayFieldValue, LISTS, type ListId, type SubjectFields } from '../../shared/domain/registry';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { maskFields } from './repository';

/** A subject's journal history, field by field, with personal data masked. */
export function subjectHistory(db: Db, id: string, list: ListId) {
  const rows = statement(db, "SELECT seq, at, actor, kind, payload FROM journal WHERE entity = ? AND entity GLOB 'subject:*' ORDER BY seq DESC").all(`subject:${id}`) as {
    seq: number;
    at: string;
    actor: string;
    kind: string;
    payload: string;
  }[];
  const show = (v: SubjectFields[string] | undefined) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as { before: SubjectFields | null; after: SubjectFields; facts: { year: number; values: Record<string, number> } | null };
    const before = p.before ? maskFields(list, p.before) : {};
    const after = maskFields(list, p.after);
    const changes = LISTS[list].fields
      .filter((f) => show(before[f.key]) !== show(after[f.key]))
      .map((f) => ({ field: f.header, before: show(before[f.key]), after: show(after[f.key]) }));
    for (const [key, value] of Object.entries(p.facts?.values ?? {})) {
      const field = LISTS[list].fields.find((f) => f.key === key);
      changes.push({ field: `${p.facts?.year}年${field?.header ?? key}`, before: '', after: field ? displayFieldValue(field, value) : String(value) });
    }
    return { seq: r.seq, at: r.at, actor: r.actor, kind: r.kind, changes };
  });
}
