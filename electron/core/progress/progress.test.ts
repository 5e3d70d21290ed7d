import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DashboardView, IndicatorResult, QuarterView, TaskQuarter } from '../../../shared/domain/progress';
import { actor, callerFor, refusal, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { idNumber, uscc } from '../../../test/helpers/sheets';
import { principalOf } from '../accounts/service';
import { claimRow } from '../claims/repository';
import { approveClaim, createClaim, passClaim, submitClaim } from '../claims/service';
import { ALL_EVENTS } from '../events';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { configureInstallRole } from '../policy/service';
import { importList } from '../registry/service';
import { generateQuarterReport } from './generate';
import { measureActual } from './measures';
import { addProgressEvidence, closeQuarter, enterValue, quarterReport, quarterView, reopenQuarter, saveText, setBaseline, setTarget } from './service';
import { countyReadings, setReading } from '../readings/service';
import { type Principal } from '../../../shared/domain/accounts';
import { createNotice, endNotice } from '../claims/notices';
import { recordPayments, setBudget } from '../claims/payments';

// Quarterly progress on a real ledger: each computed indicator from registry rows and claims the
// test writes, entered values and local targets, the lights at their boundaries, and closing and
// reopening a quarter.

let core: TempCore;
let clerk: Principal, reviewer: Principal, director: Principal;
let now = Date.parse('2020-01-10T02:00:00Z');

beforeEach(() => {
  core = tempCore();
  Object.assign(core, { sessions: new (core.sessions.constructor as new (now: () => number) => typeof core.sessions)(() => now) });
  now = Date.parse('2020-01-10T02:00:00Z');
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340422' }); // 寿县: 6 villages, 10 points, 2 towns
  for (const [name, roles] of [
    ['lu', ['clerk']],
    ['shen', ['reviewer']],
    ['pi', ['director']],
  ] as const) signIn(core, name, [...roles]);
  [clerk, reviewer, director] = ['lu', 'shen', 'pi'].map((u) => principalOf(core.db, u)!) as [Principal, Principal, Principal];
});
afterEach(() => core.dispose());

const today = () => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
const view = (quarter: string): QuarterView => quarterView({ db: core.db, today: today() }, quarter, '测试', new Date(now).toISOString());
const task = (quarter: string, no: number): TaskQuarter => view(quarter).tasks.find((t) => t.no === no)!;
const indicator = (quarter: string, id: string): IndicatorResult => view(quarter).tasks.flatMap((t) => t.indicators).find((i) => i.id === id)!;

async function load(list: Parameters<typeof importList>[2], headers: string[], rows: unknown[][]): Promise<void> {
  const report = await importList(
    core.ledger,
    actor('测试'),
    list,
    { fileName: `${list}.xlsx`, table: { sheet: 's', headerRow: 0, headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells: cells.map((c) => (c === null ? '' : String(c))) })) } },
    true,
  );
  expect(report.errors).toEqual([]);
}

