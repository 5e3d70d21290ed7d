import { hash, randomBytes } from 'node:crypto';
import type { Principal } from '../../../shared/domain/accounts';
import { type ImportIssue, LISTS, type ListId, type SubjectFields } from '../../../shared/domain/registry';
import { DomainError } from '../../../shared/result';
import type { Ledger } from '../ledger/ledger';
import { registryExported, registryImported, subjectRecorded } from './events';
import { readCell } from './cells';
import { factsByIds, keyLookup, maskFields, searchText, subjectById } from './repository';
import { readSpreadsheet, type Table } from './table';
import { type CheckedRow, checkTable, subjectKey } from './validate';
import { exportXlsx, rejectsXlsx } from './xlsx';

export type ImportReport = {
  rows: number;
  new: number;
  updates: number;
  errors: ImportIssue[];
  warnings: string[];
  sheet: string;
  encoding: string | null;
  committed: boolean;
  /** Every row with its status, personal fields masked, for the preview grid. */
  preview: { row: number; status: CheckedRow['status']; fields: SubjectFields; reasons: string[] }[];
  rejects: Uint8Array | null;
};

export type ImportSource = { fileName: string; bytes: Uint8Array } | { fileName: string; table: Table };

/**
 * Reads, checks and (with commit) writes an import in one transaction: the import itself (file
 * name and SHA-256) and every valid row become journal entries together, or nothing does.
 */
export async function importList(ledger: Ledger, by: Principal, list: ListId, source: ImportSource, commit: boolean): Promise<ImportReport> {
  const def = LISTS[list];
  const table = 'table' in source ? source.table : await readSpreadsheet(def, source.fileName, source.bytes);
  const checked = checkTable(def, table, keyLookup(ledger.db, list));
  const valid = checked.filter((r) => r.status !== 'error');
  const errors = checked.flatMap((r) => r.issues);
  const rejectedRows = checked.filter((r) => r.status === 'error');
  const report: ImportReport = {
    rows: checked.length,
    new: checked.filter((r) => r.status === 'new').length,
    updates: checked.filter((r) => r.status === 'update').length,
    errors,
    warnings: checked.flatMap((r) => r.warnings.map((w) => `第 ${r.row} 行：${w}`)),
    sheet: table.sheet,
    encoding: table.encoding ?? null,
    committed: false,
    // The preview is what the clerk looks at before committing; a commit has no use for it.
    preview: commit ? [] : checked.map((r) => ({ row: r.row, status: r.status, fields: maskFields(list, r.fields), reasons: r.issues.map((i) => i.message) })),
    rejects: rejectedRows.length
      ? await rejectsXlsx(list, table.headers, rejectedRows.map((r) => ({ row: r.row, original: r.original, reason: r.issues.map((i) => i.message).join('；') })))
      : null,
  };
  if (!commit) return report;
  if (valid.length === 0) throw new DomainError('VALIDATION', '没有可导入的有效行，未写入任何数据', { errors });
  const ids = subjectIds();
  const sha256 = 'bytes' in source ? hash('sha256', source.bytes, 'hex') : hash('sha256', JSON.stringify(table.rows.map((r) => r.cells)), 'hex');
  ledger.appendMany(by.username, [
    {
      kind: registryImported.kind,
      entity: `import:${list}`,
      payload: { list, fileName: source.fileName, sha256, rows: checked.length, added: report.new, updated: report.updates, rejected: rejectedRows.length },
    },
    ...valid.map((r) => {
      const before = r.existingId ? (subjectById(ledger.db, r.existingId)?.parsed ?? null) : null;
      // A blank optional cell does not erase what the registry already holds.
      const after = before ? mergeFields(before, r.fields) : r.fields;
      const id = r.existingId ?? ids.next();
      return { kind: subjectRecorded.kind, entity: `subject:${id}`, payload: { id, list, key: r.key, search: searchText(after), before, after, facts: r.facts } };
    }),
  ]);
  return { ...report, committed: true };
}

/**
 * New subject ids that sort in the order they were made (time, then a counter), so the tables'
 * indexes grow at their ends instead of being split all over, with a random tail against clashes.
 */
export function subjectIds(): { next(): string } {
  const stamp = Date.now().toString(36).padStart(9, '0');
  const salt = randomBytes(3).toString('hex');
  let counter = 0;
  return { next: () => `S${stamp}${salt}${(counter++).toString(36).padStart(5, '0')}` };
}

function mergeFields(before: SubjectFields, incoming: SubjectFields): SubjectFields {
  const out: SubjectFields = { ...before };
  for (const [k, v] of Object.entries(incoming)) if (v !== null) out[k] = v;
  return out;
}

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
