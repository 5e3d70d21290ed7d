import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, MAX_STRING_TABLE_BYTES, MAX_UPLOAD_BYTES, MAX_UNPACKED_BYTES } from '../../../shared/limits';
import { tempCore, type TempCore } from '../../../test/helpers/core';
import { TRAINEE_HEADERS, traineeRow, xlsxOf } from '../../../test/helpers/sheets';
import { PROJECT_ROOT } from '../paths';
import { downloadRejects, importList } from './importing';

// Hostile and malformed input (issue 13, items 7, 9 and 10; issue 22, item 3): each refused early
// with a Chinese message naming what is wrong, and nothing is written.

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

const run = (fileName: string, bytes: Uint8Array, commit = false) => importList(core.ledger, core.actor, 'trainees', { fileName, bytes }, commit);
const fixture = (name: string) => new Uint8Array(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'office', name)));
const goodXlsx = () => xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1), traineeRow(2)] }]);

/** Rewrites central-directory fields of one zip entry: what a crafted file declares. */
function patchEntry(zip: Uint8Array, name: string, patch: (view: DataView, at: number) => void): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + length)) === name) {
      patch(view, at);
      return out;
    }
  }
  throw new Error(`no entry ${name}`);
}

describe('.xls and .ods like .xlsx', () => {
  it.each(['xls', 'ods'])('finds the header under the title, refuses a formula by row and column, masks the preview and offers its rejects (.%s)', async (ext) => {
    const bytes = fixture(`trainees-formula.${ext}`);
    const report = await run(`学员.${ext}`, bytes);
    expect(report).toMatchObject({ rows: 50, new: 48 });
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '手机号', 'FORMULA'],
      [44, '身份证号', 'NUMBER_STORED_IDENTIFIER'],
    ]);
    expect(report.preview[0]?.fields.idNumber).toMatch(/^3404\*{10}\d{3}[\dX]$/);
    const rejects = await downloadRejects(core.ledger, core.actor, 'trainees', { fileName: `学员.${ext}`, bytes });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(rejects.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(3);
    expect(workbook.worksheets[0]!.getRow(2).getCell(4).value).toMatch(/^'?=/); // the formula comes back as inert text
  });
});