describe('computed indicators', () => {
  it('3 designated demo villages → task 3 demo-villages actual 3; towns and points likewise', async () => {
    await load('demo-divisions', ['名称', '级别', '乡镇', '认定日期'], [
      ['华宇村', '示范村', '寿春镇', '2019-10-08'],
      ['八公山村', '示范村', '八公山乡', '2019-11-20'],
      ['保义村', '示范村', '保义镇', null],
      ['隐贤村', '示范村', '隐贤镇', '2020-02-01'], // after 2019Q4
      ['寿春镇', '示范镇', '寿春镇', '2019-12-01'],
    ]);
    await load('service-points', ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '是否示范点', '示范点认定日期'], [
      ['华宇村服务站', '寿春镇', '华宇村', '张三', '否', '是', '2019-09-10'],
      ['保义服务站', '保义镇', '保义村', '李四', '是', '否', null],
    ]);
    const villages = indicator('2019Q4', 'demo-villages');
    expect(villages).toMatchObject({ actual: 3, target: 6, source: 'computed' });
    expect(villages.actualBasis).toContain('其中 1 个未填认定日期，按已认定计入');
    expect(indicator('2020Q1', 'demo-villages').actual).toBe(3); // read on 10 January 2020
    now = Date.parse('2020-04-10T02:00:00Z');
    // read on 31 March 2020: the deadline was 31 December 2019, so the February village is shown beside, not counted
    expect(indicator('2020Q1', 'demo-villages')).toMatchObject({ actual: 3, after: 1, light: 'overdue' });
    expect(indicator('2019Q4', 'demo-towns')).toMatchObject({ actual: 1, target: 2 });
    expect(indicator('2019Q4', 'demo-points')).toMatchObject({ actual: 1, target: 10 });
    // 2019Q3 (read on 30 September) sees neither the October nor the November village
    expect(indicator('2019Q3', 'demo-villages').actual).toBe(1);
  });

  it('new e-commerce businesses count only those established in the year, by the day read', async () => {
    await load('enterprises', ['企业名称', '统一社会信用代码', '成立日期', '乡镇'], [
      ['甲电商有限公司', uscc(1), '2019-03-01', '寿春镇'],
      ['乙电商有限公司', uscc(2), '2019-11-11', '寿春镇'],
      ['丙电商有限公司', uscc(3), '2018-12-31', '寿春镇'],
      ['丁电商有限公司', uscc(4), null, '寿春镇'],
    ]);
    await load('cooperatives', ['名称', '统一社会信用代码', '类型', '成立日期', '乡镇'], [['戊合作社', uscc(5), '专业合作社', '2019-06-30', '保义镇']]);
    const q4 = indicator('2019Q4', 'new-entities');
    expect(q4.actual).toBe(3);
    expect(q4.actualBasis).toContain('另有 1 个未填成立日期，未计入');
    expect(indicator('2019Q3', 'new-entities').actual).toBe(2);
    expect(q4.target).toBe(100); // 寿县: 常住人口 80 万以上
  });

  it('enterprises and brands count only when their year’s sales are over the threshold (超: not the number itself)', async () => {
    await load('enterprises', ['企业名称', '统一社会信用代码', '乡镇', '年度', '农村产品上行年网络销售额（元）'], [
      ['恰好一千万公司', uscc(11), '寿春镇', '2019', '10000000'],
      ['超过一分公司', uscc(12), '寿春镇', '2019', '10000000.01'],
      ['上年超过公司', uscc(13), '寿春镇', '2018', '20000000'],
    ]);
    await load('brands', ['品牌名称', '所属企业', '所属企业统一社会信用代码', '乡镇', '年度', '品牌农村产品上行年网络销售额（元）'], [
      ['寿州香草', '超过一分公司', uscc(12), '寿春镇', '2019', '1000000.01'],
      ['八公山豆腐', '超过一分公司', uscc(12), '寿春镇', '2019', '1000000'],
    ]);
    expect(indicator('2019Q4', 'enterprises-10m')).toMatchObject({ actual: 1, target: 2 });
    expect(indicator('2019Q4', 'brands-1m')).toMatchObject({ actual: 1, target: 2 });
    expect(indicator('2019Q4', 'enterprises-10m').actualBasis).toContain('超过 10,000,000.00 元（不含本数）的共 1 个');
  });

  it('certified trainees and purchases from poor households, within the year up to the day read', async () => {
    const headers = ['姓名', '身份证号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇'];
    await load('trainees', headers, [
      ['学员一', idNumber('340422', '19850101', 1), '直播营销', '2019-09-20', '是', '是', '寿春镇'],
      ['学员二', idNumber('340422', '19850101', 2), '直播营销', '2019-10-20', '是', '是', '寿春镇'],
      ['学员三', idNumber('340422', '19850101', 3), '直播营销', '2019-10-20', '否', '是', '寿春镇'],
      ['学员四', idNumber('340422', '19850101', 4), '网店美工', '2019-10-20', '是', '否', '寿春镇'],
    ]);
    // task 10 is led by 市人社局: the county's trainees are counted for the record, never judged
    expect(indicator('2019Q3', 'certified-trainees')).toMatchObject({ actual: 1, counts: false, light: 'not-applicable' });
    expect(indicator('2019Q4', 'certified-trainees')).toMatchObject({ actual: 2, counts: false });
    expect(task('2019Q4', 10)).toMatchObject({ light: 'city-led', part: 'city' });
    await load('poverty-purchases', ['收购主体', '收购主体统一社会信用代码', '收购日期', '贫困户或贫困村', '乡镇', '收购金额（元）', '凭证号'], [
      ['甲电商有限公司', uscc(1), '2019-09-05', '王某', '寿春镇', '1200.50', 'SG-1'],
      ['甲电商有限公司', uscc(1), '2019-12-05', '赵某', '寿春镇', '800', 'SG-2'],
      ['甲电商有限公司', uscc(1), '2020-01-05', '钱某', '寿春镇', '99', 'SG-3'],
    ]);
    expect(indicator('2019Q3', 'poverty-purchase-amount')).toMatchObject({ actual: 120050, unit: '元', light: 'not-applicable', counts: false });
    expect(indicator('2019Q4', 'poverty-purchase-amount').actual).toBe(200050);
  });

  it('subsidy committed and paid come from approved and paid claims, against the year’s budget', async () => {
    now = Date.parse('2019-12-10T02:00:00Z');
    await load('service-points', ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '年度', '农产品上行年网络销售额（元）'], [
      ['网点一', '寿春镇', '村一', '甲', '否', '2019', '80000'],
      ['网点二', '寿春镇', '村二', '乙', '否', '2019', '80000'],
    ]);
    const ids = (core.db.prepare("SELECT id FROM subject WHERE list = 'service-points' ORDER BY rowid").all() as { id: string }[]).map((r) => r.id);
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '1000000' });
    const claims = ids.map((subjectId) => createClaim(core.ledger, clerk, { rule: 'service-point-sales', subjectId, year: 2019 }));
    for (const id of claims) {
      submitClaim(core.ledger, clerk, id);
      passClaim(core.ledger, reviewer, { id, acknowledgement: '已核对' });
    }
    const notice = createNotice(core.ledger, reviewer, { claimIds: claims, startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' });
    endNotice(core.ledger, reviewer, notice, '2019-12-10');
    for (const id of claims) approveClaim(core.ledger, director, id);
    const amount = claimRow(core.db, claims[0]!)!.amount_fen!;
    recordPayments(core.ledger, director, [{ claimNo: claimRow(core.db, claims[0]!)!.no, voucherNo: 'PZ1', paidOn: '2019-12-09', amount: String(amount / 100) }], '手工登记', '2019-12-10');
    now = Date.parse('2020-01-10T02:00:00Z');
    // task 17 (资金保障) is the city's: the county's report carries its subsidies per fund, not a light
    expect(task('2019Q4', 17)).toMatchObject({ light: 'city-led', indicators: [] });
    const report = quarterReport({ db: core.db, today: today() }, '2019Q4', '测试', new Date(now).toISOString());
    expect(report.subsidies!.funds).toEqual([
      { fund: 'commerce', label: '电子商务发展专项资金', docNo: '淮商〔2019〕88号', budgetFen: 100_000_000 + 20_000_000, committedFen: 2 * amount, paidFen: amount }, // 寿县 is a poverty county: +20%
      { fund: 'employment', label: '就业补助资金', docNo: null, budgetFen: null, committedFen: 0, paidFen: 0 },
    ]);
    // as of the end of the third quarter nothing had been approved or paid
    // the journal's clock put the approvals on 1 September 2019; the payment was made on 9 December
    expect(quarterReport({ db: core.db, today: today() }, '2019Q3', '测试', new Date(now).toISOString()).subsidies!.funds[0]).toMatchObject({ committedFen: 2 * amount, paidFen: 0 });
    const readings = countyReadings(core.db);
    expect(measureActual(core.db, { type: 'claims', rules: ['service-point-sales'], value: 'count' }, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-12-31', year: 2019, planIssued: '2019-08-30' }, readings).value).toBe(2);
    expect(measureActual(core.db, { type: 'claims', rules: ['training-subsidy'], value: 'count' }, { from: '2019-01-01', to: '2019-12-31', asOf: '2019-12-31', year: 2019, planIssued: '2019-08-30' }, readings).value).toBe(0);
  });
});

