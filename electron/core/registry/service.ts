import type { Principal } from '../../../shared/domain/accounts';
import { LISTS, type ListId, type SubjectFields } from '../../../shared/domain/registry';
import { DomainError } from '../../../shared/result';
import type { Ledger } from '../ledger/ledger';
import { registryExported, subjectRecorded } from './events';
import { readCell } from './cells';
import { factsByIds, keyLookup, maskFields, searchText, subjectById } from './repository';
import { subjectKey } from './validate';
import { exportXlsx } from './xlsx';

// Imports live in importing.ts; callers across the core know them from here.
export { importList, type ImportReport, type ImportSource } from './importing';

/** One cell edited in the grid: the same checks as an import, and the key must stay unique. */
export function updateSubjectField(ledger: Ledger, by: Principal, input: { id: string; expectedRevision: number; field: string; value: string }): void {
  ledger.db.transaction(() => {
    const current = subjectById(ledger.db, input.id);
    if (!current) throw new DomainError('NOT_FOUND', '找不到该主体，可能已被删除');
    if (current.revision !== input.expectedRevision) throw new DomainError('CONFLICT', '该主体已被修改，请刷新后再编辑');
    const def = LISTS[current.list];
    const field = def.fields.find((f) => f.key === input.field && !f.fact && f.key !== 'year');
    if (!field) throw new DomainError('VALIDATION', `「${def.label}」没有可编辑的字段「${input.field}」`);
    if (field.sensitive && input.value.includes('*')) throw new DomainError('VALIDATION', `「${field.header}」请填写完整号码（界面中显示的是遮挡后的号码）`);
    const result = readCell(field, input.value);
    if (!result.ok) throw new DomainError('VALIDATION', result.message);
    const after: SubjectFields = { ...current.parsed, [field.key]: result.value };
    const key = subjectKey(def, after);
    const clash = keyLookup(ledger.db, current.list)(key);
    if (clash && clash.id !== current.id) throw new DomainError('CONFLICT', `已有相同${def.key.map((k) => def.fields.find((f) => f.key === k)?.header).join('、')}的主体`);
    ledger.append(by.username, {
      kind: subjectRecorded.kind,
      entity: `subject:${current.id}`,
      payload: { id: current.id, list: current.list, key, search: searchText(after), before: current.parsed, after, facts: null },
    });
  })();
}

/** A clerk enters a subject's yearly facts by hand: the same amount rules as an import. */
export function setSubjectFacts(ledger: Ledger, by: Principal, input: { id: string; expectedRevision: number; year: number; values: Record<string, string> }): void {
  ledger.db.transaction(() => {
    const current = subjectById(ledger.db, input.id);
    if (!current) throw new DomainError('NOT_FOUND', '找不到该主体');
    if (current.revision !== input.expectedRevision) throw new DomainError('CONFLICT', '该主体已被修改，请刷新后再编辑');
    const def = LISTS[current.list];
    const values: Record<string, number> = {};
    for (const [key, text] of Object.entries(input.values)) {
      const field = def.fields.find((f) => f.fact && f.key === key);
      if (!field) throw new DomainError('VALIDATION', `「${def.label}」没有年度数据「${key}」`);
      if (text.trim() === '') continue;
      const result = readCell(field, text);
      if (!result.ok) throw new DomainError('VALIDATION', result.message);
      values[key] = result.value as number;
    }
    if (Object.keys(values).length === 0) throw new DomainError('VALIDATION', '请至少填写一项年度数据');
    ledger.append(by.username, {
      kind: subjectRecorded.kind,
      entity: `subject:${current.id}`,
      payload: { id: current.id, list: current.list, key: current.key, search: searchText(current.parsed), before: current.parsed, after: current.parsed, facts: { year: input.year, values } },
    });
  })();
}

/** The grid's rows (in its order) to xlsx, masked; the export itself is journaled. */
export async function exportList(ledger: Ledger, by: Principal, list: ListId, ids: readonly string[]): Promise<{ fileName: string; bytes: Uint8Array }> {
  const facts = factsByIds(ledger.db, ids);
  const rows = ids.map((id) => {
    const subject = subjectById(ledger.db, id);
    if (!subject || subject.list !== list) throw new DomainError('NOT_FOUND', `要导出的主体 ${id} 不在「${LISTS[list].label}」中`);
    return { fields: maskFields(list, subject.parsed), facts: facts.get(id) ?? {} };
  });
  const bytes = await exportXlsx(list, rows);
  const fileName = `${LISTS[list].label}-${rows.length}条.xlsx`;
  ledger.append(by.username, { kind: registryExported.kind, entity: `export:${list}`, payload: { list, rows: rows.length, masked: true, fileName } });
  return { fileName, bytes };
}
