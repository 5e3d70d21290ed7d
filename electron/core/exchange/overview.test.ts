import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, signIn, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { idNumber } from '../../../test/helpers/sheets';
import { principalOf } from '../accounts/service';
import { claimRow } from '../claims/repository';
import { approveClaim, createClaim, passClaim, submitClaim } from '../claims/service';
import { configureInstallRole } from '../policy/service';
import { generateQuarterReport } from '../progress/generate';
import { closeQuarter, quarterReport } from '../progress/service';
import { importList } from '../registry/service';
import { importBundle, registerCountyKey } from './city';
import { exportBundle } from './export';
import { currentPublicKey, installSigner, passphraseProtector } from './keys';
import { cityOverview } from './overview';
import { evaluationDocument } from './evaluation';
import ExcelJS from 'exceljs';
import { LIGHT_LABELS } from '../../../shared/domain/progress';
import { type Principal } from '../../../shared/domain/accounts';
import { createNotice, endNotice } from '../claims/notices';
import { recordPayments, setBudget } from '../claims/payments';

// The city's overview is the sum of what the counties reported: each county's lights as its own
// report has them, the city targets against the counties' actuals added up, subsidies, and a
// person paid in two counties found by the keyed hash of the ID number alone.

const NOW = Date.parse('2020-01-10T02:00:00Z');
const SAME_PERSON = idNumber('340422', '19850101', 7);
type County = { core: TempCore; clerk: Principal; reviewer: Principal; director: Principal };
let counties: Record<string, County>;
let city: TempCore;
let out: ReturnType<typeof tempDir>;

const clocked = (core: TempCore) => Object.assign(core, { sessions: new (core.sessions.constructor as new (now: () => number) => typeof core.sessions)(() => NOW) });