describe('the dashboard’s money', () => {
  it('counts every fund: a rule paid from 就业补助资金 shows in the months and in its own fund’s figures', async () => {
    now = Date.parse('2019-12-10T02:00:00Z');
    await load('service-points', ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '年度', '农产品上行年网络销售额（元）'], [
      ['网点一', '寿春镇', '村一', '甲', '否', '2019', '80000'],
      ['网点二', '寿春镇', '村二', '乙', '否', '2019', '80000'],
    ]);
    const ids = (core.db.prepare("SELECT id FROM subject WHERE list = 'service-points' ORDER BY rowid").all() as { id: string }[]).map((r) => r.id);
    setReading(core.ledger, director, { id: 'fund:service-point-sales', value: 'employment' });
    setBudget(core.ledger, director, { year: 2019, fund: 'employment', docNo: '寿人社〔2019〕12号', base: '300000' });
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '1000000' });
    const claims = ids.map((subjectId) => createClaim(core.ledger, clerk, { rule: 'service-point-sales', subjectId, year: 2019 }));
    for (const id of claims) {
      submitClaim(core.ledger, clerk, id);
      passClaim(core.ledger, reviewer, { id, acknowledgement: '已核对' });
    }
    endNotice(core.ledger, reviewer, createNotice(core.ledger, reviewer, { claimIds: claims, startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' }), '2019-12-10');
    for (const id of claims) approveClaim(core.ledger, director, id);
    const amount = claimRow(core.db, claims[0]!)!.amount_fen!;
    recordPayments(core.ledger, director, [{ claimNo: claimRow(core.db, claims[0]!)!.no, voucherNo: 'PZ1', paidOn: '2019-12-09', amount: String(amount / 100) }], '手工登记', '2019-12-10');

    const dashboard = await callerFor(core, signIn(core, 'pi', ['director']))('progress.dashboard', { quarter: '2019Q4' });
    expect(dashboard.ok).toBe(true);
    if (!dashboard.ok) return;
    const view = dashboard.value as DashboardView;
    expect(view.months.reduce((s, m) => s + m.committedFen, 0)).toBe(2 * amount);
    expect(view.months.find((m) => m.month === 12)!.paidFen).toBe(amount);
    expect(view.funds).toEqual([
      { fund: 'commerce', label: '电子商务发展专项资金', docNo: '淮商〔2019〕88号', budgetFen: 120_000_000, committedFen: 0, paidFen: 0 }, // 寿县: +20%
      { fund: 'employment', label: '就业补助资金', docNo: '寿人社〔2019〕12号', budgetFen: 30_000_000, committedFen: 2 * amount, paidFen: amount },
    ]);
    expect(view.budgetFen).toBe(150_000_000);
  });
});

