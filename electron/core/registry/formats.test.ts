import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIST_IDS, LISTS, type ListId } from '../../../shared/domain/registry';
import { tempCore, type TempCore } from '../../../test/helpers/core';
import { idNumber, TRAINEE_HEADERS, traineeRow, uscc, xlsxOf } from '../../../test/helpers/sheets';
import { PROJECT_ROOT } from '../paths';
import { excelSerialToIso } from './cells';
import { downloadRejects, importList } from './importing';
import { readSpreadsheet } from './table';
import { exportXlsx, templateXlsx } from './xlsx';

// Spreadsheets as clerks really make them (issue 22): files LibreOffice wrote, date-time cells,
// identifiers a suite stored as numbers, and the app's own files opened and brought back.

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

const fixture = (name: string) => new Uint8Array(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'office', name)));
const run = (list: ListId, fileName: string, bytes: Uint8Array, commit = false) => importList(core.ledger, core.actor, list, { fileName, bytes }, commit);
const savedFields = (list: ListId) => (core.db.prepare('SELECT fields FROM subject WHERE list = ? ORDER BY created_seq').all(list) as { fields: string }[]).map((r) => JSON.parse(r.fields) as Record<string, unknown>);
const workbookOf = async (bytes: Uint8Array) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
};

describe('files LibreOffice Calc saved from our templates', () => {
  it.each(['xlsx', 'xls', 'ods'])('imports the trainees .%s: title row skipped, dates as shown, phones typed as numbers, full-width digits, the number-typed ID named', async (ext) => {
    const report = await run('trainees', `trainees.${ext}`, fixture(`trainees-libreoffice.${ext}`), true);
    expect(report).toMatchObject({ rows: 50, new: 49, committed: true });
    expect(report.errors).toEqual([
      { row: 44, column: '身份证号', code: 'NUMBER_STORED_IDENTIFIER', message: '第 44 行：「身份证号」被表格软件存成了数字，后几位已经丢失：请把该列设为“文本”后重新输入' },
    ]);
    const saved = savedFields('trainees');
    // data rows 4 and 5 hold 2019-11-20 15:30 and 23:59
    expect(saved.slice(0, 6).map((f) => f.trainingDate)).toEqual(['2019-10-08', '2019-10-09', '2019-10-10', '2019-11-20', '2019-11-20', '2019-10-13']);
    expect(saved[0]).toMatchObject({ name: '王秀英', phone: '13900000007', passed: true, town: '寿春镇' });
    expect(saved[7]?.idNumber).toBe('340422196708081076'); // typed in full-width digits
  });

  it.each(['xlsx', 'xls', 'ods'])('imports the enterprises .%s: currency cells to the fen, Chinese-format dates, years as numbers', async (ext) => {
    const report = await run('enterprises', `enterprises.${ext}`, fixture(`enterprises-libreoffice.${ext}`), true);
    expect(report).toMatchObject({ rows: 50, new: 50, errors: [] });
    expect(savedFields('enterprises').slice(0, 2).map((f) => f.establishedOn)).toEqual(['2015-01-01', '2016-02-02']);
    const facts = core.db.prepare("SELECT f.fact, f.value FROM subject_fact f JOIN subject s ON s.id = f.subject_id ORDER BY s.created_seq, f.fact LIMIT 3").all();
    expect(facts).toEqual([
      { fact: 'onlineExportUsd', value: 10000000 },
      { fact: 'ruralOnlineSales', value: 25000000 },
      { fact: 'ruralOnlineSales', value: 123765432 },
    ]);
  });

  it.each(['xls', 'ods'])('refuses the password-protected .%s as encrypted', async (ext) => {
    await expect(run('trainees', `locked.${ext}`, fixture(`trainees-password.${ext}`))).rejects.toMatchObject({ details: { code: 'ENCRYPTED' }, message: expect.stringContaining('已加密') });
  });
});