async function county(code: string, villages: number): Promise<County> {
  const core = clocked(tempCore());
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: code });
  for (const [name, roles] of [
    ['lu', ['clerk']],
    ['shen', ['reviewer']],
    ['pi', ['director']],
  ] as const) signIn(core, name, [...roles]);
  const c = { core, clerk: principalOf(core.db, 'lu')!, reviewer: principalOf(core.db, 'shen')!, director: principalOf(core.db, 'pi')! };
  const table = (headers: string[], rows: string[][]) => ({ fileName: 'x.xlsx', table: { sheet: 's', headerRow: 0, headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) } });
  await importList(core.ledger, actor('测试'), 'demo-divisions', table(['名称', '级别', '乡镇', '认定日期'], Array.from({ length: villages }, (_, i) => [`村${i}`, '示范村', '镇', '2019-10-01'])), true);
  await importList(
    core.ledger,
    actor('测试'),
    'trainees',
    table(['姓名', '身份证号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇', '银行账号'], [['王小二', SAME_PERSON, '直播营销', '2019-10-20', '是', '是', '镇', '6222020200112233445']]),
    true,
  );
  // the trainee's 1,200 yuan, paid
  const trainee = (core.db.prepare("SELECT id FROM subject WHERE list = 'trainees'").get() as { id: string }).id;
  setBudget(core.ledger, c.director, { year: 2019, docNo: `${code}〔2019〕1号`, base: '500000' });
  // training is paid from the employment fund (本县设置, the pack's default reading)
  setBudget(core.ledger, c.director, { year: 2019, fund: 'employment', docNo: `${code}人社〔2019〕2号`, base: '100000' });
  const id = createClaim(core.ledger, c.clerk, { rule: 'training-subsidy', subjectId: trainee, year: 2019 });
  submitClaim(core.ledger, c.clerk, id);
  passClaim(core.ledger, c.reviewer, { id, acknowledgement: '已核对' });
  endNotice(core.ledger, c.reviewer, createNotice(core.ledger, c.reviewer, { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' }), '2019-12-10');
  approveClaim(core.ledger, c.director, id);
  recordPayments(core.ledger, c.director, [{ claimNo: claimRow(core.db, id)!.no, voucherNo: 'PZ1', paidOn: '2019-12-09', amount: '1200' }], '手工登记', '2019-12-10');
  await generateQuarterReport(core, c.clerk, '2019Q4', 'xlsx');
  closeQuarter(core.ledger, c.director, '2020-01-10', '2019Q4', new Date(NOW).toISOString());
  return c;
}

beforeEach(async () => {
  out = tempDir();
  counties = { '340422': await county('340422', 4), '340421': await county('340421', 2) };
  city = clocked(tempCore());
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
  for (const [code, c] of Object.entries(counties)) {
    const protector = passphraseProtector('口令口令口令口令');
    installSigner(c.core.ledger, actor('pi'), c.core.dataDir, protector, 'sm2-sm3');
    await exportBundle(c.core, actor('pi'), protector, '2019Q4', out.dir);
    const key = currentPublicKey(c.core.db)!;
    registerCountyKey(city.ledger, actor('市局'), { format: 'county-ledger-public-key/1', county: { code, name: code }, ...key }, key.fingerprint);
    importBundle(city.ledger, actor('市局'), readFileSync(`${out.dir}/${code}-2019Q4-0001.cbundle`), 'x', true);
  }
});
afterEach(() => {
  for (const c of Object.values(counties)) c.core.dispose();
  city.dispose();
  out.dispose();
});

describe('the city overview', () => {
  it('shows each county’s lights as its own report has them, and who has not reported', () => {
    const overview = cityOverview(city.db, '2019Q4');
    for (const [code, c] of Object.entries(counties)) {
      const own = quarterReport({ db: c.core.db, today: '2020-01-10' }, '2019Q4', 'x', 'x').tasks;
      expect(overview.tasks.map((t) => t.lights[code])).toEqual(own.map((t) => t.light));
    }
    expect(overview.tasks.map((t) => t.lights['340402'])).toEqual(Array(18).fill(null)); // 大通区 sent nothing
    expect(overview.subsidies.find((s) => s.county === '340402')).toMatchObject({ committedFen: null, paidFen: null });
    expect(overview.counties.filter((c) => !c.reported).map((c) => c.name)).toEqual(['大通区', '田家庵区', '谢家集区', '八公山区', '潘集区', '毛集实验区']);
    expect(cityOverview(city.db, '2020Q1').counties.every((c) => !c.reported)).toBe(true);
  });

  it('adds the counties’ actuals up against the city-wide targets, and subsidies by county', () => {
    const overview = cityOverview(city.db, '2019Q4');
    expect(overview.totals.find((t) => t.id === 'demo-villages')).toMatchObject({ target: 15, sum: 6, counties: 2, byCounty: { '340422': 4, '340421': 2, '340402': null } });
    expect(overview.totals.find((t) => t.id === 'provincial-demo-points')).toMatchObject({ target: 15, sum: 0 });
    // 寿县 is a poverty county: its special fund is lifted 20%, the employment fund is not; training is paid from employment money
    expect(overview.subsidies.find((s) => s.county === '340422')).toEqual({
      county: '340422',
      name: '寿县',
      committedFen: 120_000,
      paidFen: 120_000,
      budgetFen: 60_000_000 + 10_000_000,
      funds: [
        { fund: 'commerce', label: '电子商务发展专项资金', docNo: '340422〔2019〕1号', budgetFen: 60_000_000, committedFen: 0, paidFen: 0 },
        { fund: 'employment', label: '就业补助资金', docNo: '340422人社〔2019〕2号', budgetFen: 10_000_000, committedFen: 120_000, paidFen: 120_000 },
      ],
    });
    expect(overview.subsidiesByRule).toEqual([
      { rule: 'training-subsidy', title: expect.any(String), byCounty: { '340422': { claims: 1, committedFen: 120_000, paidFen: 120_000 }, '340421': { claims: 1, committedFen: 120_000, paidFen: 120_000 } } },
    ]);
  });

  it('finds the same person paid in two counties by the keyed hash, without holding the ID number', () => {
    const overview = cityOverview(city.db, '2019Q4');
    expect(overview.duplicates).toHaveLength(1);
    expect(overview.duplicates[0]!.claims.map((c) => c.county).sort()).toEqual(['340421', '340422']);
    const everything = JSON.stringify(city.db.prepare('SELECT * FROM journal').all()) + JSON.stringify(city.db.prepare('SELECT * FROM received_subject').all());
    expect(everything).not.toContain(SAME_PERSON);
    expect(everything).not.toContain('6222020200112233445');
    expect(everything).not.toContain('王小二'); // a person's name travels masked
    expect(everything).toContain('王某某');
  });

  it('task 18’s evaluation: a county’s report rebuilt from its bundle is byte for byte the county’s own; the city-wide table lists every county', async () => {
    const own = await generateQuarterReport(counties['340422']!.core, counties['340422']!.clerk, '2019Q4', 'xlsx');
    const rebuilt = await evaluationDocument(city.db, '2019Q4', 'xlsx', '340422', new Date(NOW));
    expect(Buffer.from(rebuilt.bytes).equals(Buffer.from(own.bytes))).toBe(true);

    const cityWide = await evaluationDocument(city.db, '2019Q4', 'xlsx', null, new Date(NOW));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(cityWide.bytes) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('任务落实情况')!;
    const header = sheet.getRow(2).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['序号', '工作任务', '时限要求']);
    expect([...(header.slice(4, 12) as string[])].sort()).toEqual(['八公山区', '凤台县', '大通区', '寿县', '毛集实验区', '潘集区', '田家庵区', '谢家集区'].sort());
    const feng = header.indexOf('凤台县');
    const datong = header.indexOf('大通区');
    const own18 = quarterReport({ db: counties['340421']!.core.db, today: '2020-01-10' }, '2019Q4', 'x', 'x').tasks;
    for (let no = 1; no <= 18; no++) {
      const row = sheet.getRow(2 + no);
      expect(row.getCell(1).value).toBe(String(no));
      expect(row.getCell(feng).value).toBe(LIGHT_LABELS[own18[no - 1]!.light]);
      expect(row.getCell(datong).value).toBe('未报送');
    }
    expect(workbook.getWorksheet('重复受益')!.getRow(3).getCell(1).value).toMatch(/在 (寿县|凤台县) SB2019-0001、(寿县|凤台县) SB2019-0001 重复获得奖补/);
    const pdf = await evaluationDocument(city.db, '2019Q4', 'pdf', null, new Date(NOW));
    expect(Buffer.from(pdf.bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