describe('status lights through the core', () => {
  it('a demo-village target is 滞后 on the deadline day, 逾期 the day after, 已完成 exactly at target', async () => {
    const villages = (n: number, from: number) => Array.from({ length: n }, (_, i) => [`示范村${from + i}`, '示范村', '寿春镇', '2019-10-01']);
    await load('demo-divisions', ['名称', '级别', '乡镇', '认定日期'], villages(5, 1));
    await load('service-points', ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '是否示范点', '示范点认定日期'], [['华宇村服务站', '寿春镇', '华宇村', '张三', '否', '是', '2019-09-10']]);
    now = Date.parse('2019-12-31T02:00:00Z'); // the deadline, China time
    expect(task('2019Q4', 3).indicators.find((i) => i.id === 'demo-villages')).toMatchObject({ actual: 5, light: 'behind' });
    now = Date.parse('2020-01-01T02:00:00Z');
    const overdue = task('2020Q1', 3).indicators.find((i) => i.id === 'demo-villages')!;
    expect(overdue.light).toBe('overdue');
    expect(overdue.reason).toBe('时限 2019年12月31日 已过，实际 5 个，未达到目标 6 个');
    await load('demo-divisions', ['名称', '级别', '乡镇', '认定日期'], villages(1, 6));
    expect(task('2020Q1', 3).indicators.find((i) => i.id === 'demo-villages')!.light).toBe('done');
    // the task shows its worst indicator: demo points are still short
    expect(task('2020Q1', 3)).toMatchObject({ light: 'overdue', reason: expect.stringContaining('电商示范点') });
  });

  it('tasks the plan gives this county no figure for are 不适用; tasks due 2019-07-31 are 逾期 from the first quarter', () => {
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340402' }); // 大通区: not in task 4
    expect(task('2019Q4', 4)).toMatchObject({ light: 'not-applicable', indicators: [] });
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340422' });
    // nothing reported is 未填报, before and after the deadline: never read as zero
    expect(task('2019Q4', 4).indicators[0]).toMatchObject({ id: 'demo-county', target: 1, actual: null, light: 'unreported' });
    expect(task('2020Q1', 4).indicators[0]).toMatchObject({ light: 'unreported' });
    now = Date.parse('2020-04-10T02:00:00Z');
    enterValue(core.ledger, clerk, today(), { quarter: '2020Q1', indicator: 'demo-county', value: '0', source: '尚未认定' });
    expect(task('2020Q1', 4).indicators[0]).toMatchObject({ actual: 0, light: 'overdue' });
  });
});

