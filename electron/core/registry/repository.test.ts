import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SubjectRow } from '../../../shared/domain/registry';
import { callerFor, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { createAccount, principalOf } from '../accounts/service';
import { idNumber, TRAINEE_HEADERS, traineeRow, xlsxOf } from '../../../test/helpers/sheets';
import { listSubjects } from './repository';
import { importList, updateSubjectField } from './service';

let core: TempCore;
let call: ReturnType<typeof callerFor>;
beforeEach(() => {
  core = tempCore();
  call = callerFor(core, signIn(core));
});
afterEach(() => core.dispose());

const importRows = async (list: 'trainees' | 'poor-households', rows: unknown[][]) =>
  importList(core.ledger, core.actor, list, { fileName: 'x.xlsx', bytes: await xlsxOf([{ name: 's', rows }]) }, true);

describe('registry lists', () => {
  it('flags shared bank accounts, a phone on three trainees, same name in a village, an ID under two names', async () => {
    const headers = [...TRAINEE_HEADERS, '银行账号'];
    await importRows('trainees', [
      headers,
      [...traineeRow(1, { 手机号: '13900000009', 姓名: '王芳' }), '6222021001115555578'],
      [...traineeRow(2, { 手机号: '13900000009', 姓名: '王芳' }), '6222021001115555578'],
      [...traineeRow(3, { 手机号: '13900000009' }), ''],
      [...traineeRow(4), ''],
    ]);
    await importRows('poor-households', [
      ['户主姓名', '身份证号', '乡镇', '村'],
      ['另一个名字', idNumber('340422', '19850515', 4), '寿春镇', '华宇村'],
    ]);
    const rows = listSubjects(core.db, 'trainees');
    const flags = Object.fromEntries(rows.map((r) => [r.fields.name, r.flags]));
    expect(flags['王芳']).toEqual(['银行账号与另外 1 个主体相同', '手机号被 3 名学员共用', '同村同名 2 个']);
    expect(flags['学员3']).toEqual(['手机号被 3 名学员共用']);
    expect(flags['学员4']).toEqual(['同一身份证号对应不同姓名']);
    // the bulk output skips the dispatcher's check: prove its shape here
    expect(() => z.array(SubjectRow).parse(rows)).not.toThrow();
    expect(rows[0]?.fields.bankAccount).toBe('6222***********5578');
  });

  it('finds by name, pinyin initials or a place', async () => {
    await importRows('trainees', [TRAINEE_HEADERS, traineeRow(1, { 姓名: '华宇村民' }), traineeRow(2, { 姓名: '张三' })]);
    const names = (query: string) => listSubjects(core.db, 'trainees', query).map((r) => r.fields.name);
    expect(names('hycm')).toEqual(['华宇村民']);
    expect(names('zhangsan')).toEqual(['张三']);
    expect(names('村民')).toEqual(['华宇村民']);
    expect(names('华宇村')).toHaveLength(2); // the village matches both
    expect(names('%')).toEqual([]);
  });

  it('finds a personal number only whole, and never digit by digit inside a masked one', async () => {
    const headers = [...TRAINEE_HEADERS, '银行账号'];
    await importRows('trainees', [headers, [...traineeRow(1, { 姓名: '张三', 手机号: '13912345678' }), '6222021001115555578'], [...traineeRow(2, { 姓名: '李四' }), '']]);
    const names = (query: string) => listSubjects(core.db, 'trainees', query).map((r) => r.fields.name);
    const id = idNumber('340422', '19850215', 1);
    // whole numbers find their row, in any case and width a clerk types them
    expect(names(id)).toEqual(['张三']);
    expect(names(` ${id.toLowerCase()} `)).toEqual(['张三']);
    expect(names('13912345678')).toEqual(['张三']);
    expect(names('6222021001115555578')).toEqual(['张三']);
    // the shown (masked) form and its visible digits match; hidden digits do not
    expect(names(`${id.slice(0, 4)}**********${id.slice(-4)}`)).toEqual(['张三']);
    expect(names('139****5678')).toEqual(['张三']);
    for (const fragment of [id.slice(0, 6), id.slice(4, 10), id.slice(-6), id.slice(0, 17), '1391234', '12345678', '02100111555']) {
      expect(names(fragment), fragment).toEqual([]);
    }
    // search text written before this change held full numbers; those still cannot be searched into
    core.db.prepare("UPDATE subject SET search = search || ' ' || id_number || ' ' || phone WHERE name = '张三'").run();
    expect(names(id.slice(4, 10))).toEqual([]);
    expect(names('zhangsan')).toEqual(['张三']);
  });

  it('edits a field with the same checks, keeps the history, and refuses a masked value', async () => {
    await importRows('trainees', [TRAINEE_HEADERS, traineeRow(1)]);
    const [row] = listSubjects(core.db, 'trainees');
    expect(() => updateSubjectField(core.ledger, core.actor, { id: row!.id, expectedRevision: 0, field: 'phone', value: '139****0001' })).toThrow(/请填写完整号码/);
    expect(() => updateSubjectField(core.ledger, core.actor, { id: row!.id, expectedRevision: 0, field: 'trainingDate', value: '2019-13-01' })).toThrow(/不是有效日期/);
    updateSubjectField(core.ledger, core.actor, { id: row!.id, expectedRevision: 0, field: 'phone', value: '13700000000' });
    expect(() => updateSubjectField(core.ledger, core.actor, { id: row!.id, expectedRevision: 0, field: 'phone', value: '13700000001' })).toThrow(/已被修改/);
    const detail = await call('registry.get', { id: row!.id });
    expect(detail).toMatchObject({ ok: true, value: { history: [{ actor: '测试录入员', changes: [{ field: '手机号', before: '139****0001', after: '137****0000' }] }, { kind: 'subject.recorded' }] } });
    expect(JSON.stringify(detail)).not.toContain('13700000000');
    // the drawer names the person, not the login
    createAccount(core.ledger, core.actor, { username: 'luru', displayName: '李录入', roles: ['clerk'], password: 'luru12345' });
    updateSubjectField(core.ledger, principalOf(core.db, 'luru')!, { id: row!.id, expectedRevision: 1, field: 'phone', value: '13700000002' });
    expect(await call('registry.get', { id: row!.id })).toMatchObject({ ok: true, value: { history: [{ actor: '李录入' }, {}, {}] } });
  });
});

describe('query plans of the heavy grid queries', () => {
  it('reads a whole list in one scan without a temporary sort, and finds a key by index', async () => {
    const { LIST_QUERY } = await import('./repository');
    const plan = (sql: string, ...params: unknown[]) => (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    expect(plan(LIST_QUERY, 'trainees', -1)).toEqual(['SCAN subject']);
    expect(plan('SELECT id, fields FROM subject WHERE list = ? AND key = ?', 'trainees', 'k')).toEqual(['SEARCH subject USING INDEX subject_list_key (list=? AND key=?)']);
    expect(plan("SELECT seq FROM journal WHERE entity = ? AND entity GLOB 'subject:*' ORDER BY seq DESC", 'subject:x')[0]).toMatch(/USING (COVERING )?INDEX journal_subject_entity/);
  });
});

describe('yearly facts entered by hand', () => {
  it('are checked like an import, journaled, and shown in the history', async () => {
    await importList(core.ledger, core.actor, 'enterprises', { fileName: 'e.xlsx', bytes: await xlsxOf([{ name: 'e', rows: [['企业名称', '统一社会信用代码', '乡镇'], ['淮南好网货', '91110000600037341L', '寿春镇']] }]) }, true);
    const [row] = listSubjects(core.db, 'enterprises');
    const set = (values: Record<string, string>, revision = 0) => call('registry.setFacts', { id: row!.id, expectedRevision: revision, year: 2019, values });
    expect(await set({ ruralOnlineSales: '-5' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('不能为负数') } });
    expect(await set({ notAFact: '5' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await set({ ruralOnlineSales: '12,000,000.50' })).toMatchObject({ ok: true, value: { facts: { 2019: { ruralOnlineSales: 1200000050 } } } });
    const detail = await call('registry.get', { id: row!.id });
    expect(detail).toMatchObject({ ok: true, value: { history: [{ changes: [{ field: '2019年农村产品上行年网络销售额（元）', after: '12000000.50' }] }, {}] } });
  });
});

describe('the import response and the rejects download', () => {
  it('show no full ID or phone number; the rejects file keeps them, is handed out on request, and each hand-out is journaled', async () => {
    const goodId = idNumber('340422', '19850215', 1);
    const rows = [TRAINEE_HEADERS, traineeRow(1, { 手机号: '13912345678' }), traineeRow(2, { 手机号: '13987654321', 培训日期: '2019-02-30' }), traineeRow(3, { 身份证号: `${idNumber('340422', '19850415', 3).slice(0, 17)}0` })];
    const bytes = await xlsxOf([{ name: '学员', rows }]);
    const input = { list: 'trainees' as const, fileName: '学员.xlsx', contentBase64: Buffer.from(bytes).toString('base64') };
    const before = core.ledger.count();
    const preview = await call('registry.import', { ...input, commit: false });
    expect(preview).toMatchObject({ ok: true, value: { new: 1, rejects: { fileName: '培训学员-未导入的行.xlsx', rows: 2 } } });
    const shown = JSON.stringify(preview);
    for (const secret of [goodId, idNumber('340422', '19850315', 2), idNumber('340422', '19850415', 3).slice(0, 17), '13912345678', '13987654321']) expect(shown).not.toContain(secret);
    expect(core.ledger.count()).toBe(before); // a preview writes nothing

    const download = await call('registry.rejects', input);
    if (!download.ok) throw new Error(download.error.message);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from((download.value as { contentBase64: string }).contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(2).getCell(3).value).toBe(idNumber('340422', '19850315', 2)); // the clerk's own upload, in full
    const [entry] = core.ledger.recent(1);
    expect(entry).toMatchObject({ kind: 'registry.rejectsExported', actor: '测试管理员', payload: { list: 'trainees', fileName: '学员.xlsx', rows: 2 } });
    const pasted = await call('registry.rejects', { list: 'trainees', headers: TRAINEE_HEADERS, rows: rows.slice(1).map((r) => r.map(String)) });
    expect(pasted).toMatchObject({ ok: true, value: { fileName: '培训学员-未导入的行.xlsx' } });
    expect(core.ledger.count()).toBe(before + 2);
  });
});
