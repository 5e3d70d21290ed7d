import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore, type TempCore } from '../../../test/helpers/core';
import { idNumber, TRAINEE_HEADERS, traineeRow, uscc, xlsxOf } from '../../../test/helpers/sheets';
import { openCore } from '../core';
import { DEFAULT_POLICY_DIR } from '../paths';
import { downloadRejects } from './importing';
import { importList } from './service';
import { listSubjects } from './repository';
import type { ListId } from '../../../shared/domain/registry';

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

const run = (list: ListId, fileName: string, bytes: Uint8Array, commit = false) => importList(core.ledger, core.actor, list, { fileName, bytes }, commit);
const fileHash = () => {
  core.close();
  const h = hash('sha256', readFileSync(core.dbPath), 'hex');
  Object.assign(core, openCore({ dbPath: core.dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', actor: core.actor.username }));
  return h;
};

describe('importing clerks’ spreadsheets', () => {
  it('imports an Excel file: preview first, then one journaled commit', async () => {
    const bytes = await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1), traineeRow(2), traineeRow(3)] }]);
    const preview = await run('trainees', '学员.xlsx', bytes);
    expect(preview).toMatchObject({ rows: 3, new: 3, updates: 0, errors: [], committed: false });
    expect(preview.preview[0]?.fields.idNumber).toMatch(/^3404\*{10}\d{3}[\dX]$/);
    expect(listSubjects(core.db, 'trainees')).toHaveLength(0);
    const before = core.ledger.count();
    const done = await run('trainees', '学员.xlsx', bytes, true);
    expect(done.committed).toBe(true);
    expect(core.ledger.count()).toBe(before + 4);
    const [imported] = core.ledger.recent(4).filter((e) => e.kind === 'registry.imported');
    expect(imported?.payload).toMatchObject({ fileName: '学员.xlsx', sha256: hash('sha256', bytes, 'hex'), rows: 3, added: 3 });
    const rows = listSubjects(core.db, 'trainees');
    expect(rows.map((r) => r.fields.name)).toEqual(['学员1', '学员2', '学员3']);
    expect(rows[0]?.fields.phone).toBe('139****0001');
    // the same file again: every row is an update, nothing new
    expect(await run('trainees', '学员.xlsx', bytes)).toMatchObject({ new: 0, updates: 3 });
  });

  it('a large import finds the rows already registered among many new ones (keys read once for the list)', async () => {
    const first = await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, ...Array.from({ length: 1200 }, (_, i) => traineeRow(i))] }]);
    expect(await run('trainees', '一.xlsx', first, true)).toMatchObject({ new: 1200, updates: 0 });
    // 300 of the first file again, one with a new phone number, and 900 new people
    const second = await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, ...Array.from({ length: 1200 }, (_, i) => traineeRow(i + 900, i === 0 ? { 手机号: '13900009999' } : {}))] }]);
    expect(await run('trainees', '二.xlsx', second, true)).toMatchObject({ new: 900, updates: 300, errors: [] });
    const all = listSubjects(core.db, 'trainees');
    expect(all).toHaveLength(2100);
    expect(all.find((r) => r.fields.name === '学员900')?.fields.phone).toBe('139****9999');
  });

  it('takes a WPS-style sheet as a person wrote it: title row, merged cells, reordered and extra columns, text numbers, serial dates, full-width digits', async () => {
    const headers = ['序号', '学员姓名', '公民身份号码（必填）', '课程名称', '结业日期', '考核结果', '人社认定', '所在乡镇', '备注'];
    const rows = [
      ['寿县2019年农村电商培训学员花名册', '', '', '', '', '', '', '', ''],
      headers,
      [1, '张三', idNumber('340422', '19900101', 11).replace(/./g, (d) => (/\d/.test(d) ? String.fromCharCode(0xff10 + Number(d)) : d)), '网店美工', 43753, '合格', '是', '正阳关镇', '补录'],
      [2, '李四', ` ${idNumber('340422', '19881212', 12).toLowerCase()} `, '网店美工', '2019年10月16日', '合格', '是', '正阳关镇', ''],
      [3, '王五', idNumber('340422', '19920304', 13), '网店美工', new Date(Date.UTC(2019, 9, 17)), '合格', '是', '正阳关镇', ''],
      ['', '', '', '', '', '', '', '', ''],
    ];
    const bytes = await xlsxOf([{ name: 'Sheet1', rows, merges: ['A1:I1'] }]);
    const report = await run('trainees', 'WPS学员.xlsx', bytes, true);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 3, new: 3 });
    const saved = core.db.prepare("SELECT fields FROM subject WHERE list = 'trainees' ORDER BY created_seq").all() as { fields: string }[];
    const dates = saved.map((s) => (JSON.parse(s.fields) as { trainingDate: string }).trainingDate);
    expect(dates).toEqual(['2019-10-15', '2019-10-16', '2019-10-17']);
  });

  it('reads a GBK CSV saved by Windows Excel, and a UTF-8 one with BOM', async () => {
    const text = [TRAINEE_HEADERS.join(','), traineeRow(7).join(','), traineeRow(8).join(',')].join('\r\n');
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'));
    expect(await run('trainees', '学员.csv', gbk)).toMatchObject({ rows: 2, new: 2, errors: [], encoding: 'GBK' });
    const utf8 = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(await run('trainees', '学员.csv', utf8)).toMatchObject({ rows: 2, new: 2, encoding: 'UTF-8' });
  });

  it('imports yearly facts with amounts written with 元 and separators', async () => {
    const headers = ['企业名称', '统一社会信用代码', '乡镇', '年度', '农村产品上行年网络销售额（元）'];
    const bytes = await xlsxOf([{ name: '企业', rows: [headers, ['淮南好网货电商有限公司', uscc(1), '寿春镇', 2019, '12,345,678.90元'], ['寿州香草电商', uscc(2), '寿春镇', '2019', 8000000]] }]);
    const report = await run('enterprises', '企业.xlsx', bytes, true);
    expect(report.errors).toEqual([]);
    const facts = core.db.prepare('SELECT year, fact, value FROM subject_fact ORDER BY value DESC').all();
    expect(facts).toEqual([
      { year: 2019, fact: 'ruralOnlineSales', value: 1234567890 },
      { year: 2019, fact: 'ruralOnlineSales', value: 800000000 },
    ]);
  });

  const badRows: [string, ListId, unknown[][], string, RegExp][] = [
    ['a bad ID check digit', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 身份证号: '360426199101010072' })], 'BAD_ID_NUMBER', /第 2 行：「身份证号」身份证号校验位应为“1”，实为“2”/],
    ['an impossible birth date', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 身份证号: idNumber('340422', '19910230', 1) })], 'BAD_ID_NUMBER', /19910230 不是真实日期/],
    ['a duplicate ID within the file', 'trainees', [TRAINEE_HEADERS, traineeRow(1), traineeRow(1, { 姓名: '学员1' })], 'DUPLICATE_IN_FILE', /第 3 行：身份证号、培训课程与第 2 行重复/],
    ['a formula', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 手机号: { formula: 'CONCAT("139","00000001")', result: '13900000001' } })], 'FORMULA', /「手机号」是公式/],
    ['a bad date', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 培训日期: '2019-02-30' })], 'BAD_DATE', /“2019-02-30”不是有效日期/],
    ['a bad choice', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 是否合格: '也许' })], 'BAD_CHOICE', /应填“是”或“否”/],
    ['a bad phone', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 手机号: '02155556666' })], 'BAD_PHONE', /手机号应为以 1 开头的 11 位数字/],
    ['a missing required cell', 'trainees', [TRAINEE_HEADERS, traineeRow(1, { 培训课程: '' })], 'REQUIRED', /「培训课程」必填/],
    ['a negative amount', 'enterprises', [['企业名称', '统一社会信用代码', '乡镇', '年度', '农村产品上行年网络销售额'], ['甲公司', uscc(3), '寿春镇', 2019, -100]], 'NEGATIVE_AMOUNT', /不能为负数/],
    ['text in a number column', 'enterprises', [['企业名称', '统一社会信用代码', '乡镇', '年度', '农村产品上行年网络销售额'], ['甲公司', uscc(3), '寿春镇', 2019, '约一百万']], 'BAD_AMOUNT', /无法识别/],
    ['a bad USCC', 'enterprises', [['企业名称', '统一社会信用代码', '乡镇'], ['甲公司', '91110000600037341A', '寿春镇']], 'BAD_USCC', /校验位应为“L”/],
    ['facts without a year', 'enterprises', [['企业名称', '统一社会信用代码', '乡镇', '农村产品上行年网络销售额'], ['甲公司', uscc(4), '寿春镇', 100]], 'YEAR_REQUIRED', /必须同时填写「年度」/],
  ];

  it.each(badRows)('refuses %s, naming row and column, and the database is unchanged', async (_n, list, rows, code, message) => {
    const before = fileHash();
    const bytes = await xlsxOf([{ name: '名单', rows }]);
    const preview = await run(list, 'bad.xlsx', bytes);
    const issue = preview.errors.find((e) => e.code === code);
    expect(issue, JSON.stringify(preview.errors)).toBeDefined();
    expect(issue?.message).toMatch(message);
    expect(preview.rejects).not.toBeNull();
    if (preview.new + preview.updates === 0) await expect(run(list, 'bad.xlsx', bytes, true)).rejects.toThrow('没有可导入的有效行');
    expect(fileHash()).toBe(before);
  });

  const badFiles: [string, string, () => Promise<Uint8Array>, string, RegExp][] = [
    ['the wrong sheet', 'x.xlsx', () => xlsxOf([{ name: '汇总', rows: [['项目', '金额'], ['合计', 1]] }]), 'NO_HEADER', /找不到「培训学员」的表头/],
    ['a missing column', 'x.xlsx', () => xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS.filter((h) => h !== '培训日期'), traineeRow(1).filter((_, i) => i !== 4)] }]), 'MISSING_COLUMN', /缺少必填列：「培训日期」/],
    ['a truncated zip', 'x.xlsx', async () => (await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1)] }])).slice(0, 900), 'CORRUPT_FILE', /已损坏/],
    ['a damaged compound file', 'x.xls', async () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'CORRUPT_FILE', /已损坏或不是有效的 \.xls 文件/],
    ['a file that is not a spreadsheet', 'x.pdf', async () => new Uint8Array(Buffer.from('%PDF-1.7 not a sheet')), 'NOT_SPREADSHEET', /不是电子表格/],
    ['an empty file', 'x.xlsx', async () => new Uint8Array(), 'EMPTY_FILE', /是空的/],
    ['a CSV without a header', 'x.csv', async () => new Uint8Array(Buffer.from('a,b,c\n1,2,3\n')), 'NO_HEADER', /找不到/],
  ];

  it.each(badFiles)('refuses %s with a clear error, and nothing else happens', async (_n, fileName, make, code, message) => {
    const before = fileHash();
    const bytes = await make();
    await expect(run('trainees', fileName, bytes)).rejects.toMatchObject({ details: { code }, message: expect.stringMatching(message) });
    await expect(run('trainees', fileName, bytes, true)).rejects.toMatchObject({ details: { code } });
    expect(fileHash()).toBe(before);
  });

  it('shows in the preview what was typed beside the reason, personal numbers masked', async () => {
    const badId = '34042219900101001';
    const bytes = await xlsxOf([{ name: '名单', rows: [TRAINEE_HEADERS, traineeRow(1, { 手机号: '02155556666' }), traineeRow(2, { 身份证号: badId })] }]);
    const preview = await run('trainees', 'bad.xlsx', bytes);
    const [phoneRow, idRow] = preview.preview;
    expect(phoneRow?.reasons.join('')).toMatch(/手机号应为以 1 开头的 11 位数字.*（所填：「0215\*\*\*6666」）/);
    expect(idRow?.reasons.join('')).toContain(`（所填：「3404${'*'.repeat(badId.length - 8)}${badId.slice(-4)}」）`);
    expect(JSON.stringify(preview.preview)).not.toContain(badId);
  });

  it('refuses a registered ID under another name, and commits valid rows with the rest rejected', async () => {
    await run('trainees', 'a.xlsx', await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1)] }]), true);
    const bytes = await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1, { 姓名: '冒名者' }), traineeRow(2), traineeRow(3, { 身份证号: '123' })] }]);
    const report = await run('trainees', 'b.xlsx', bytes, true);
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'NAME_MISMATCH'],
      [4, 'BAD_ID_NUMBER'],
    ]);
    expect(report).toMatchObject({ new: 1, committed: true });
    expect(report.rejects).toEqual({ fileName: '培训学员-未导入的行.xlsx', rows: 2 });
    const rejects = new ExcelJS.Workbook();
    await rejects.xlsx.load((await downloadRejects(core.ledger, core.actor, 'trainees', { fileName: 'b.xlsx', bytes })).bytes as unknown as ArrayBuffer);
    const sheet = rejects.worksheets[0]!;
    expect(sheet.getRow(1).values).toContain('错误原因');
    expect(sheet.rowCount).toBe(3);
    expect(String(sheet.getRow(2).getCell(TRAINEE_HEADERS.length + 2).value)).toContain('已登记在「学员1」名下');
    expect(listSubjects(core.db, 'trainees')).toHaveLength(2);
  });

  it('keeps each purchase from a poor household once (by voucher), and the demo towns and villages', async () => {
    const headers = ['收购主体', '收购主体统一社会信用代码', '收购日期', '贫困户或贫困村', '乡镇', '收购金额（元）', '凭证号'];
    const bytes = await xlsxOf([
      {
        name: '收购记录',
        rows: [headers, ['寿州香草电商', uscc(2), '2019-09-01', '花园村', '安丰镇', '3,200.50', 'SG-001'], ['寿州香草电商', uscc(2), '2019-09-02', '花园村', '安丰镇', 800, 'SG-001']],
      },
    ]);
    const report = await run('poverty-purchases', '收购.xlsx', bytes, true);
    expect(report.errors.map((e) => e.code)).toEqual(['DUPLICATE_IN_FILE']);
    const [row] = listSubjects(core.db, 'poverty-purchases');
    expect(row?.fields.amount).toBe(320050);
    const demo = await xlsxOf([{ name: '示范镇村', rows: [['名称', '级别', '乡镇'], ['正阳关镇', '示范镇', '正阳关镇'], ['华宇村', '示范村', '寿春镇'], ['华宇村', '示范点', '寿春镇']] }]);
    const demoReport = await run('demo-divisions', '示范.xlsx', demo, true);
    expect(demoReport).toMatchObject({ new: 2, errors: [{ row: 4, code: 'BAD_CHOICE' }] });
  });
});