describe('entered values, local targets and evidence', () => {
  it('an entered value carries into later quarters; a bad number names the indicator', () => {
    enterValue(core.ledger, clerk, today(), { quarter: '2019Q3', indicator: 'online-sales-growth', value: '12.5%', source: '县统计局2019年三季度报表' });
    expect(indicator('2019Q3', 'online-sales-growth')).toMatchObject({ actual: 12.5, enteredIn: '2019Q3', actualBasis: '填报：县统计局2019年三季度报表' });
    // a rate without a recorded baseline is judged at its deadline only
    expect(indicator('2019Q4', 'online-sales-growth')).toMatchObject({ actual: 12.5, enteredIn: '2019Q3', light: 'pending' });
    expect(indicator('2019Q4', 'online-sales-growth').actualBasis).toContain('沿用2019年第三季度填报');
    expect(refusal(() => enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'online-sales-growth', value: '三十', source: '估计' })).message).toBe(
      '农村产品网络销售额同比增幅：「三十」不是有效数值，应为不小于 0 的数，最多两位小数',
    );
    expect(refusal(() => enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'demo-villages', value: '3', source: '手填' })).message).toContain('由台账自动统计，不能手工填报');
    expect(refusal(() => enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'demo-county', value: '1.5', source: '文件' })).message).toBe('省级农村电商示范县：个数应为整数');
  });

  it('a local target is set with its source and sets the light', () => {
    enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'rural-roads-km', value: '88.5', source: '县交通运输局12月报表' });
    expect(indicator('2019Q4', 'rural-roads-km')).toMatchObject({ target: null, light: 'no-target' });
    setTarget(core.ledger, clerk, { indicator: 'rural-roads-km', value: '85', source: '淮交〔2019〕12号下达寿县85公里' });
    expect(indicator('2019Q4', 'rural-roads-km')).toMatchObject({ target: 85, actual: 88.5, light: 'done' });
    expect(indicator('2019Q4', 'rural-roads-km').targetBasis).toContain('本县目标 85 公里（淮交〔2019〕12号下达寿县85公里）');
    expect(refusal(() => setTarget(core.ledger, clerk, { indicator: 'demo-villages', value: '1', source: 'x' })).message).toContain('目标由方案规定');
  });

  it('evidence is pinned by SHA-256 and changes what the quarter says', () => {
    const before = view('2019Q4').digest;
    addProgressEvidence(core.ledger, clerk, core.dataDir, today(), { quarter: '2019Q4', task: 3, fileName: '示范村认定文件.pdf', bytes: Buffer.from('认定文件') });
    const evidence = task('2019Q4', 3).evidence;
    expect(evidence).toMatchObject([{ fileName: '示范村认定文件.pdf', size: 12, addedBy: 'lu' }]);
    expect(evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(view('2019Q4').digest).not.toBe(before);
    expect(refusal(() => addProgressEvidence(core.ledger, clerk, core.dataDir, today(), { quarter: '2019Q4', task: 3, fileName: '空.pdf', bytes: Buffer.alloc(0) })).message).toBe('文件「空.pdf」是空文件');
  });
});

