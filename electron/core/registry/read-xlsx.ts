import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { MAX_STRING_TABLE_BYTES } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';
import { type RawSheet, type ReadClock, SheetRows } from './sheet-rows';
import { asciiXml, checkLocalLayout, repackedZip, unpackZip, type ZipEntry } from './zip';

// .xlsx (Excel, WPS, LibreOffice): the bounded parts of the zip, streamed through exceljs.

/** The parts a workbook's cells come from; pictures, printer settings and macros are left packed. */
const XML_PART = /(\.xml|\.rels)$/i;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const STRING_TABLE = /^xl\/sharedStrings\.xml$/i;

export const isXlsx = (entries: readonly ZipEntry[]) => entries.some((e) => e.name === 'xl/workbook.xml');

/**
 * Streams the workbook (styles ignored, so date cells arrive as day serials, which the date field
 * reads): about 40% faster than loading it whole. The shared-string table is held whole by
 * exceljs, so its size is checked as declared before anything is unpacked.
 */
export async function* xlsxSheets(fileName: string, bytes: Uint8Array, entries: readonly ZipEntry[], clock: ReadClock): AsyncGenerator<RawSheet> {
  const strings = entries.find((e) => STRING_TABLE.test(e.name));
  if (strings && strings.size > MAX_STRING_TABLE_BYTES) {
    throw new DomainError(
      'VALIDATION',
      `文件「${fileName}」的共享字符串表解压后有 ${Math.ceil(strings.size / 1024 / 1024)} MB，超过 ${MAX_STRING_TABLE_BYTES / 1024 / 1024} MB 的上限：文件过大或已损坏，请分成几个文件导入`,
      { code: 'TOO_MANY_STRINGS' },
    );
  }
  // A part the directory does not list is how a crafted file shows a streaming reader other data.
  checkLocalLayout(bytes, fileName, entries);
  // The bounded parts, in the file's order, re-packed with their text in ASCII (zip.ts, asciiXml).
  const parts = unpackZip(bytes, fileName, entries, (name) => XML_PART.test(name));
  for (const [name, data] of parts) if (STRING_TABLE.test(name) || WORKSHEET.test(name)) parts.set(name, asciiXml(data));
  const zip = repackedZip(parts, true);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const worksheet of reader) {
      const rows = new SheetRows(clock, (worksheet as { name?: string }).name ?? '工作表');
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based with a hole at 0.
        rows.add(row.number, Array.isArray(row.values) ? row.values.slice(1) : []);
      }
      yield rows.sheet();
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('VALIDATION', `文件「${fileName}」已损坏或不是有效的 .xlsx 文件（${(error as Error).message}）`, { code: 'CORRUPT_FILE' });
  }
}
