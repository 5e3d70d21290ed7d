import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { actor, callerFor, signIn, tempCore, type TempCore } from '../../test/helpers/core';
import { openCore } from './core';
import { handlers } from './handlers';
import { DEFAULT_POLICY_DIR } from './paths';
import { configureInstallRole } from './policy/service';

let core: TempCore;
let call: ReturnType<typeof callerFor>;
beforeEach(() => {
  core = tempCore();
  call = callerFor(core, signIn(core));
});
afterEach(() => core.dispose());

const journalCount = () => core.ledger.count();
/** Makes this a county install (凤台县), as progress needs; returns the journal's length after. */
const countyInstall = () => {
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340421' });
  return journalCount();
};

describe('contract handlers through dispatch', () => {
  it('has exactly one handler per contract method', async () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('lists the 18 tasks and 8 counties from the seeded ledger', async () => {
    const tasks = await call('tasks.list', {});
    expect(tasks.ok).toBe(true);
    if (!tasks.ok) return;
    const list = tasks.value as { no: number; deadline: string; status: string }[];
    expect(list.map((t) => t.no)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    const deadlines = Object.fromEntries(list.map((t) => [t.no, t.deadline]));
    expect(deadlines).toMatchObject({ 10: '2019-07-31', 12: '2019-10-31', 17: '2019-07-31', 18: '2020-03-31', 1: '2019-12-31' });
    expect(list.every((t) => t.status === '未开始')).toBe(true);
    const counties = await call('counties.list', {});
    expect(counties.ok && (counties.value as unknown[]).length).toBe(8);
    const info = await call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { tasks: 18, counties: 8, journalEntries: 29, policy: { docNo: '淮府办秘〔2019〕55号' } } });
  });

  it('saves a quarter’s progress text as a journal entry and bumps the revision', async () => {
    const county = countyInstall();
    const result = await call('progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '示范村已认定 2 个' });
    expect(result).toMatchObject({ ok: true, value: { no: 3, narrative: '示范村已认定 2 个', problems: '', revision: 1 } });
    expect(journalCount()).toBe(county + 1);
    // the same values again: nothing to record
    const same = await call('progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 1, narrative: '示范村已认定 2 个' });
    expect(same).toMatchObject({ ok: true, value: { revision: 1 } });
    expect(journalCount()).toBe(county + 1);
  });

  it.each([
    ['a quarter badly written', { quarter: '2019-4', task: 3, expectedRevision: 0, narrative: 'x' }, '季度：季度格式应为 2019Q4'],
    ['a narrative too long', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '字'.repeat(2001) }, '进展情况：不能超过 2000 个字'],
    ['a task number as text', { quarter: '2019Q4', task: '3', expectedRevision: 0, narrative: 'x' }, '任务序号：应为数字'],
    ['a missing revision', { quarter: '2019Q4', task: 3, narrative: 'x' }, '版本号：必填，不能为空'],
    ['an unknown field', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: 'x', amount: 1 }, '不认识的字段：amount'],
    ['nothing to change', { quarter: '2019Q4', task: 3, expectedRevision: 0 }, '没有要保存的修改'],
  ])('refuses %s with a Chinese message naming the field, and writes nothing', async (_name, input, message) => {
    const county = countyInstall();
    const result = await call('progress.saveText', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.message).toContain(message);
    expect(journalCount()).toBe(county);
  });

  it('refuses a stale revision, an unknown task, a quarter outside the plan, and progress before the county is set', async () => {
    expect(await call('progress.saveText', { quarter: '2019Q4', task: 4, expectedRevision: 0, narrative: '已申报' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const county = countyInstall();
    await call('progress.saveText', { quarter: '2019Q4', task: 4, expectedRevision: 0, narrative: '已申报' });
    expect(await call('progress.saveText', { quarter: '2019Q4', task: 4, expectedRevision: 0, problems: '旧版本上的修改' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await call('progress.saveText', { quarter: '2019Q4', task: 19, expectedRevision: 0, narrative: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '任务分解表中没有第 19 项任务' },
    });
    expect(await call('progress.saveText', { quarter: '2019Q1', task: 1, expectedRevision: 0, narrative: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('2019年第一季度不在方案的报告期内（2019年第三季度至') },
    });
    expect(journalCount()).toBe(county + 1);
  });

  it('answers an unknown method and a thrown bug with envelopes, never an exception', async () => {
    expect(await call('tasks.delete', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await call(42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    core.db.exec('DROP TABLE county');
    const logged: string[] = [];
    const result = await call('counties.list', {}, (m) => logged.push(m));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('操作未保存') } });
    expect(logged).toHaveLength(1);
  });

  it('verifies the ledger and pages through recent entries', async () => {
    expect(await call('ledger.verify', {})).toMatchObject({ ok: true, value: { ok: true, entries: 29, headSeq: 29 } });
    const page = await call('ledger.recent', { limit: 5, beforeSeq: 10 });
    expect(page.ok && (page.value as { seq: number }[]).map((e) => e.seq)).toEqual([9, 8, 7, 6, 5]);
    // payloads (personal data, whole packs) stay in the core
    expect(page.ok && (page.value as object[]).every((e) => !('payload' in e))).toBe(true);
    expect(await call('ledger.recent', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps edits across a restart', async () => {
    countyInstall();
    await call('progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '重启后仍在' });
    const entries = journalCount();
    core.close();
    const reopened = tempCoreAt(core.dbPath);
    try {
      const view = await callerFor(reopened, signIn(reopened))('progress.get', { quarter: '2019Q4' });
      expect(view.ok && (view.value as { tasks: { narrative: string }[] }).tasks[2]?.narrative).toBe('重启后仍在');
      expect(reopened.ledger.count()).toBe(entries); // not seeded twice
    } finally {
      reopened.close();
    }
  });
});

function tempCoreAt(dbPath: string) {
  return openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' });
}