describe('closing and reopening a quarter', () => {
  it('closes only an ended quarter whose report was generated on the same data, then refuses edits until reopened', async () => {
    const director_ = { username: director.username, displayName: director.displayName };
    saveText(core.ledger, clerk, today(), { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '寿县已认定示范村 3 个', problems: '示范点认定滞后' });
    now = Date.parse('2019-12-20T02:00:00Z');
    expect(refusal(() => closeQuarter(core.ledger, director, today(), '2019Q4', new Date(now).toISOString())).message).toBe('2019年第四季度尚未结束（至 2019-12-31），结束后才能关闭');
    now = Date.parse('2020-01-10T02:00:00Z');
    expect(refusal(() => closeQuarter(core.ledger, director, today(), '2019Q4', new Date(now).toISOString())).message).toBe('请先生成2019年第四季度的季度报告并核对，再关闭该季度');
    await generateQuarterReport(core, { username: 'lu', displayName: '录入员小陆' }, '2019Q4', 'xlsx');
    saveText(core.ledger, clerk, today(), { quarter: '2019Q4', task: 5, expectedRevision: 0, narrative: '报告后又改了' });
    expect(refusal(() => closeQuarter(core.ledger, director, today(), '2019Q4', new Date(now).toISOString())).message).toContain('在最近一次生成报告后有变动');
    const report = await generateQuarterReport(core, { username: 'lu', displayName: '录入员小陆' }, '2019Q4', 'xlsx');
    closeQuarter(core.ledger, director, today(), '2019Q4', new Date(now).toISOString());

    const closed = view('2019Q4');
    expect(closed).toMatchObject({ state: 'closed', closedBy: 'pi', digest: report.digest });
    // the ledger moves on; the closed quarter's figures do not
    await load('demo-divisions', ['名称', '级别', '乡镇', '认定日期'], [['华宇村', '示范村', '寿春镇', '2019-10-08']]);
    expect(indicator('2019Q4', 'demo-villages').actual).toBeNull(); // closed before any list was loaded: 未填报
    expect(indicator('2020Q1', 'demo-villages').actual).toBe(1);
    // the report is rendered from the frozen snapshot: same bytes however often it is made
    const again = await generateQuarterReport(core, director_, '2019Q4', 'xlsx');
    const third = await generateQuarterReport(core, { username: 'lu', displayName: '别人' }, '2019Q4', 'xlsx');
    expect(Buffer.from(third.bytes).equals(Buffer.from(again.bytes))).toBe(true);

    const locked = refusal(() => saveText(core.ledger, clerk, today(), { quarter: '2019Q4', task: 3, expectedRevision: 1, narrative: '改' }));
    expect(locked).toMatchObject({ code: 'STATE' });
    expect(locked.message).toBe('2019年第四季度已关闭，不能再修改。如需更正，请在2020年第一季度填报，或由审批人说明原因后重新打开该季度');
    expect(refusal(() => enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'online-sales-growth', value: '31', source: '统计局' })).code).toBe('STATE');
    expect(refusal(() => addProgressEvidence(core.ledger, clerk, core.dataDir, today(), { quarter: '2019Q4', task: 3, fileName: 'a.pdf', bytes: Buffer.from('a') })).code).toBe('STATE');
    // a correction goes into the next quarter
    enterValue(core.ledger, clerk, today(), { quarter: '2020Q1', indicator: 'online-sales-growth', value: '31', source: '统计局年报' });

    reopenQuarter(core.ledger, director, '2019Q4', '统计局更正了全年网络销售额');
    const [entry] = core.ledger.recent(1);
    expect(entry).toMatchObject({ kind: 'progress.reopen', actor: 'pi', payload: { quarter: '2019Q4', reason: '统计局更正了全年网络销售额', closedDigest: report.digest } });
    expect(view('2019Q4').state).toBe('open');
    expect(indicator('2019Q4', 'demo-villages').actual).toBe(1); // computed again
    saveText(core.ledger, clerk, today(), { quarter: '2019Q4', task: 3, expectedRevision: 1, narrative: '重新打开后更正' });
    expect(refusal(() => reopenQuarter(core.ledger, director, '2019Q4', '再开')).message).toBe('2019年第四季度未关闭，无需重新打开');

    const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
    expect(compareState(core.db, rebuilt)).toEqual([]);
    rebuilt.close();
  });
});

