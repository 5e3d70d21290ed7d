import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Principal } from '../../../shared/domain/accounts';
import { actor, signIn, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { idNumber, uscc } from '../../../test/helpers/sheets';
import { principalOf } from '../accounts/service';
import { createNotice, endNotice } from '../claims/notices';
import { recordPayments, setBudget } from '../claims/payments';
import { claimRow } from '../claims/repository';
import { approveClaim, createClaim, passClaim, submitClaim } from '../claims/service';
import { configureInstallRole, saveRuleSetting } from '../policy/service';
import { generateQuarterReport } from '../progress/generate';
import { closeQuarter } from '../progress/service';
import { importList } from '../registry/service';
import { importBundle, registerCountyKey } from './city';
import { MARK_RECHECKED_SQL, RECHECK_LINES_SQL, RECHECK_UNDECIDED_SQL, receivedSettings, recheckLines } from './city-repository';
import { Rechecker } from '../rules/recheck';
import { exportBundle, previewBundle } from './export';
import { currentPublicKey, installSigner, passphraseProtector } from './keys';
import { cityPacks, recheckClaimDetail, recheckSummary, recheckView, runRecheck } from './recheck';
import { recheckDocument } from './recheck-document';

// 市级复核: the city re-decides every approved or paid award from the bundle alone. Three real
// counties on real ledgers, their signed bundles imported at a real city.

const NOW = Date.parse('2020-01-10T02:00:00Z');
const PASSPHRASE = '口令口令口令口令';
type County = { core: TempCore; clerk: Principal; reviewer: Principal; director: Principal; claims: string[] };
let counties: Record<string, County>;
let city: TempCore;
let out: ReturnType<typeof tempDir>;

const clocked = (core: TempCore) => Object.assign(core, { sessions: new (core.sessions.constructor as new (now: () => number) => typeof core.sessions)(() => NOW) });
const table = (headers: string[], rows: string[][]) => ({ fileName: 'x.xlsx', table: { sheet: 's', headerRow: 0, headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) } });
const TIER = (awardFen: number) => ({ type: 'tiers' as const, rule: 'enterprise-10m' as const, tiers: [{ atLeast: 1_000_000_000, awardFen }] });

