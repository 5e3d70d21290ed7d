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
  // The bounded parts re-packed with their text in ASCII (zip.ts, asciiXml), in streaming order.
  const parts = unpackZip(bytes, fileName, entries, (name) => XML_PART.test(name));
  for (const [name, data] of parts) if (STRING_TABLE.test(name) || WORKSHEET.test(name)) parts.set(name, asciiXml(data));
  const sheetParts = [...parts.keys()].filter((n) => WORKSHEET.test(n)).length;
  const zip = repackedZip(streamingOrder(parts), true);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let sheetsRead = 0;
  try {
    for await (const worksheet of reader) {
      sheetsRead++;
      const rows = new SheetRows(clock, (worksheet as { name?: string }).name ?? '工作表');
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based with a hole at 0.
        rows.add(row.number, Array.isArray(row.values) ? row.values.slice(1) : []);
      }
      yield rows.sheet();
    }
    // never a silently shorter workbook: every worksheet part was read, or the import stops
    if (sheetsRead < sheetParts) throw new Error(`读到 ${sheetsRead} 个工作表，文件中有 ${sheetParts} 个`);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('VALIDATION', `文件「${fileName}」已损坏或不是有效的 .xlsx 文件（${(error as Error).message}）`, { code: 'CORRUPT_FILE' });
  }
}

/** An entry the reader must reach last, large enough that it cannot be skipped past (see streamingOrder). */
const PADDING_PART = 'docProps/county-ledger-end.xml';
const PADDING = new TextEncoder().encode(`<?xml version="1.0"?><end>${' '.repeat(256 * 1024)}</end>`);

/**
 * The parts in the order exceljs's streaming reader needs them. Its zip parser ends the entry
 * stream when the input is used up, even while entries it already found are still queued, so an
 * entry the reader has not reached when the parser hits the end can be lost (under load, the
 * workbook part at the end of a file Excel wrote: "Cannot read properties of undefined (reading
 * 'sheets')"). So: the workbook, its relations and the string table first, the worksheets after
 * them (then parsed as they stream, without temporary files), and last a padding part larger than
 * the parser may read ahead, which it cannot get past before the reader has taken every real part.
 */
function streamingOrder(parts: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const rank = (name: string) =>
    name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : name === 'xl/_rels/workbook.xml.rels' ? 2 : name === 'xl/workbook.xml' ? 3 : STRING_TABLE.test(name) ? 4 : WORKSHEET.test(name) ? 6 : 5;
  const ordered = new Map([...parts].sort(([a], [b]) => rank(a) - rank(b)));
  ordered.set(PADDING_PART, PADDING);
  return ordered;
}
