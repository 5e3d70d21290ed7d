import type { ListDefinition } from '../../../shared/domain/registry';
import { MAX_IMPORT_ROWS, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';
import { toHalfWidth } from '../../../shared/money';
import { cellText } from './cells';
import { csvSheet } from './read-csv';
import { cfbSheets, isEncryptedOds, isOdsMime, odsSheets } from './read-sheetjs';
import { isXlsx, xlsxSheets } from './read-xlsx';
import { HEADER_SEARCH_ROWS, type RawSheet, readClock, type TableRow } from './sheet-rows';
import { anyEncrypted, unpackZip, zipEntries } from './zip';

// Reads what a clerk hands us (.xlsx from Excel, WPS or LibreOffice; .xls from WPS or older
// Excel; .ods from LibreOffice or 永中 Office; CSV in UTF-8 or GBK) into rows under a recognised
// header, within the bounds of shared/limits.ts. Anything that is not a spreadsheet, is encrypted,
// is damaged, is too large or has no recognisable header is refused here, before any row is checked.

export type { TableRow } from './sheet-rows';
export type Table = { sheet: string; headerRow: number; headers: string[]; rows: TableRow[]; encoding?: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const starts = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function headerKey(header: string): string {
  return toHalfWidth(header)
    .replace(/[*＊\s]/g, '')
    .replace(/[（(](必填|选填|可选)[）)]/g, '')
    .trim();
}

/** Which column of the table feeds which field, by header name or alias, in any order. */
export function columnMap(list: ListDefinition, headers: readonly string[]): Map<string, number> {
  const keys = headers.map(headerKey);
  const map = new Map<string, number>();
  for (const field of list.fields) {
    const names = [field.header, ...(field.aliases ?? [])].map(headerKey);
    let index = keys.findIndex((k) => k === names[0]);
    if (index < 0) index = keys.findIndex((k) => names.includes(k));
    if (index >= 0 && ![...map.values()].includes(index)) map.set(field.key, index);
  }
  return map;
}

function headerScore(list: ListDefinition, headers: readonly string[]): number {
  const map = columnMap(list, headers);
  return list.fields.filter((f) => f.required && map.has(f.key)).length;
}

/** The first of the top rows that names at least half the list's required columns. */
function findHeader(list: ListDefinition, rows: { rowNumber: number; cells: unknown[] }[]): number {
  const required = list.fields.filter((f) => f.required).length;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const headers = rows[i]!.cells.map((c) => { const t = cellText(c); return 'text' in t ? t.text : ''; });
    if (headerScore(list, headers) * 2 >= required) return i;
  }
  return -1;
}

function noHeader(list: ListDefinition): never {
  const required = list.fields.filter((f) => f.required).map((f) => f.header).join('、');
  throw new DomainError('VALIDATION', `找不到「${list.label}」的表头：前 15 行中没有一行包含 ${required} 等列名。请使用导入模板。`, { code: 'NO_HEADER' });
}

/** A cell with something in it: text other than blanks, a number, a formula, an error value. */
function hasContent(cell: unknown): boolean {
  if (typeof cell === 'string') return cell.trim() !== '';
  const t = cellText(cell);
  return !('text' in t) || t.text.trim() !== '';
}

function toTable(list: ListDefinition, fileName: string, sheet: RawSheet, encoding?: string): Table | null {
  const all = sheet.rows;
  const at = findHeader(list, all);
  if (at < 0) return null;
  const header = all[at]!;
  const headers = header.cells.map((c) => { const t = cellText(c); return 'text' in t ? t.text.trim() : ''; });
  const rows = all.slice(at + 1).filter((r) => r.cells.some(hasContent));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new DomainError('VALIDATION', `文件「${fileName}」工作表「${sheet.name}」有 ${rows.length} 行：一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件导入`, { code: 'TOO_MANY_ROWS' });
  }
  return { sheet: sheet.name, headerRow: header.rowNumber, headers, rows, ...(encoding ? { encoding } : {}) };
}

const refuse = (code: string, message: string): never => {
  throw new DomainError('VALIDATION', message, { code });
};

/** The first sheet with the list's header, of whatever format the bytes are. */
export async function readSpreadsheet(list: ListDefinition, fileName: string, bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) refuse('EMPTY_FILE', `文件「${fileName}」是空的`);
  if (bytes.length > MAX_UPLOAD_BYTES) refuse('FILE_TOO_LARGE', `文件「${fileName}」${UPLOAD_TOO_LARGE}`);
  // WPS's own format: SheetJS does not list it among what it reads, so it is named and refused.
  if (/\.ett?$/i.test(fileName)) refuse('UNSUPPORTED_FORMAT', `文件「${fileName}」是 WPS 表格的 .et 格式，本程序不能读取：请在 WPS 中“另存为” .xlsx（或 .xls）后再导入。`);
  const clock = readClock(fileName);
  if (starts(bytes, CFB_MAGIC)) return firstTable(list, fileName, cfbSheets(fileName, bytes, clock));
  if (starts(bytes, ZIP_MAGIC)) {
    const entries = zipEntries(bytes, fileName);
    if (anyEncrypted(entries)) refuse('ENCRYPTED', `文件「${fileName}」已加密，无法读取。请取消密码保护后再导入。`);
    if (isXlsx(entries)) return firstTable(list, fileName, xlsxSheets(fileName, bytes, entries, clock));
    if (entries.some((e) => e.name === 'xl/workbook.bin')) refuse('UNSUPPORTED_FORMAT', `文件「${fileName}」是 Excel 二进制工作簿（.xlsb），本程序不能读取：请另存为 .xlsx 后再导入。`);
    const small = unpackZip(bytes, fileName, entries, (name) => name === 'mimetype' || name === 'META-INF/manifest.xml');
    if (isOdsMime(small)) {
      if (isEncryptedOds(small)) refuse('ENCRYPTED', `文件「${fileName}」已加密，无法读取。请在 LibreOffice 中取消密码后再导入。`);
      return firstTable(list, fileName, odsSheets(fileName, bytes, entries, clock));
    }
    refuse('NOT_SPREADSHEET', `文件「${fileName}」是压缩包或其他文档，不是电子表格（支持 .xlsx、.xls、.ods 和 .csv）`);
  }
  if (/\.(csv|txt)$/i.test(fileName)) {
    const sheet = csvSheet(fileName, bytes, clock);
    return toTable(list, fileName, sheet, sheet.encoding) ?? noHeader(list);
  }
  return refuse('NOT_SPREADSHEET', `文件「${fileName}」不是电子表格（支持 .xlsx、.xls、.ods 和 .csv）`);
}

async function firstTable(list: ListDefinition, fileName: string, sheets: Iterable<RawSheet> | AsyncIterable<RawSheet>): Promise<Table> {
  for await (const sheet of sheets) {
    const table = toTable(list, fileName, sheet);
    if (table) return table;
  }
  return noHeader(list);
}
