import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Principal } from '../../../shared/domain/accounts';
import { idNumber } from '../../../test/helpers/sheets';
import { actor, refusal, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { principalOf } from '../accounts/service';
import { claimRow } from '../claims/repository';
import { approveClaim, createClaim, passClaim, submitClaim } from '../claims/service';
import { createNotice, endNotice } from '../claims/notices';
import { setBudget } from '../claims/payments';
import { budgetView } from '../claims/reports';
import { ALL_EVENTS } from '../events';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { configureInstallRole, engineFor } from '../policy/service';
import { quarterView } from '../progress/service';
import { importList } from '../registry/service';
import { countyReadings, setReading } from './service';

// Where the plan is silent the county decides: each reading starts at the pack's default, shown as
// not confirmed; the administrator's choice is journaled, and the engine, the budget check and
// the progress counts follow it.

let core: TempCore;
let clerk: Principal, reviewer: Principal, director: Principal, admin: Principal;
beforeEach(() => {
  core = tempCore();
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340421' }); // 凤台县
  for (const [name, roles] of [['lu', ['clerk']], ['shen', ['reviewer']], ['pi', ['director']], ['wang', ['admin']]] as const) signIn(core, name, [...roles]);
  [clerk, reviewer, director, admin] = ['lu', 'shen', 'pi', 'wang'].map((u) => principalOf(core.db, u)!) as [Principal, Principal, Principal, Principal];
});
afterEach(() => core.dispose());

const table = (headers: string[], rows: string[][]) => ({ sheet: 's', headerRow: 0, headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) });

describe('the county’s readings', () => {
  it('start at the pack’s defaults, unconfirmed; a choice is journaled with who and why, and refused outside the options', () => {
    const before = countyReadings(core.db).get('frequency:training-subsidy')!;
    expect(before).toMatchObject({ kind: 'reading', value: 'annual-per-course', valueLabel: '每人每课程每年一次', setBy: null, setAt: null });
    setReading(core.ledger, admin, { id: 'frequency:training-subsidy', value: 'annual', note: '县人社局意见：每人每年一次' });
    expect(countyReadings(core.db).get('frequency:training-subsidy')).toMatchObject({ value: 'annual', setBy: 'wang', note: '县人社局意见：每人每年一次' });
    expect(core.ledger.recent(1)[0]).toMatchObject({ kind: 'reading.set', entity: 'reading:frequency:training-subsidy', payload: { before: null, value: 'annual' } });
    expect(refusal(() => setReading(core.ledger, admin, { id: 'frequency:service-point-sales', value: 'annual-per-course' })).message).toBe('「网点农产品上行销售奖励」的频次：只能选择每年一次；一次性（同一主体不得重复）');
    expect(refusal(() => setReading(core.ledger, admin, { id: 'no-such', value: 'x' })).message).toBe('当前政策包中没有需要本县决定的事项「no-such」');
    expect(compareState(core.db, rebuildFromJournal(core.ledger, ALL_EVENTS))).toEqual([]);
  });

  it('the frequency reading decides a second award, and the trace says whose reading it was', async () => {
    const person = idNumber('340421', '19900101', 1);
    const headers = ['姓名', '身份证号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇'];
    expect((await importList(core.ledger, actor('测试'), 'trainees', { fileName: 't.xlsx', table: table(headers, [['学员', person, '直播营销', '2019-10-20', '是', '是', '城关镇']]) }, true)).errors).toEqual([]);
    const trainee = (core.db.prepare("SELECT id FROM subject WHERE list = 'trainees'").get() as { id: string }).id;
    const facts = (course: string) => ({ certifiedCourse: true, passed: true, course });
    const engine = () => engineFor(core.db);
    const second = { id: 'x', rule: 'training-subsidy', year: 2019, subject: { type: 'trainee', county: '340421' }, facts: facts('网店美工'), previousAwards: [{ rule: 'training-subsidy', year: 2019, course: '直播营销' }] };
    expect(engine().evaluate(second)).toMatchObject({ eligible: true }); // another course, same year: allowed under the default
    setReading(core.ledger, admin, { id: 'frequency:training-subsidy', value: 'annual' });
    const refused = engine().evaluate(second);
    expect(refused).toMatchObject({ eligible: false });
    if (!('error' in refused)) expect(refused.trace[1]!.text).toMatch(/本县解读：每年一次（wang \d{4}年\d{1,2}月\d{1,2}日确认）/);
    expect(trainee).toBeTruthy();
  });

  it('the fund setting decides which budget an approval draws on', async () => {
    const person = idNumber('340421', '19900101', 2);
    const headers = ['姓名', '身份证号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇'];
    expect((await importList(core.ledger, actor('测试'), 'trainees', { fileName: 't.xlsx', table: table(headers, [['学员', person, '直播营销', '2019-10-20', '是', '是', '城关镇']]) }, true)).errors).toEqual([]);
    const trainee = (core.db.prepare("SELECT id FROM subject WHERE list = 'trainees'").get() as { id: string }).id;
    setBudget(core.ledger, director, { year: 2019, docNo: '凤财〔2019〕1号', base: '100000' });
    const id = createClaim(core.ledger, clerk, { rule: 'training-subsidy', subjectId: trainee, year: 2019 });
    submitClaim(core.ledger, clerk, id);
    passClaim(core.ledger, reviewer, { id, acknowledgement: '已核对' });
    endNotice(core.ledger, reviewer, createNotice(core.ledger, reviewer, { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' }), '2019-12-10');
    // by default training is paid from employment money, whose budget is not registered
    expect(refusal(() => approveClaim(core.ledger, director, id)).message).toBe('尚未登记 2019 年度就业补助资金预算（「农村电商培训合格补贴」从该资金列支），不能审批');
    setReading(core.ledger, admin, { id: 'fund:training-subsidy', value: 'commerce', note: '本县培训补贴由商务专项资金列支' });
    approveClaim(core.ledger, director, id);
    expect(claimRow(core.db, id)!.state).toBe('approved');
    expect(budgetView(core.db, 2019, 'commerce')).toMatchObject({ committedFen: 120_000 });
    expect(budgetView(core.db, 2019, 'employment')).toMatchObject({ committedFen: 0, docNo: null });
  });

  it('what counts as 新增 follows the county’s reading, and the task row says which reading is in force', async () => {
    const headers = ['企业名称', '统一社会信用代码', '成立日期', '乡镇'];
    const { uscc } = await import('../../../test/helpers/sheets');
    expect((await importList(core.ledger, actor('测试'), 'enterprises', { fileName: 'e.xlsx', table: table(headers, [['甲公司', uscc(1), '2019-03-01', '城关镇'], ['乙公司', uscc(2), '2019-09-15', '城关镇']]) }, true)).errors).toEqual([]);
    const indicator = () => quarterView({ db: core.db, today: '2019-12-31' }, '2019Q4', '测试', '2019-12-31T02:00:00Z').tasks.find((t) => t.no === 2)!;
    expect(indicator().indicators[0]).toMatchObject({ id: 'new-entities', actual: 2 });
    expect(indicator().notes!.join('')).toContain('默认，本县尚未确认');
    setReading(core.ledger, admin, { id: 'new-entities-from', value: 'plan-issued' });
    expect(indicator().indicators[0]).toMatchObject({ actual: 1 }); // only the one founded after 30 August 2019
    expect(indicator().indicators[0]!.actualBasis).toContain('方案印发之日');
  });
});