const hostile: [string, string, () => Promise<Uint8Array>, string, RegExp][] = [
  ['a truncated .xls', 'x.xls', async () => fixture('trainees-libreoffice.xls').slice(0, 4096), 'CORRUPT_FILE', /已损坏或不是有效的 \.xls 文件/],
  ['a truncated .ods', 'x.ods', async () => fixture('trainees-libreoffice.ods').slice(0, 6000), 'CORRUPT_FILE', /已损坏/],
  ['an .ods whose content is not XML', 'x.ods', async () => zipSync({ mimetype: [new TextEncoder().encode('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': new TextEncoder().encode('<office:document-content><table:table <<<') }), 'CORRUPT_FILE', /已损坏或不是有效的 \.ods 文件/],
  ['a password-protected .xlsx (a compound file holding the encrypted package)', 'x.xlsx', async () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from('EncryptedPackage', 'utf16le')]), 'ENCRYPTED', /已加密/],
  ['a WPS .et file', 'x.et', async () => fixture('trainees-libreoffice.xls'), 'UNSUPPORTED_FORMAT', /WPS 表格的 \.et 格式.*另存为/],
  ['a zip that is a Word document', 'x.xlsx', async () => zipSync({ 'word/document.xml': new TextEncoder().encode('<w:document/>') }), 'NOT_SPREADSHEET', /不是电子表格/],
  ['a file over the upload limit', 'x.csv', async () => new Uint8Array(MAX_UPLOAD_BYTES + 1), 'FILE_TOO_LARGE', new RegExp(`一次最多上传 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)],
  [
    'a shared-string table over its bound (a 1 MB zip that unpacks past it)',
    'x.xlsx',
    async () => {
      const files = unzipSync(await goodXlsx());
      files['xl/sharedStrings.xml'] = new TextEncoder().encode(`<sst>${'<si><t>重复</t></si>'.repeat(Math.ceil(MAX_STRING_TABLE_BYTES / 20) + 1)}</sst>`);
      return zipSync(files, { level: 9 });
    },
    'TOO_MANY_STRINGS',
    /共享字符串表解压后有 \d+ MB，超过 64 MB 的上限/,
  ],
  ['a part declaring more than the unpacked bound', 'x.xlsx', async () => patchEntry(await goodXlsx(), 'xl/worksheets/sheet1.xml', (v, at) => v.setUint32(at + 24, MAX_UNPACKED_BYTES + 1, true)), 'TOO_LARGE_UNPACKED', /解压后有 \d+ MB，超过 256 MB 的上限/],
  ['a part that unpacks to more than it declares', 'x.xlsx', async () => patchEntry(await goodXlsx(), 'xl/worksheets/sheet1.xml', (v, at) => v.setUint32(at + 24, 100, true)), 'CORRUPT_FILE', /解压后大于声明的大小/],
  [
    'a part named twice (a tampered copy behind the real one)',
    'x.xlsx',
    async () => {
      const zip = await goodXlsx();
      const theme = new TextEncoder().encode('xl/theme/theme1.xml');
      const types = new TextEncoder().encode('[Content_Types].xml');
      return patchEntry(zip, 'xl/theme/theme1.xml', (v, at) => new Uint8Array(v.buffer).set(types.length === theme.length ? types : theme, at + 46));
    },
    'CORRUPT_FILE',
    /出现了两次/,
  ],
  [
    'a part hidden from the zip directory (a reader streaming from the front would meet it)',
    'x.xlsx',
    async () => {
      const zip = Buffer.from(await goodXlsx());
      const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
      const directory = zip.readUInt32LE(eocd + 16);
      const name = Buffer.from('xl/sharedStrings.xml');
      const data = Buffer.from('<sst><si><t>藏起来的</t></si></sst>');
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(data.length, 22);
      header.writeUInt16LE(name.length, 26);
      const hidden = Buffer.concat([header, name, data]);
      const out = Buffer.concat([zip.subarray(0, directory), hidden, zip.subarray(directory)]);
      out.writeUInt32LE(directory + hidden.length, eocd + hidden.length + 16);
      return new Uint8Array(out);
    },
    'CORRUPT_FILE',
    /目录之前有多余的内容/,
  ],
  ['more rows than one import takes', 'x.csv', async () => new Uint8Array(Buffer.from([TRAINEE_HEADERS.join(','), ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => 'a,b')].join('\n'))), 'TOO_MANY_ROWS', new RegExp(`一次最多导入 ${MAX_IMPORT_ROWS} 行`)],
  ['a row wider than the column bound', 'x.xlsx', async () => xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, [...traineeRow(1), ...Array(MAX_IMPORT_COLUMNS).fill('x')]] }]), 'TOO_MANY_COLUMNS', /第 2 行有 \d+ 列，超过 200 列的上限/],
  ['a cell longer than Excel allows', 'x.xlsx', async () => xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1, { 村: '村'.repeat(MAX_CELL_CHARS + 1) })] }]), 'CELL_TOO_LONG', /第 2 行I 列有 32768 个字符，超过单元格上限 32767 个字符/],
  ['a CSV quote that never closes', 'x.csv', async () => new Uint8Array(Buffer.from([TRAINEE_HEADERS.join(','), traineeRow(1).join(','), `"学员2,${traineeRow(2).slice(1).join(',')}`, traineeRow(3).join(',')].join('\n'))), 'CSV_QUOTES', /CSV 文件「x\.csv」第 3 行：引号没有配对/],
  ['GBK bytes behind a UTF-8 BOM', 'x.csv', async () => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode([TRAINEE_HEADERS.join(','), traineeRow(1).join(',')].join('\n'), 'gbk')])), 'BAD_ENCODING', /标明是 UTF-8 编码，内容却不是 UTF-8.*编码不对/],
];

describe('bounded input', () => {
  it.each(hostile)('refuses %s early, with a Chinese message, and writes nothing', async (_name, fileName, make, code, message) => {
    const bytes = await make();
    const before = core.ledger.count();
    await expect(run(fileName, bytes)).rejects.toMatchObject({ details: { code }, message: expect.stringMatching(message) });
    await expect(run(fileName, bytes, true)).rejects.toMatchObject({ details: { code } });
    expect(core.ledger.count()).toBe(before);
  });

  it('reports every quote error of a CSV with its row', async () => {
    const csv = [TRAINEE_HEADERS.join(','), `学员1,"坏"引号,${traineeRow(1).slice(2).join(',')}`, traineeRow(2).join(',')].join('\n');
    await expect(run('q.csv', new Uint8Array(Buffer.from(csv)))).rejects.toMatchObject({
      details: { code: 'CSV_QUOTES', errors: expect.arrayContaining([{ row: 2, message: expect.stringContaining('引号') }]) },
    });
  });

  it('never writes a rejects cell longer than Excel’s 32,767 characters', async () => {
    const long = '长'.repeat(40_000);
    const table = { sheet: '粘贴', headerRow: 0, headers: TRAINEE_HEADERS, rows: [{ rowNumber: 1, cells: traineeRow(1, { 姓名: long }).map(String) }] };
    const file = await downloadRejects(core.ledger, core.actor, 'trainees', { fileName: '粘贴的表格', table });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const cell = String(workbook.worksheets[0]!.getRow(2).getCell(2).value);
    expect(cell.length).toBe(MAX_CELL_CHARS);
    expect(cell).toMatch(/^长+…（超出单元格上限，已截断）$/);
  });
});