describe('a fresh ledger reads the plan fairly', () => {
  it('nothing is 逾期 in the plan’s first quarter; the city’s tasks are 市级牵头 and task 4 applies to 寿县 and 凤台县 only', () => {
    now = Date.parse('2019-10-10T02:00:00Z');
    const tasks = view('2019Q3').tasks;
    expect(tasks.filter((t) => t.light === 'overdue')).toEqual([]);
    expect(tasks.filter((t) => t.part === 'city').map((t) => t.no)).toEqual([8, 10, 17, 18]);
    for (const t of tasks.filter((t) => t.part === 'city')) expect(t.light).toBe('city-led');
    // tasks 10 and 17 were due before the plan was issued: the row says how they are read
    expect((tasks.find((t) => t.no === 17)!.notes ?? []).join('')).toContain('早于方案印发日');
    expect(tasks.find((t) => t.no === 4)!.part).toBe('lead');
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340421' }); // 凤台县
    expect(task('2019Q3', 4).part).toBe('lead');
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340403' }); // 田家庵区
    expect(task('2019Q3', 4)).toMatchObject({ part: 'not-applicable', light: 'not-applicable', indicators: [] });
  });

  it('a rate recorded with its baseline climbs from it; the baseline needs its source and is refused for counts', () => {
    now = Date.parse('2019-10-30T02:00:00Z');
    enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'online-sales-growth', value: '12.5', source: '县统计局报表' });
    const before = indicator('2019Q4', 'online-sales-growth');
    expect(before.light).toBe('pending');
    setBaseline(core.ledger, clerk, { indicator: 'online-sales-growth', value: '10', source: '2018年统计公报' });
    const after = indicator('2019Q4', 'online-sales-growth');
    expect(after).toMatchObject({ baseline: 10, kind: 'level' });
    expect(after.actualBasis).toContain('基期值 10%（2018年统计公报）');
    // 61 of the 123 days from issue to deadline: 10 + (30 − 10) × 61/123 = 19.92
    expect(after).toMatchObject({ light: 'behind', reason: '实际 12.5%，自基期值 10% 起按 2019年8月30日 至 2019年12月31日 均衡推进，截至 2019年10月30日 应达到 19.92%（目标 30%）' });
    enterValue(core.ledger, clerk, today(), { quarter: '2019Q4', indicator: 'online-sales-growth', value: '20', source: '县统计局报表' });
    expect(indicator('2019Q4', 'online-sales-growth').light).toBe('on-track');
    expect(refusal(() => setBaseline(core.ledger, clerk, { indicator: 'online-sales-growth', value: '10', source: ' ' })).message).toBe('农村产品网络销售额同比增幅基期值：请写明数据来源');
    expect(refusal(() => setBaseline(core.ledger, clerk, { indicator: 'demo-villages', value: '1', source: 'x' })).message).toContain('计数类指标，从零起算');
  });
});

describe('the quarter pages open on', () => {
  it('is the current quarter on a fresh ledger, then the latest quarter with entries, never an empty later one', async () => {
    now = Date.parse('2020-07-10T02:00:00Z'); // current: 2020Q3
    const call = callerFor(core, core.sessions.open('lu'));
    const opening = async () => {
      const result = await call('progress.quarters', {});
      if (!result.ok) throw new Error(result.error.message);
      return (result.value as { quarter: string; opening: boolean; current: boolean }[]).filter((q) => q.opening).map((q) => q.quarter);
    };
    expect(await opening()).toEqual(['2020Q3']);
    saveText(core.ledger, clerk, today(), { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '已认定示范村 3 个' });
    expect(await opening()).toEqual(['2019Q4']);
    const dashboard = await call('progress.dashboard', {});
    expect(dashboard).toMatchObject({ ok: true, value: { quarter: '2019Q4' } });
    enterValue(core.ledger, clerk, today(), { quarter: '2020Q1', indicator: 'online-sales-growth', value: '12.5%', source: '县统计局报表' });
    expect(await opening()).toEqual(['2020Q1']);
  });
});