describe('Chinese text in a large .xlsx', () => {
  it('comes through whole, even where the reader’s chunks would split a character', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => traineeRow(i, { 姓名: `张${'三四五六七'.repeat(1 + (i % 3))}`, 培训课程: `课程${i % 997}` }));
    const table = await readSpreadsheet(LISTS.trainees, 'big.xlsx', await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, ...rows] }]));
    const broken = table.rows.flatMap((r) => r.cells).filter((c) => typeof c === 'string' && c.includes('\uFFFD'));
    expect(broken).toEqual([]);
    expect(table.rows).toHaveLength(20_000);
  });
});

describe('date cells', () => {
  it('are the calendar day they show, whatever the time of day', () => {
    const day = 43789; // 2019-11-20
    for (const [hh, mm] of [[0, 0], [9, 0], [11, 59], [12, 0], [15, 30], [23, 59]] as const) {
      expect(excelSerialToIso(day + (hh * 60 + mm) / 1440), `${hh}:${mm}`).toBe('2019-11-20');
    }
    expect(excelSerialToIso(day + 1 - 1e-9)).toBe('2019-11-21'); // a hair under midnight shows as midnight
  });

  it('with a time, written by a spreadsheet and read back, keep their day; so does date-time text', async () => {
    const times = ['00:00', '11:59', '12:00', '15:30', '23:59'];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('学员');
    sheet.addRow(TRAINEE_HEADERS);
    times.forEach((t, i) => {
      const row = sheet.addRow(traineeRow(i + 1, { 培训日期: new Date(`2019-11-20T${t}:00Z`) }));
      row.getCell(5).numFmt = 'yyyy-mm-dd hh:mm';
    });
    sheet.addRow(traineeRow(9, { 培训日期: '2019-11-20 23:59' }));
    const report = await run('trainees', 'times.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()), true);
    expect(report.errors).toEqual([]);
    expect(savedFields('trainees').map((f) => f.trainingDate)).toEqual(Array(6).fill('2019-11-20'));
  });
});

describe('identifiers a spreadsheet stored as numbers', () => {
  it('are named for what happened, for ID numbers, credit codes and bank accounts, from a number cell or CSV text', async () => {
    const id = idNumber('340422', '19980926', 27);
    const message = /「身份证号」被表格软件存成了数字，后几位已经丢失：请把该列设为“文本”后重新输入/;
    const fromCell = await run('trainees', 'n.xlsx', await xlsxOf([{ name: '学员', rows: [[...TRAINEE_HEADERS, '银行账号'], [...traineeRow(1, { 身份证号: Number(id) }), 6222021001115555578]] }]));
    expect(fromCell.errors.map((e) => [e.column, e.code])).toEqual([
      ['身份证号', 'NUMBER_STORED_IDENTIFIER'],
      ['银行账号', 'NUMBER_STORED_IDENTIFIER'],
    ]);
    expect(fromCell.errors[0]?.message).toMatch(message);
    const csv = [TRAINEE_HEADERS.join(','), traineeRow(2, { 身份证号: '3.40422199809269E+17' }).join(',')].join('\n');
    const fromCsv = await run('trainees', 'n.csv', new Uint8Array(Buffer.from(csv)));
    expect(fromCsv.errors[0]).toMatchObject({ code: 'NUMBER_STORED_IDENTIFIER', message: expect.stringMatching(message) });
    const codes = await run('enterprises', 'e.xlsx', await xlsxOf([{ name: '企业', rows: [['企业名称', '统一社会信用代码', '乡镇'], ['甲公司', 913404001234567900, '寿春镇']] }]));
    expect(codes.errors[0]).toMatchObject({ column: '统一社会信用代码', code: 'NUMBER_STORED_IDENTIFIER' });
  });
});

describe('files the app hands out', () => {
  it('makes every list’s template and a rejects file for every list, with sheet names Excel accepts', async () => {
    for (const list of LIST_IDS) {
      const template = await workbookOf(await templateXlsx(list));
      const name = template.worksheets[0]!.name;
      expect(name, list).not.toMatch(/[*?:\\/[\]]/);
      expect(name.length, list).toBeLessThanOrEqual(31);
      const headers = LISTS[list].fields.map((f) => f.header);
      const bad = LISTS[list].fields.map((f) => (f.required ? '' : null));
      const report = await run(list, 'r.xlsx', await xlsxOf([{ name: 's', rows: [headers, bad.map(() => '?')] }]));
      expect(report.rejects, list).toEqual({ fileName: `${LISTS[list].label}-未导入的行.xlsx`, rows: 1 });
      const rejects = await workbookOf((await downloadRejects(core.ledger, core.actor, list, { fileName: 'r.xlsx', bytes: await xlsxOf([{ name: 's', rows: [headers, bad.map(() => '?')] }]) })).bytes);
      expect(rejects.worksheets[0]!.name, list).not.toMatch(/[*?:\\/[\]]/);
    }
    expect((await workbookOf(await templateXlsx('cooperatives'))).worksheets[0]!.name).toBe('合作社、基地、家庭农场');
  });

  it('writes each drop-down once, over the data rows', async () => {
    const files = unzipSync(await templateXlsx('trainees'));
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    const ranges = [...sheet.matchAll(/sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(ranges).toEqual(['G2:G1001', 'H2:H1001']);
  });

  it('gives rejects back typed, so the clerk fixes the flagged cells and imports the same file again', async () => {
    const headers = ['企业名称', '统一社会信用代码', '成立日期', '乡镇', '年度', '农村产品上行年网络销售额（元）', '备注'];
    const rows = [headers, ['=HYPERLINK("http://x","点我")', uscc(5), new Date(Date.UTC(2019, 4, 17)), '寿春镇', 2019, 1234567.8, '+cmd|\' /C calc\'!A0'], ['乙公司', `${uscc(6).slice(0, 17)}0`, 43602, '安丰镇', '2019', '8000000', '']];
    const bytes = await xlsxOf([{ name: '企业', rows }]);
    const report = await run('enterprises', 'e.xlsx', bytes);
    expect(report.errors.map((e) => e.code)).toEqual(['BAD_USCC']);
    const file = await downloadRejects(core.ledger, core.actor, 'enterprises', { fileName: 'e.xlsx', bytes });
    const sheet = (await workbookOf(file.bytes)).worksheets[0]!;
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(3);
    expect(row.getCell(3).value).toBe(`${uscc(6).slice(0, 17)}0`);
    expect(row.getCell(3).numFmt).toBe('@');
    expect(row.getCell(4).value).toEqual(new Date(Date.UTC(2019, 4, 17)));
    expect(row.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(6).value).toBe(2019);
    expect(row.getCell(7).value).toBe(8000000);
    // the clerk fixes the flagged credit code and imports the rejects file itself
    row.getCell(3).value = uscc(6);
    const fixed = new Uint8Array(await sheet.workbook.xlsx.writeBuffer());
    const again = await run('enterprises', file.fileName, fixed, true);
    expect(again).toMatchObject({ rows: 1, new: 1, errors: [] });
    expect(savedFields('enterprises')[0]).toMatchObject({ name: '乙公司', establishedOn: '2019-05-17' });
  });

  it('keeps text that looks like a formula inert in exports and rejects, and reads it back as typed', async () => {
    const hostile = ['=HYPERLINK("http://x","点我")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const bytes = await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, ...hostile.map((name, i) => traineeRow(i + 1, { 姓名: name, 培训日期: i === 0 ? '坏日期' : '2019-10-15' }))] }]);
    await run('trainees', 'h.xlsx', bytes, true);
    const ids = (core.db.prepare("SELECT id FROM subject WHERE list = 'trainees' ORDER BY created_seq").all() as { id: string }[]).map((r) => r.id);
    const { listSubjects } = await import('./repository');
    const exported = await workbookOf(await exportXlsx('trainees', listSubjects(core.db, 'trainees').map((r) => ({ fields: r.fields, facts: r.facts }))));
    const names = ids.map((_, i) => String(exported.worksheets[0]!.getRow(i + 2).getCell(1).value));
    // a tab or CR in front is trimmed on import; what is left still starts like a formula
    expect(names).toEqual(hostile.slice(1).map((h) => `'${h.trim()}`));
    const rejects = await workbookOf((await downloadRejects(core.ledger, core.actor, 'trainees', { fileName: 'h.xlsx', bytes })).bytes);
    expect(rejects.worksheets[0]!.getRow(2).getCell(2).value).toBe(`'${hostile[0]}`);
  });
});
