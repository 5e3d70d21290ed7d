import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, callerFor, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { createAccount, principalOf } from '../accounts/service';
import { setBudget } from '../claims/payments';
import { claimRow } from '../claims/repository';
import { createClaim } from '../claims/service';
import { configureInstallRole, saveRuleSetting } from '../policy/service';
import { saveText } from '../progress/service';
import { importList } from '../registry/service';

// 账本 through the contract reads as the office speaks: 李录入, not lu; 申报编号 and 主体名称,
// 任务号 and rule titles, not internal ids.

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

describe('the journal as a clerk reads it', () => {
  it('names people and objects', async () => {
    const admin = signIn(core, 'guan', ['admin']);
    configureInstallRole(core.ledger, actor('guan'), { role: 'county', county: '340422' });
    createAccount(core.ledger, actor('guan'), { username: 'lu', displayName: '李录入', roles: ['clerk', 'director'], password: 'luru12345' });
    const lu = principalOf(core.db, 'lu')!;
    const headers = ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '银行账号', '年度', '农产品上行年网络销售额（元）'];
    await importList(core.ledger, lu, 'service-points', { fileName: 'p.xlsx', table: { sheet: 's', headerRow: 0, headers, rows: [{ rowNumber: 2, cells: ['安丰网点', '安丰镇', '花园村', '张三', '否', '', '2019', '80000'] }] } }, true);
    const subjectId = (core.db.prepare("SELECT id FROM subject WHERE list = 'service-points'").get() as { id: string }).id;
    const claimId = createClaim(core.ledger, lu, { rule: 'service-point-sales', subjectId, year: 2019 });
    saveRuleSetting(core.ledger, lu, { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 1000 });
    setBudget(core.ledger, lu, { year: 2019, docNo: '淮商〔2019〕88号', base: '1000000' });
    saveText(core.ledger, lu, '2019-12-10', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '已认定' });

    const result = await callerFor(core, admin)('ledger.recent', { limit: 50 });
    if (!result.ok) throw new Error(result.error.message);
    const entries = result.value as { actor: string; actorName: string; kind: string; entity: string; entityLabel: string }[];
    const of = (kind: string) => entries.find((e) => e.kind === kind)!;
    expect(of('claim.created')).toMatchObject({ actor: 'lu', actorName: '李录入', entityLabel: `申报 ${claimRow(core.db, claimId)!.no}（安丰网点）` });
    expect(of('claim.created').entityLabel).not.toContain(claimId);
    expect(of('account.created')).toMatchObject({ actorName: 'guan', entityLabel: '用户 李录入' });
    expect(of('subject.recorded').entityLabel).toBe('电商服务网点：安丰网点');
    expect(of('rule.setting').entityLabel).toMatch(/^规则「.+」$/);
    expect(of('rule.setting').entityLabel).not.toContain('poverty-purchase');
    expect(of('budget.set').entityLabel).toBe('2019年度预算（电子商务发展专项资金）');
    expect(of('progress.text').entityLabel).toBe('2019年第四季度第 3 项任务');
    expect(of('install.configured').entityLabel).toBe('本机所属单位');
  });
});
