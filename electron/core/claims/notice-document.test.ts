import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Principal } from '../../../shared/domain/accounts';
import { actor, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { principalOf } from '../accounts/service';
import { configureInstallRole } from '../policy/service';
import { setReading } from '../readings/service';
import { importList } from '../registry/service';
import { noticeXlsx } from './documents';
import { noticeRow } from './notice-repository';
import { createNotice } from './notices';
import { createClaim, passClaim, submitClaim } from './service';

// The 公示 names the plan by its issuer, title and number as the pack has them, and says which of
// the county's readings decided how often the awards listed may be given.

let core: TempCore;
let clerk: Principal, reviewer: Principal, admin: Principal;
beforeEach(() => {
  core = tempCore();
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340422' });
  for (const [name, roles] of [['lu', ['clerk']], ['shen', ['reviewer']], ['wang', ['admin']]] as const) signIn(core, name, [...roles]);
  [clerk, reviewer, admin] = ['lu', 'shen', 'wang'].map((u) => principalOf(core.db, u)!) as [Principal, Principal, Principal];
});
afterEach(() => core.dispose());

async function footerOf(noticeId: string): Promise<string[]> {
  const { bytes } = await noticeXlsx(core.db, noticeRow(core.db, noticeId)!);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.getWorksheet('公示名单')!.eachRow((row) => texts.push(row.getCell(1).text));
  return texts.slice(texts.findIndex((t) => t.startsWith('公示期：')) + 1);
}

describe('the 公示 document', () => {
  it('cites the plan as the pack has it and the frequency reading behind its awards, confirmed or not', async () => {
    const table = { sheet: 's', headerRow: 0, headers: ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '年度', '农产品上行年网络销售额（元）'], rows: [{ rowNumber: 2, cells: ['网点一', '寿春镇', '村一', '甲', '否', '2019', '80000'] }] };
    expect((await importList(core.ledger, actor('测试'), 'service-points', { fileName: 's.xlsx', table }, true)).errors).toEqual([]);
    const subjectId = (core.db.prepare("SELECT id FROM subject WHERE list = 'service-points'").get() as { id: string }).id;
    const id = createClaim(core.ledger, clerk, { rule: 'service-point-sales', subjectId, year: 2019 });
    submitClaim(core.ledger, clerk, id);
    passClaim(core.ledger, reviewer, { id, acknowledgement: '已核对' });
    const notice = createNotice(core.ledger, reviewer, { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局 0554-1234567' });

    const footer = await footerOf(notice);
    expect(footer[0]).toBe('根据淮南市人民政府办公室《农村电商优化升级工作实施方案》（淮府办秘〔2019〕55号），现将上述拟奖补对象予以公示。公示期为2019年11月20日至2019年11月26日。');
    expect(footer[1]).toBe('「网点农产品上行销售奖励」的频次：本县解读：每年一次（默认，本县尚未确认）。');
    expect(footer.filter((f) => f.includes('的频次'))).toHaveLength(1); // only the rules this notice lists

    setReading(core.ledger, admin, { id: 'frequency:service-point-sales', value: 'annual', note: '局长办公会确定' });
    expect((await footerOf(notice))[1]).toBe('「网点农产品上行销售奖励」的频次：本县解读：每年一次（wang 2019年9月1日确认）。') // the journal's clock in tests;
  });
});