/** A claim through every step to approval (and payment when asked). */
function approve(c: County, rule: string, subjectId: string, pay: boolean): string {
  const id = createClaim(c.core.ledger, c.clerk, { rule, subjectId, year: 2019 });
  submitClaim(c.core.ledger, c.clerk, id);
  passClaim(c.core.ledger, c.reviewer, { id, acknowledgement: '已核对' });
  endNotice(c.core.ledger, c.reviewer, createNotice(c.core.ledger, c.reviewer, { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' }), '2019-12-10');
  approveClaim(c.core.ledger, c.director, id);
  if (pay) recordPayments(c.core.ledger, c.director, [{ claimNo: claimRow(c.core.db, id)!.no, voucherNo: `PZ-${id.slice(0, 6)}`, paidOn: '2019-12-09', amount: (claimRow(c.core.db, id)!.amount_fen! / 100).toFixed(2) }], '手工登记', '2019-12-10');
  c.claims.push(id);
  return id;
}

/** A county with trainees paid, and for 寿县 two enterprises approved either side of a change of its tiers. */
async function county(code: string, trainees: number, withTiers: boolean): Promise<County> {
  const core = clocked(tempCore());
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: code });
  for (const [name, roles] of [['lu', ['clerk']], ['shen', ['reviewer']], ['pi', ['director']]] as const) signIn(core, name, [...roles]);
  const c: County = { core, clerk: principalOf(core.db, 'lu')!, reviewer: principalOf(core.db, 'shen')!, director: principalOf(core.db, 'pi')!, claims: [] };
  await importList(core.ledger, actor('测试'), 'trainees', table(['姓名', '身份证号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇', '银行账号'], Array.from({ length: trainees }, (_, i) => [`学员${i}`, idNumber(code, '19850101', i + 1), '直播营销', '2019-10-20', '是', '是', '镇', `62220202001122334${i}5`])), true);
  setBudget(core.ledger, c.director, { year: 2019, docNo: `${code}〔2019〕1号`, base: '5000000' });
  setBudget(core.ledger, c.director, { year: 2019, fund: 'employment', docNo: `${code}人社〔2019〕2号`, base: '100000' });
  for (const { id } of core.db.prepare("SELECT id FROM subject WHERE list = 'trainees' ORDER BY id").all() as { id: string }[]) approve(c, 'training-subsidy', id, true);
  if (withTiers) {
    await importList(core.ledger, actor('测试'), 'enterprises', table(['企业名称', '统一社会信用代码', '乡镇', '年度', '农村产品上行年网络销售额（元）'], [['甲电商有限公司', uscc(1), '安丰镇', '2019', '12000000'], ['乙电商有限公司', uscc(2), '安丰镇', '2019', '12000000']]), true);
    const [a, b] = (core.db.prepare("SELECT id FROM subject WHERE list = 'enterprises' ORDER BY name").all() as { id: string }[]).map((r) => r.id);
    saveRuleSetting(core.ledger, c.director, TIER(30_000_000));
    approve(c, 'enterprise-10m', a!, false);
    saveRuleSetting(core.ledger, c.director, TIER(40_000_000)); // the same sales earn more from now on
    approve(c, 'enterprise-10m', b!, false);
  }
  await generateQuarterReport(core, c.clerk, '2019Q4', 'xlsx');
  closeQuarter(core.ledger, c.director, '2020-01-10', '2019Q4', new Date(NOW).toISOString());
  installSigner(core.ledger, actor('pi'), core.dataDir, passphraseProtector(PASSPHRASE), 'sm2-sm3');
  registerCountyKey(city.ledger, actor('市局'), { format: 'county-ledger-public-key/1', county: { code, name: code }, ...currentPublicKey(core.db)! }, currentPublicKey(core.db)!.fingerprint);
  return c;
}

async function send(code: string): Promise<void> {
  const c = counties[code]!;
  const exported = await exportBundle(c.core, actor('pi'), passphraseProtector(PASSPHRASE), '2019Q4', out.dir);
  importBundle(city.ledger, actor('市局'), readFileSync(exported.path), exported.fileName, true);
}

beforeEach(async () => {
  out = tempDir();
  city = clocked(tempCore());
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
  counties = { '340422': await county('340422', 2, true), '340421': await county('340421', 2, false), '340402': await county('340402', 1, false) };
});
afterEach(() => {
  for (const c of Object.values(counties)) c.core.dispose();
  city.dispose();
  out.dispose();
});

describe('市级复核', () => {
  it('a valid three-county chain rechecks 100% consistent on import, each claim under the tiers in force when it was approved', async () => {
    for (const code of Object.keys(counties)) await send(code);
    const summary = recheckSummary(city.db, {});
    expect(summary.counties.map((c) => [c.county, c.claims, c.consistent, c.findings.length])).toEqual([
      ['340402', 1, 1, 0],
      ['340421', 2, 2, 0],
      ['340422', 4, 4, 0],
    ]);
    // the tier change between the two approvals is honoured: the same sales, two amounts, both consistent
    const shou = counties['340422']!;
    const [first, second] = shou.claims.slice(2).map((id) => claimRow(shou.core.db, id)!);
    expect([first!.amount_fen, second!.amount_fen]).toEqual([30_000_000, 40_000_000]);
    const view = recheckView(city.db, { county: '340422' });
    expect(view.groups.find((g) => g.rule === 'enterprise-10m')).toMatchObject({ verdict: 'consistent', claims: 2, countyFen: 70_000_000, cityFen: 70_000_000 });
    // the journaled recheck names the bundle it rests on
    const entry = city.db.prepare("SELECT payload FROM journal WHERE kind = 'recheck.recorded' AND entity = 'recheck:340422'").get() as { payload: string };
    const digest = (city.db.prepare("SELECT digest FROM bundle_received WHERE county = '340422'").get() as { digest: string }).digest;
    expect(JSON.parse(entry.payload)).toMatchObject({ county: '340422', bundleDigest: digest, claims: 4, consistent: 4, findings: [] });
    // the drill-down re-decides one claim and shows the city's trace
    const detail = recheckClaimDetail(city.db, '340422', first!.no);
    expect(detail).toMatchObject({ verdict: 'consistent', countyAmount: 30_000_000, cityAmount: 30_000_000 });
    expect(detail.cityTrace.find((s) => s.step === 'amount')!.text).toContain('300,000.00');
    // on demand, again: the same verdicts, journaled again
    expect(runRecheck(city.ledger, actor('市局'), {}).counties.every((c) => c.findings.length === 0)).toBe(true);
    // the county's own preview agrees before anything goes up
    expect(previewBundle(shou.core, shou.director, '2019Q4').recheck).toEqual([]);
  });

  it('an amount raised after approval (database edited, bundle re-signed with the county’s own key) is 金额不符 naming the claim and the step; a pack the city never signed is 规则缺失', async () => {
    const feng = counties['340421']!;
    const [raised, foreign] = feng.claims.map((id) => claimRow(feng.core.db, id)!);
    feng.core.db.prepare('UPDATE claim SET amount_fen = 150000 WHERE id = ?').run(raised!.id);
    feng.core.db.prepare('UPDATE claim SET pack_digest = ? WHERE id = ?').run('f'.repeat(64), foreign!.id);
    // the county sees it first, in 数据报送's preview
    expect(previewBundle(feng.core, feng.director, '2019Q4').recheck.map((f) => [f.claimNo, f.verdict])).toEqual([
      [raised!.no, 'amount-mismatch'],
      [foreign!.no, 'rule-missing'],
    ]);
    for (const code of Object.keys(counties)) await send(code); // every signature holds
    const findings = recheckSummary(city.db, { county: '340421' }).counties[0]!.findings;
    expect(findings).toHaveLength(2);
    const mismatch = findings.find((f) => f.claimNo === raised!.no)!;
    expect(mismatch).toMatchObject({ verdict: 'amount-mismatch', countyAmount: 150_000, cityAmount: 120_000, step: { kind: 'amount' } });
    expect(mismatch.step!.city).toContain('1,200');
    expect(findings.find((f) => f.claimNo === foreign!.no)).toMatchObject({ verdict: 'rule-missing', countyAmount: 120_000, cityAmount: null });
    expect(findings.find((f) => f.claimNo === foreign!.no)!.reason).toContain('不是市里签发或载入的政策包');
    // on demand, again: the bundle's traces are gone, the step comes from the trace the city kept with the finding
    const again = runRecheck(city.ledger, actor('市局'), { county: '340421' }).counties[0]!.findings;
    expect([...again].sort((a, b) => (a.claimNo < b.claimNo ? -1 : 1))).toEqual(findings);
    expect(recheckSummary(city.db, { county: '340421' }).counties[0]!.findings).toEqual(findings);
    // the other counties stay consistent
    expect(recheckSummary(city.db, {}).counties.filter((c) => c.county !== '340421').every((c) => c.findings.length === 0)).toBe(true);
    // the drill-down shows both traces side by side
    const detail = recheckClaimDetail(city.db, '340421', raised!.no);
    expect(detail.countyTrace.length).toBeGreaterThan(0);
    expect(detail.cityTrace.length).toBe(detail.countyTrace.length);
    // the appendix lists the finding, in xlsx and PDF
    const xlsx = await recheckDocument(city.db, {}, 'xlsx', new Date(NOW));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet('复核发现')!.getSheetValues().flat().map(String);
    expect(rows).toContain(raised!.no);
    expect(rows).toContain('金额不符');
    const pdf = await recheckDocument(city.db, { county: '340421' }, 'pdf', new Date(NOW));
    expect(Buffer.from(pdf.bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('streams a county’s claims in decision order from an index, a chunk at a time, without sorting them first', async () => {
    await send('340422');
    const plan = (sql: string, ...args: unknown[]) => (city.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const period of [null, '2019Q4']) {
      for (const [sql, args] of [
        [RECHECK_LINES_SQL, [0, '', '', 1024]],
        [RECHECK_UNDECIDED_SQL, ['', '', 1024]],
      ] as const) {
        expect(plan(sql, '340422', period, period, ...args)).toMatch(/SEARCH received_claim USING INDEX received_claim_decided \(county=\? AND/);
        expect(plan(sql, '340422', period, period, ...args)).not.toMatch(/TEMP B-TREE/);
      }
    }
    // a consistent claim's county trace is never read; claims out of decision order are refused
    const lines = [...recheckLines(city.db, '340422', null)];
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => l.decidedSeq)).toEqual(lines.map((l) => l.decidedSeq).sort((a, b) => a! - b!));
    const read: string[] = [];
    const rechecker = () => new Rechecker('340422', cityPacks(city.db), receivedSettings(city.db, '340422'), { traceOf: (c) => (read.push(c.no), null) });
    const inOrder = rechecker();
    expect(lines.map((l) => inOrder.next(l).verdict)).toEqual(['consistent', 'consistent', 'consistent', 'consistent']);
    expect(read).toEqual([]);
    const reversed = rechecker();
    expect(() => lines.toReversed().forEach((l) => reversed.next(l))).toThrow(/按审批顺序/);
    // read in chunks of any size, every claim once and in the same order; a claim from an older
    // bundle, without its decision position, comes first (and is 事实不全)
    for (const chunk of [1, 2, 3, 4, 5]) expect([...recheckLines(city.db, '340422', null, chunk)]).toEqual(lines);
    city.db.prepare("UPDATE received_claim SET decided_seq = NULL WHERE county = '340422' AND id IN (?, ?)").run(lines[1]!.id, lines[3]!.id);
    const undecidedFirst = [lines[1]!, lines[3]!].sort((a, b) => (a.no < b.no ? -1 : 1)).map((l) => ({ ...l, decidedSeq: null }));
    for (const chunk of [1, 2, 3, 1024]) expect([...recheckLines(city.db, '340422', null, chunk)]).toEqual([...undecidedFirst, lines[0], lines[2]]);
    // a quarter's lines are those decided in it (here every claim was decided on 2019-09-01)
    expect([...recheckLines(city.db, '340422', '2019Q3', 1)]).toEqual([...undecidedFirst, lines[0], lines[2]]);
    expect([...recheckLines(city.db, '340422', '2019Q4', 1)]).toEqual([]);
    const summary = runRecheck(city.ledger, actor('市局'), { county: '340422' }).counties[0]!;
    expect(summary.findings.map((f) => [f.claimNo, f.verdict])).toEqual(undecidedFirst.map((l) => [l.no, 'facts-incomplete']));
  });

  it('writes only the verdicts that change: a recheck again of the same bundle touches no claim 一致 already', async () => {
    await send('340421');
    const unsettled = () => (city.db.prepare("SELECT no FROM received_claim INDEXED BY received_claim_unsettled WHERE county = '340421' AND state IN ('approved', 'paid') AND verdict IS NOT 'consistent' ORDER BY no").all() as { no: string }[]).map((r) => r.no);
    const plan = (city.db.prepare(`EXPLAIN QUERY PLAN ${MARK_RECHECKED_SQL}`).all({ county: '340421', period: null }) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/INDEX received_claim_unsettled \(county=\?\)/);
    expect(unsettled()).toEqual([]);
    // every row a statement updates, seen by a trigger of this connection only
    city.db.exec('CREATE TEMP TABLE touched (id TEXT); CREATE TEMP TRIGGER touch AFTER UPDATE ON main.received_claim BEGIN INSERT INTO touched VALUES (new.id); END;');
    const touched = () => (city.db.prepare('DELETE FROM touched RETURNING id').all() as { id: string }[]).map((r) => r.id);
    runRecheck(city.ledger, actor('市局'), { county: '340421' });
    expect(touched()).toEqual([]);
    // a verdict left from before (an older engine's, say) is put right by the next recheck, and only it
    const [claim] = city.db.prepare("SELECT id, no, amount_fen FROM received_claim WHERE county = '340421' ORDER BY no").all() as { id: string; no: string; amount_fen: number }[];
    city.db.prepare("UPDATE received_claim SET verdict = 'amount-mismatch', city_amount_fen = 1, finding = '{}' WHERE county = '340421' AND id = ?").run(claim!.id);
    expect(unsettled()).toEqual([claim!.no]);
    touched(); // the edit itself
    expect(runRecheck(city.ledger, actor('市局'), { county: '340421' }).counties[0]!.findings).toEqual([]);
    expect(touched()).toEqual([claim!.id]);
    expect(city.db.prepare("SELECT verdict, city_amount_fen, finding FROM received_claim WHERE county = '340421' AND id = ?").get(claim!.id)).toEqual({ verdict: 'consistent', city_amount_fen: claim!.amount_fen, finding: null });
    expect(unsettled()).toEqual([]);
    // a quarter's recheck leaves the claims of other quarters as they are
    city.db.prepare("UPDATE received_claim SET verdict = NULL WHERE county = '340421' AND id = ?").run(claim!.id);
    runRecheck(city.ledger, actor('市局'), { county: '340421', period: '2019Q4' });
    expect(unsettled()).toEqual([claim!.no]);
    runRecheck(city.ledger, actor('市局'), { county: '340421', period: '2019Q3' }); // when these claims were decided
    expect(unsettled()).toEqual([]);
  });

  it('judges a claim under the tiers in force at its approval, not the latest: a tier table rewritten in the journal changes the verdict', async () => {
    // the county re-approving nothing, but claiming its earlier award under the later table, is caught
    const shou = counties['340422']!;
    const first = claimRow(shou.core.db, shou.claims[2]!)!;
    shou.core.db.prepare('UPDATE claim SET amount_fen = 40000000 WHERE id = ?').run(first.id);
    await send('340422');
    const findings = recheckSummary(city.db, { county: '340422' }).counties[0]!.findings;
    expect(findings.map((f) => [f.claimNo, f.verdict, f.countyAmount, f.cityAmount])).toEqual([[first.no, 'amount-mismatch', 40_000_000, 30_000_000]]);
  });
});
