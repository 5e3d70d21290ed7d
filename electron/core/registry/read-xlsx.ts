import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MAX_STRING_TABLE_BYTES } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';
import { checkClock, type RawSheet, type ReadClock, SheetRows } from './sheet-rows';
import { checkLocalLayout, unpackZip, type ZipEntry } from './zip';

// .xlsx (Excel, WPS, LibreOffice): the bounded parts of the zip (zip.ts) read with a SAX parser.
// Only what a clerk typed is taken: the workbook's sheets in its order, the shared strings and
// each sheet's cell values (styles are not read, so a date cell arrives as its day serial, which
// the date field reads). A cell comes as exceljs gives one (text, number, boolean, a formula as
// { formula, result }, an error value as { error }), which cells.ts reads.

/** The parts a workbook's cells come from; pictures, printer settings and macros are left packed. */
const XML_PART = /(\.xml|\.rels)$/i;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const STRING_TABLE = /^xl\/sharedStrings\.xml$/i;
/** Excel's last column (XFD): a reference past it is not a spreadsheet's. */
const LAST_COLUMN = 16_383;
/** Characters handed to the parser at a time: between pieces, the event loop runs (a large sheet takes seconds). */
const PIECE_BYTES = 1 << 20;

export const isXlsx = (entries: readonly ZipEntry[]) => entries.some((e) => e.name === 'xl/workbook.xml');

type Cell = string | number | boolean | Date | { formula: string; result?: string | number } | { error: string } | null;

/** An element's name without its namespace prefix (some generators write <x:row>). */
const local = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** A zero-based column from a cell reference ("AB12" → 27), or -1 when there is none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return -1;
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

/** Feeds a part to a parser in pieces, letting the event loop run between them. */
async function parse(data: Uint8Array, parser: SaxesParser, clock: ReadClock): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < data.length; at += PIECE_BYTES) {
    // a character split between two pieces is held by the decoder until the next one
    parser.write(decoder.decode(data.subarray(at, at + PIECE_BYTES), { stream: true }));
    if (at + PIECE_BYTES < data.length) await new Promise((resolve) => setImmediate(resolve));
    checkClock(clock);
  }
  parser.write(decoder.decode());
  parser.close();
}

function newParser(): SaxesParser {
  return new SaxesParser({ position: false });
}

/** The shared-string table: each <si>'s text, its runs joined, phonetic guides (<rPh>) left out. */
async function sharedStrings(data: Uint8Array | undefined, clock: ReadClock): Promise<string[]> {
  const out: string[] = [];
  if (!data) return out;
  const parser = newParser();
  let text: string | null = null;
  let inText = false;
  let phonetic = 0;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'si') text = '';
    else if (name === 't') inText = phonetic === 0 && text !== null;
    else if (name === 'rPh') phonetic++;
  });
  parser.on('text', (t) => {
    if (inText) text += t;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si') {
      out.push(text ?? '');
      text = null;
    }
  });
  await parse(data, parser, clock);
  return out;
}

type SheetRef = { name: string; part: string };

/** The workbook's sheets in its own order, each with the part holding its cells. */
async function workbookSheets(parts: ReadonlyMap<string, Uint8Array>, clock: ReadClock): Promise<SheetRef[]> {
  const targets = new Map<string, string>();
  const rels = parts.get('xl/_rels/workbook.xml.rels');
  if (rels) {
    const parser = newParser();
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (local(tag.name) !== 'Relationship') return;
      const id = tag.attributes.Id;
      const target = tag.attributes.Target;
      if (typeof id !== 'string' || typeof target !== 'string') return;
      // relative to xl/, or absolute from the package root
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    });
    await parse(rels, parser, clock);
  }
  const sheets: SheetRef[] = [];
  const parser = newParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (local(tag.name) !== 'sheet') return;
    const id = Object.entries(tag.attributes).find(([k]) => local(k) === 'id' && k !== 'sheetId')?.[1];
    const part = typeof id === 'string' ? targets.get(id) : undefined;
    if (part) sheets.push({ name: typeof tag.attributes.name === 'string' ? tag.attributes.name : '工作表', part });
  });
  await parse(parts.get('xl/workbook.xml') ?? new Uint8Array(), parser, clock);
  return sheets;
}

