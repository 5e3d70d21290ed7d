import type { FieldDefinition, ImportIssue, ListDefinition, SubjectFields } from '../../../shared/domain/registry';
import { DomainError } from '../../../shared/result';
import { readCell } from './cells';
import { columnMap, type Table } from './table';

// Every row checked before anything is written: each becomes new, an update of an existing
// subject (matched by its key: USCC, ID number, …) or an error with its reasons in Chinese.

export type RowStatus = 'new' | 'update' | 'error';
export type CheckedRow = {
  row: number;
  status: RowStatus;
  key: string;
  fields: SubjectFields;
  /** Yearly facts of this row, when it has a 年度 and fact columns. */
  facts: { year: number; values: Record<string, number> } | null;
  existingId: string | null;
  issues: readonly ImportIssue[];
  warnings: readonly string[];
  /** The cells as they were read, for the rejects file (kept for rejected rows only). */
  original: readonly unknown[];
  /** What was typed in each refused column (by header), for the preview: personal numbers masked. */
  typed: Readonly<Record<string, string>>;
};

// A valid row keeps no lists of its own: the checked rows of a large import are all held until it
// commits, and four empty lists a row were a large part of what the collector had to carry.
const NOTHING: readonly never[] = Object.freeze([]);
const NOTHING_TYPED: Readonly<Record<string, string>> = Object.freeze({});

/** A refused cell as the clerk typed it, short, with personal numbers masked as everywhere they are shown. */
function typedText(field: { sensitive?: boolean }, cell: unknown): string | null {
  if (cell === null || cell === undefined) return null;
  const text = (cell instanceof Date ? cell.toISOString().slice(0, 10) : typeof cell === 'object' ? JSON.stringify(cell) : String(cell)).trim();
  if (text === '') return null;
  const shown = field.sensitive ? (text.length > 8 ? `${text.slice(0, 4)}${'*'.repeat(text.length - 8)}${text.slice(-4)}` : '*'.repeat(text.length)) : text;
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}

export type KeyLookup = (key: string) => { id: string; fields: SubjectFields } | null;

export function subjectKey(list: ListDefinition, fields: SubjectFields): string {
  return list.key.map((k) => String(fields[k] ?? '')).join('|');
}

/** Each column's field (undefined for columns the list does not read), in the table's order. */
export function columnFields(list: ListDefinition, headers: readonly string[]): (FieldDefinition | undefined)[] {
  const byColumn = new Map([...columnMap(list, headers)].map(([key, column]) => [column, list.fields.find((f) => f.key === key)]));
  return headers.map((_, i) => byColumn.get(i));
}

export function checkTable(list: ListDefinition, table: Table, lookup: KeyLookup): CheckedRow[] {
  const columns = columnMap(list, table.headers);
  const missing = list.fields.filter((f) => f.required && !columns.has(f.key));
  if (missing.length > 0) {
    throw new DomainError('VALIDATION', `缺少必填列：${missing.map((f) => `「${f.header}」`).join('、')}（表头在第 ${table.headerRow} 行）`, { code: 'MISSING_COLUMN' });
  }
  const factFields = list.fields.filter((f) => f.fact && columns.has(f.key));
  const seen = new Map<string, number>();
  const out: CheckedRow[] = [];
  for (const tableRow of table.rows) {
    const fields: SubjectFields = {};
    const issues: ImportIssue[] = [];
    const warnings: string[] = [];
    const typed: Record<string, string> = {};
    for (const field of list.fields) {
      const index = columns.get(field.key);
      const result = readCell(field, index === undefined ? null : tableRow.cells[index]);
      if (result.ok) {
        fields[field.key] = result.value;
        if (result.warning) warnings.push(result.warning);
      } else {
        issues.push({ row: tableRow.rowNumber, column: field.header, code: result.code, message: `第 ${tableRow.rowNumber} 行：${result.message}` });
        const shown = typedText(field, index === undefined ? null : tableRow.cells[index]);
        if (shown !== null) typed[field.header] = shown;
      }
    }
    const facts = rowFacts(factFields, fields, tableRow.rowNumber, issues);
    const key = subjectKey(list, fields);
    const first = seen.get(key);
    if (issues.length === 0 && first !== undefined) {
      const names = list.key.map((k) => list.fields.find((f) => f.key === k)?.header).join('、');
      issues.push({ row: tableRow.rowNumber, column: names, code: 'DUPLICATE_IN_FILE', message: `第 ${tableRow.rowNumber} 行：${names}与第 ${first} 行重复` });
    }
    if (issues.length === 0) seen.set(key, tableRow.rowNumber);
    const existing = issues.length === 0 ? lookup(key) : null;
    // The same ID number or USCC already registered under another name is not an update.
    if (existing && typeof existing.fields.name === 'string' && typeof fields.name === 'string' && existing.fields.name !== fields.name) {
      issues.push({
        row: tableRow.rowNumber,
        column: list.fields.find((f) => f.key === 'name')?.header ?? '名称',
        code: 'NAME_MISMATCH',
        message: `第 ${tableRow.rowNumber} 行：${list.key.map((k) => list.fields.find((f) => f.key === k)?.header).join('、')}已登记在「${existing.fields.name}」名下，与本行的「${fields.name}」不同，请核实`,
      });
    }
    out.push({
      row: tableRow.rowNumber,
      status: issues.length > 0 ? 'error' : existing ? 'update' : 'new',
      key,
      fields,
      facts,
      existingId: issues.length > 0 ? null : (existing?.id ?? null),
      issues: issues.length > 0 ? issues : NOTHING,
      warnings: warnings.length > 0 ? warnings : NOTHING,
      original: issues.length > 0 ? table.headers.map((_, i) => tableRow.cells[i]) : NOTHING,
      typed: issues.length > 0 ? typed : NOTHING_TYPED,
    });
  }
  return out;
}

function rowFacts(factFields: FieldDefinition[], fields: SubjectFields, row: number, issues: ImportIssue[]): CheckedRow['facts'] {
  const values: Record<string, number> = {};
  for (const f of factFields) if (typeof fields[f.key] === 'number') values[f.key] = fields[f.key] as number;
  for (const f of factFields) delete fields[f.key];
  const year = fields.year;
  delete fields.year;
  if (Object.keys(values).length === 0) return null;
  if (typeof year !== 'number') {
    issues.push({ row, column: '年度', code: 'YEAR_REQUIRED', message: `第 ${row} 行：填写了销售额等年度数据，必须同时填写「年度」` });
    return null;
  }
  return { year, values };
}
