import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { MAX_IMPORT_ROWS } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';
import { HEADER_SEARCH_ROWS, type RawSheet, type ReadClock, SheetRows } from './sheet-rows';
import { repackedZip, unpackZip, type ZipEntry } from './zip';

// Excel 97–2003 .xls (what WPS and older Excel save) and OpenDocument .ods (LibreOffice, 永中
// Office), read by SheetJS Community Edition into the same raw cells the .xlsx reader gives:
// numbers (dates as day serials), text, booleans, and formulas and error values marked as such.

// Old Chinese .xls (BIFF5) keeps its text in the system code page (GBK); BIFF8 is UTF-16.
XLSX.set_cptable(cptable);

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';
/** Rows SheetJS is let parse of one sheet: the import's bound with room for blank rows. */
const PARSED_ROWS = 2 * (MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS);

const encrypted = (fileName: string) =>
  new DomainError('VALIDATION', `文件「${fileName}」已加密，无法读取。请在 Excel/WPS 中取消密码保护（文件→信息→保护工作簿）后再导入。`, { code: 'ENCRYPTED' });

/** An OpenDocument spreadsheet names itself in its first part, `mimetype`. */
export const isOdsMime = (files: ReadonlyMap<string, Uint8Array>) => new TextDecoder().decode(files.get('mimetype') ?? new Uint8Array()).trim() === ODS_MIME;

/** An OpenDocument file whose parts are encrypted (a password set in LibreOffice). */
export const isEncryptedOds = (files: ReadonlyMap<string, Uint8Array>) => new TextDecoder().decode(files.get('META-INF/manifest.xml') ?? new Uint8Array()).includes('encryption-data');

/** The sheets of an .ods: its XML parts, bounded like an .xlsx, re-zipped uncompressed for SheetJS. */
export function odsSheets(fileName: string, bytes: Uint8Array, entries: readonly ZipEntry[], clock: ReadClock): RawSheet[] {
  const zip = repackedZip(unpackZip(bytes, fileName, entries, (name) => name === 'mimetype' || name.endsWith('.xml')));
  return sheetsOf(fileName, zip, clock, '.ods');
}

/** A stream name in a compound file's directory, which stores names in UTF-16. */
const hasStream = (bytes: Uint8Array, name: string) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));

/** The sheets of a compound file (.xls); a password-protected .xlsx is such a file too, holding the encrypted package. */
export function cfbSheets(fileName: string, bytes: Uint8Array, clock: ReadClock): RawSheet[] {
  if (hasStream(bytes, 'EncryptedPackage') || hasStream(bytes, 'EncryptionInfo')) throw encrypted(fileName);
  return sheetsOf(fileName, bytes, clock, '.xls');
}

function sheetsOf(fileName: string, bytes: Uint8Array, clock: ReadClock, format: string): RawSheet[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = quietly(() => XLSX.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      type: 'buffer',
      dense: true,
      cellFormula: true,
      cellHTML: false,
      cellNF: false,
      cellText: false,
      cellDates: false,
      sheetRows: PARSED_ROWS,
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) throw encrypted(fileName);
    throw new DomainError('VALIDATION', `文件「${fileName}」已损坏或不是有效的 ${format} 文件（${message}）`, { code: 'CORRUPT_FILE' });
  }
  return workbook.SheetNames.map((name) => sheetRows(fileName, name, workbook.Sheets[name], clock));
}

/**
 * Runs SheetJS without its console chatter ("ODS number format may be incorrect" for every
 * LibreOffice currency style), which would otherwise land in the CLI's and the app's logs. The
 * call is synchronous, so nothing else writes to the console meanwhile.
 */
function quietly<T>(read: () => T): T {
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    return read();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

function sheetRows(fileName: string, name: string, sheet: XLSX.WorkSheet | undefined, clock: ReadClock): RawSheet {
  const rows = new SheetRows(clock, name);
  const full = sheet?.['!fullref'];
  if (typeof full === 'string' && XLSX.utils.decode_range(full).e.r >= PARSED_ROWS) {
    throw new DomainError('VALIDATION', `文件「${fileName}」工作表「${name}」超过 ${PARSED_ROWS} 行：一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件导入`, { code: 'TOO_MANY_ROWS' });
  }
  const data: (XLSX.CellObject | undefined)[][] = sheet?.['!data'] ?? [];
  data.forEach((cells, r) => {
    if (cells) rows.add(r + 1, Array.from(cells, rawCell));
  });
  return rows.sheet();
}

/** A SheetJS cell as the importer reads cells (the same shapes exceljs gives). */
function rawCell(cell: XLSX.CellObject | undefined): unknown {
  if (!cell) return null;
  if (cell.f) return { formula: cell.f };
  switch (cell.t) {
    case 'e':
      return { error: cell.w ?? '#错误' };
    case 'z':
      return null;
    default:
      return cell.v ?? null;
  }
}