/** One worksheet's rows, cell values as typed. */
async function worksheet(name: string, data: Uint8Array, strings: readonly string[], clock: ReadClock): Promise<RawSheet> {
  const rows = new SheetRows(clock, name);
  const parser = newParser();
  let inData = false;
  let rowNumber = 0;
  let cells: Cell[] | null = null;
  let column = -1;
  let type = '';
  // the text of the element being read (<v>, <f>, an inline string's <t>), and what the cell holds
  let reading: 'v' | 'f' | 't' | null = null;
  let value: string | null = null;
  let formula: string | null = null;
  let inline: string | null = null;
  let phonetic = 0;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    switch (local(tag.name)) {
      case 'sheetData':
        inData = true;
        break;
      case 'row': {
        if (!inData) break;
        const r = Number(tag.attributes.r);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        column = -1;
        break;
      }
      case 'c': {
        if (!cells) break;
        const at = columnOf(tag.attributes.r as string | undefined);
        column = at >= 0 ? at : column + 1;
        if (column > LAST_COLUMN) throw new Error(`第 ${rowNumber} 行的单元格位置「${String(tag.attributes.r)}」超出表格范围`);
        type = typeof tag.attributes.t === 'string' ? tag.attributes.t : 'n';
        value = formula = inline = null;
        reading = null;
        break;
      }
      case 'v':
        if (cells) (reading = 'v'), (value = '');
        break;
      case 'f':
        if (cells) (reading = 'f'), (formula = '');
        break;
      case 'is':
        if (cells) inline = '';
        break;
      case 't':
        if (inline !== null && phonetic === 0) reading = 't';
        break;
      case 'rPh':
        phonetic++;
        break;
    }
  });
  parser.on('text', (t) => {
    if (reading === 'v') value += t;
    else if (reading === 'f') formula += t;
    else if (reading === 't') inline += t;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    switch (local(tag.name)) {
      case 'v':
      case 'f':
      case 't':
        reading = null;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c':
        if (cells) cells[column] = cellValue(type, value, formula, inline, strings);
        break;
      case 'row':
        if (cells) rows.add(rowNumber, cells);
        cells = null;
        break;
      case 'sheetData':
        inData = false;
        break;
    }
  });
  await parse(data, parser, clock);
  return rows.sheet();
}

/** A cell's value by its type (ECMA-376 §18.18.11), as exceljs gives it. */
function cellValue(type: string, value: string | null, formula: string | null, inline: string | null, strings: readonly string[]): Cell {
  if (formula !== null) {
    const result = value === null || value === '' ? undefined : type === 'str' || type === 's' || type === 'inlineStr' || type === 'e' ? value : parseFloat(value);
    return result === undefined ? { formula } : { formula, result };
  }
  if (type === 'inlineStr') return inline ?? value;
  if (value === null || value === '') return null;
  switch (type) {
    case 's': {
      const text = strings[Number(value)];
      if (text === undefined) throw new Error(`共享字符串 ${value} 不存在`);
      return text;
    }
    case 'str':
      return value;
    case 'b':
      return value !== '0';
    case 'e':
      return { error: value };
    case 'd': {
      const date = new Date(value.endsWith('Z') || /[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
      return Number.isNaN(date.getTime()) ? value : date;
    }
    default:
      // as exceljs reads it: a number cell that is not a number is NaN, which the field refuses
      return parseFloat(value);
  }
}

/** Each sheet of the workbook in order, read when asked for (the first with the list's header ends the read). */
export async function* xlsxSheets(fileName: string, bytes: Uint8Array, entries: readonly ZipEntry[], clock: ReadClock): AsyncGenerator<RawSheet> {
  const stringTable = entries.find((e) => STRING_TABLE.test(e.name));
  if (stringTable && stringTable.size > MAX_STRING_TABLE_BYTES) {
    throw new DomainError(
      'VALIDATION',
      `文件「${fileName}」的共享字符串表解压后有 ${Math.ceil(stringTable.size / 1024 / 1024)} MB，超过 ${MAX_STRING_TABLE_BYTES / 1024 / 1024} MB 的上限：文件过大或已损坏，请分成几个文件导入`,
      { code: 'TOO_MANY_STRINGS' },
    );
  }
  // A part the directory does not list is how a crafted file shows a streaming reader other data.
  checkLocalLayout(bytes, fileName, entries);
  const parts = unpackZip(bytes, fileName, entries, (name) => XML_PART.test(name));
  let sheets: SheetRef[];
  let strings: string[];
  try {
    sheets = await workbookSheets(parts, clock);
    strings = await sharedStrings([...parts].find(([name]) => STRING_TABLE.test(name))?.[1], clock);
  } catch (error) {
    throw corrupt(fileName, error);
  }
  // never a silently shorter workbook: every worksheet part is a sheet of the workbook
  const listed = new Set(sheets.map((s) => s.part));
  const unlisted = [...parts.keys()].filter((n) => WORKSHEET.test(n) && !listed.has(n));
  if (sheets.length === 0 || unlisted.length > 0 || sheets.some((s) => !parts.has(s.part))) {
    throw corrupt(fileName, new Error(`工作簿列出 ${sheets.length} 个工作表，文件中有 ${[...parts.keys()].filter((n) => WORKSHEET.test(n)).length} 个`));
  }
  for (const sheet of sheets) {
    let read: RawSheet;
    try {
      read = await worksheet(sheet.name, parts.get(sheet.part)!, strings, clock);
    } catch (error) {
      throw corrupt(fileName, error);
    }
    yield read;
  }
}

function corrupt(fileName: string, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  return new DomainError('VALIDATION', `文件「${fileName}」已损坏或不是有效的 .xlsx 文件（${(error as Error).message}）`, { code: 'CORRUPT_FILE' });
}
