import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Principal } from '../../../shared/domain/accounts';
import { actor, refusal, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { principalOf } from '../accounts/service';
import { ALL_EVENTS } from '../events';
import { readStoredEvidence } from '../evidence';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { configureInstallRole } from '../policy/service';
import { quarterReport } from '../progress/service';
import { assignments, countyMeasures, countyPlanRow } from './repository';
import { addMeasureEvidence, assignTask, progressByUnit, recordCountyPlan, recordMeasure, removeAssignment } from './service';

// 三、工作要求: each county makes its own detailed plan and gives each task to departments and
// towns; 二(八) and 二(九) get a record of what the county did. All journaled, all in the report.

let core: TempCore;
let clerk: Principal, director: Principal;
const NOW = '2019-12-10T02:00:00.000Z';
beforeEach(() => {
  core = tempCore();
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340422' }); // 寿县
  signIn(core, 'lu', ['clerk']);
  signIn(core, 'pi', ['director']);
  [clerk, director] = ['lu', 'pi'].map((u) => principalOf(core.db, u)!) as [Principal, Principal];
});
afterEach(() => core.dispose());

describe('the county’s detailed plan and who answers for each task', () => {
  it('records the plan with its file, assigns tasks to departments and towns, and shows progress by unit', () => {
    recordCountyPlan(core.ledger, director, core.dataDir, { docNo: '寿政办〔2019〕45号', title: '寿县农村电商优化升级工作实施细则', issuedOn: '2019-09-20', file: { fileName: '细则.pdf', bytes: Buffer.from('细则全文') } });
    const plan = countyPlanRow(core.db)!;
    expect(plan).toMatchObject({ docNo: '寿政办〔2019〕45号', issuedOn: '2019-09-20', fileName: '细则.pdf' });
    expect(readStoredEvidence(core.dataDir, plan.fileSha256!, '细则.pdf').toString()).toBe('细则全文');

    assignTask(core.ledger, clerk, { task: 3, part: '示范村 6 个', unit: '寿春镇人民政府', unitKind: 'town', deadline: '2019-11-30' });
    assignTask(core.ledger, clerk, { task: 3, part: '示范点 10 个', unit: '县商务局', unitKind: 'department' });
    const roads = assignTask(core.ledger, clerk, { task: 14, part: '', unit: '县交通运输局', unitKind: 'department' });
    expect(assignments(core.db).map((a) => [a.task, a.unit])).toEqual([[3, '寿春镇人民政府'], [3, '县商务局'], [14, '县交通运输局']]);

    const units = progressByUnit(core.db, '2019-12-10', '2019Q4', '测试', NOW);
    expect(units.map((u) => u.unit)).toEqual(['县交通运输局', '县商务局', '寿春镇人民政府']); // departments first, then towns
    expect(units[2]!.tasks).toMatchObject([{ no: 3, part: '示范村 6 个', deadline: '2019-11-30', light: 'unreported' }]);
    expect(units[1]!.tasks[0]).toMatchObject({ no: 3, deadline: '2019-12-31' }); // no own deadline: the task's

    removeAssignment(core.ledger, clerk, { id: roads, reason: '改由县交通运输局与邮政分公司共同承担' });
    expect(assignments(core.db)).toHaveLength(2);
    expect(refusal(() => removeAssignment(core.ledger, clerk, { id: roads, reason: '再删' })).message).toBe('找不到该责任分工');
    expect(refusal(() => removeAssignment(core.ledger, clerk, { id: assignments(core.db)[0]!.id, reason: ' ' })).message).toBe('撤销原因：请填写');

    const report = quarterReport({ db: core.db, today: '2019-12-10' }, '2019Q4', '测试', NOW);
    expect(report.plan).toEqual({ docNo: '寿政办〔2019〕45号', title: '寿县农村电商优化升级工作实施细则', issuedOn: '2019-09-20', fileName: '细则.pdf' });
    expect(report.responsibilities).toHaveLength(2);
    expect(compareState(core.db, rebuildFromJournal(core.ledger, ALL_EVENTS))).toEqual([]);
  });

  it('refuses a task that is not the county’s, an unknown task, a bad date and an empty unit, writing nothing', () => {
    const before = core.ledger.count();
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340403' }); // 田家庵区: task 4 is 寿县’s and 凤台县’s
    const written = core.ledger.count();
    expect(written).toBe(before + 1);
    expect(refusal(() => assignTask(core.ledger, clerk, { task: 4, part: '', unit: '区商务局', unitKind: 'department' })).message).toBe('第 4 项任务由寿县人民政府、凤台县人民政府牵头，不适用于本县区，无需分解');
    expect(refusal(() => assignTask(core.ledger, clerk, { task: 19, part: '', unit: '区商务局', unitKind: 'department' })).message).toBe('任务分解表中没有第 19 项任务');
    expect(refusal(() => assignTask(core.ledger, clerk, { task: 3, part: '', unit: '区商务局', unitKind: 'department', deadline: '2019-02-30' })).message).toBe('完成时限：“2019-02-30”不是有效日期');
    expect(refusal(() => assignTask(core.ledger, clerk, { task: 3, part: '', unit: '  ', unitKind: 'department' })).message).toBe('责任单位：请填写');
    expect(refusal(() => recordCountyPlan(core.ledger, director, core.dataDir, { docNo: '', title: 'x', issuedOn: '2019-09-20' })).message).toBe('文号：请填写');
    expect(core.ledger.count()).toBe(written);
  });
});

describe('二(八) and 二(九): what the county did', () => {
  it('records a measure with its amount in fen and its evidence; a bad amount names the field', () => {
    const id = recordMeasure(core.ledger, clerk, { kind: 'public-service', title: '购买县级电商公共服务中心运营服务', docNo: 'SXCG-2019-018', date: '2019-10-08', amount: '385,000.50' });
    recordMeasure(core.ledger, clerk, { kind: 'talent', title: '返乡青年电商创业培训', docNo: '寿人社〔2019〕9号', date: '2019-11-02' });
    addMeasureEvidence(core.ledger, clerk, core.dataDir, { measureId: id, file: { fileName: '合同.pdf', bytes: Buffer.from('合同') } });
    expect(countyMeasures(core.db)).toMatchObject([
      { id, kind: 'public-service', amountFen: 38_500_050, evidence: [{ fileName: '合同.pdf', size: 6 }] },
      { kind: 'talent', amountFen: null, evidence: [] },
    ]);
    expect(refusal(() => recordMeasure(core.ledger, clerk, { kind: 'talent', title: 'x', docNo: 'y', date: '2019-11-02', amount: '三万' })).message).toMatch(/^金额：/);
    expect(refusal(() => addMeasureEvidence(core.ledger, clerk, core.dataDir, { measureId: 'M-none', file: { fileName: 'a.pdf', bytes: Buffer.from('a') } })).message).toBe('找不到该事项');
    const report = quarterReport({ db: core.db, today: '2019-12-10' }, '2019Q4', '测试', NOW);
    expect(report.measures).toHaveLength(2);
    expect(compareState(core.db, rebuildFromJournal(core.ledger, ALL_EVENTS))).toEqual([]);
  });
});
