import ExcelJS from 'exceljs';
import type { FieldDefinition, ListId } from '../../../shared/domain/registry';
import { LISTS } from '../../../shared/domain/registry';
import { toHalfWidth } from '../../../shared/money';
import { safeCell, sheetName, withinCellLimit } from '../documents/sheet-text';
import { cellText, isoToDate, parseDate } from './cells';
import { IDENTIFIER_TYPES } from './xlsx';

// The rows an import refused, written back so the clerk can fix the flagged cells and import the
// same file again: each value as it was typed and with its type (a date stays a date cell, an
// amount a number, an identifier text), the original row number first and the reasons last.

export type RejectedRow = { row: number; cells: readonly unknown[]; reason: string };

type Written = { value: ExcelJS.CellValue; numFmt?: string };

const DATE_FORMAT = 'yyyy-mm-dd';
const NUMBER_TYPES: ReadonlySet<FieldDefinition['type']> = new Set(['yuan', 'usd', 'year', 'integer']);
/** A number as a person types it in a text cell (CSV, or a cell formatted as text). */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell of a refused row, typed by the column's field (or as it came, for columns we do not read). */
export function writtenCell(field: FieldDefinition | undefined, cell: unknown): Written {
  const raw = cellText(cell);
  if ('formula' in raw) return { value: safeCell(formulaText(cell)) };
  if ('error' in raw) return { value: raw.error };
  if (field && IDENTIFIER_TYPES.includes(field.type)) return { value: safeCell(raw.text), numFmt: '@' };
  if (field?.type === 'date') {
    const iso = parseDate(cell, raw.text);
    return iso ? { value: isoToDate(iso), numFmt: DATE_FORMAT } : { value: safeCell(raw.text) };
  }
  if (field && NUMBER_TYPES.has(field.type) && typeof cell === 'string') {
    const plain = toHalfWidth(cell).trim();
    return PLAIN_NUMBER.test(plain) ? { value: Number(plain) } : { value: safeCell(cell) };
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return { value: cell };
  if (cell instanceof Date) return { value: cell, numFmt: DATE_FORMAT };
  return { value: safeCell(raw.text) };
}

function formulaText(cell: unknown): string {
  const formula = typeof cell === 'object' && cell !== null ? (Reflect.get(cell, 'formula') ?? Reflect.get(cell, 'sharedFormula')) : undefined;
  return `=${typeof formula === 'string' ? formula : ''}`;
}

/**
 * The rejects file: 原行号, the file's own columns under its own headers, 错误原因. `fields` gives
 * each column's field (undefined for columns the list does not read).
 */
export async function rejectsXlsx(list: ListId, headers: readonly string[], fields: readonly (FieldDefinition | undefined)[], rows: readonly RejectedRow[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName(`${LISTS[list].label}-未导入`));
  const header = sheet.addRow(['原行号', ...headers.map((h) => safeCell(h)), '错误原因']);
  header.font = { bold: true };
  for (const r of rows) {
    const written = headers.map((_, i) => writtenCell(fields[i], r.cells[i]));
    const row = sheet.addRow([r.row, ...written.map((w) => w.value), withinCellLimit(safeCell(r.reason))]);
    written.forEach((w, i) => {
      if (w.numFmt) row.getCell(i + 2).numFmt = w.numFmt;
    });
  }
  headers.forEach((_, i) => {
    if (fields[i] && IDENTIFIER_TYPES.includes(fields[i].type)) sheet.getColumn(i + 2).numFmt = '@';
  });
  sheet.getColumn(headers.length + 2).width = 60;
  sheet.getColumn(headers.length + 2).alignment = { wrapText: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
