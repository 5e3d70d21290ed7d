import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_ACTIONS, CLAIM_STATES, type ClaimAction, type ClaimState, TRANSITIONS } from '../../../shared/domain/claims';
import { DomainError } from '../../../shared/result';
import { actor, callerFor, refusal, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { uscc } from '../../../test/helpers/sheets';
import { principalOf } from '../accounts/service';
import { ALL_EVENTS } from '../events';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { configureInstallRole, saveRuleSetting } from '../policy/service';
import { importList, setSubjectFacts } from '../registry/service';
import { claimRow } from './repository';
import { approveClaim, approveClaims, createClaim, editClaim, passClaim, returnClaim, submitClaim, submitClaims, voidClaim } from './service';
import { type Principal } from '../../../shared/domain/accounts';
import { createNotice, endNotice, recordObjection, resolveObjection } from './notices';
import { recordPayments, setBudget } from './payments';

// The path from application to payment, on a real SQLite ledger: the state machine, four eyes
// (through the contract), frequency limits, the budget and freezing at approval.

const NOW = Date.parse('2019-12-10T02:00:00Z');
let core: TempCore;
let clerk: Principal, reviewer: Principal, director: Principal, admin: Principal;
const tokens: Record<string, string> = {};
let points: string[];

const HEADERS = ['网点名称', '乡镇', '村', '经营者', '是否贫困村', '银行账号', '年度', '农产品上行年网络销售额（元）'];

async function importPoints(rows: string[][]): Promise<string[]> {
  await importList(core.ledger, actor('测试'), 'service-points', { fileName: 'p.xlsx', table: { sheet: 's', headerRow: 0, headers: HEADERS, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) } }, true);
  return (core.db.prepare("SELECT id FROM subject WHERE list = 'service-points' ORDER BY rowid").all() as { id: string }[]).map((r) => r.id);
}

beforeEach(async () => {
  core = tempCore();
  Object.assign(core, { sessions: new (core.sessions.constructor as new (now: () => number) => typeof core.sessions)(() => NOW) });
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340422' });
  for (const [name, roles] of [
    ['lu', ['clerk']],
    ['shen', ['reviewer']],
    ['pi', ['director']],
    ['guan', ['admin']],
    ['shenpi', ['reviewer', 'director']],
    ['lupi', ['clerk', 'director']],
  ] as const) tokens[name] = signIn(core, name, [...roles]);
  [clerk, reviewer, director, admin] = ['lu', 'shen', 'pi', 'guan'].map((u) => principalOf(core.db, u)!) as [Principal, Principal, Principal, Principal];
  points = await importPoints(
    Array.from({ length: 12 }, (_, i) => [`网点${i + 1}`, '安丰镇', `村${i + 1}`, `经营者${i + 1}`, '否', '', '2019', i === 0 ? '50500' : '80000']),
  );
});
afterEach(() => core.dispose());

function newClaim(subject: string): string {
  return createClaim(core.ledger, clerk, { rule: 'service-point-sales', subjectId: subject, year: 2019 });
}

/** Walks a fresh claim to a state by the legal path. */
function claimIn(state: ClaimState, subject: string): string {
  const id = newClaim(subject);
  if (state === 'draft') return id;
  if (state === 'voided') return (voidClaim(core.ledger, clerk, { id, reason: '录入错误' }), id);
  submitClaim(core.ledger, clerk, id);
  if (state === 'submitted') return id;
  if (state === 'returned') return (returnClaim(core.ledger, reviewer, { id, reason: '缺少销售流水' }), id);
  passClaim(core.ledger, reviewer, { id, acknowledgement: '已核对流水' });
  if (state === 'reviewed') return id;
  const notice = createNotice(core.ledger, reviewer, { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局 0554-1234567' });
  if (state === 'noticing') return id;
  endNotice(core.ledger, reviewer, notice, '2019-12-10');
  if (state === 'noticed') return id;
  approveClaim(core.ledger, director, id);
  if (state === 'approved') return id;
  const no = claimRow(core.db, id)!.no;
  recordPayments(core.ledger, director, [{ claimNo: no, voucherNo: 'PZ001', paidOn: '2019-12-09', amount: '10000' }], '手工登记', '2019-12-10');
  return id;
}

function attempt(action: ClaimAction, id: string): void {
  const no = claimRow(core.db, id)!.no;
  switch (action) {
    case 'edit':
      return editClaim(core.ledger, clerk, { id, expectedRevision: claimRow(core.db, id)!.revision, facts: { farmOnlineSales: '90000' }, reason: '补充流水后更正' });
    case 'submit':
      return submitClaim(core.ledger, clerk, id);
    case 'pass':
      return passClaim(core.ledger, reviewer, { id, acknowledgement: '已核对' });
    case 'return':
      return returnClaim(core.ledger, reviewer, { id, reason: '材料不全' });
    case 'notice':
      return void createNotice(core.ledger, reviewer, { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' });
    case 'endNotice': {
      const notice = claimRow(core.db, id)!.notice_id;
      if (!notice) throw new DomainError('STATE', '不在公示中');
      return endNotice(core.ledger, reviewer, notice, '2019-12-10');
    }
    case 'approve':
      return approveClaim(core.ledger, director, id);
    case 'pay':
      return void recordPayments(core.ledger, director, [{ claimNo: no, voucherNo: 'PZ9', paidOn: '2019-12-09', amount: '10000' }], '手工登记', '2019-12-10');
    case 'void':
      return voidClaim(core.ledger, clerk, { id, reason: '作废测试' });
  }
}

describe('claims', () => {
  it('allows exactly the legal transitions from every state and refuses the rest with the state named', () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '1000000' });
    const expectedTarget: Record<ClaimAction, ClaimState> = Object.fromEntries(CLAIM_ACTIONS.map((a) => [a, TRANSITIONS[a].to])) as Record<ClaimAction, ClaimState>;
    expectedTarget.edit = 'draft';
    let used = 0;
    const fresh = async () => {
      used++;
      if (used > points.length) points = await importPoints([[`网点x${used}`, '安丰镇', `x村${used}`, '某人', '否', '', '2019', '80000']]);
      return points[used - 1]!;
    };
    return (async () => {
      for (const state of CLAIM_STATES) {
        for (const action of CLAIM_ACTIONS) {
          const id = claimIn(state, await fresh());
          const legal = TRANSITIONS[action].from.includes(state);
          if (legal) {
            attempt(action, id);
            expect(claimRow(core.db, id)!.state, `${action} from ${state}`).toBe(expectedTarget[action]);
          } else {
            const before = core.ledger.count();
            const e = refusal(() => attempt(action, id));
            expect(e.code, `${action} from ${state}`).toBe('STATE');
            expect(core.ledger.count()).toBe(before);
            expect(claimRow(core.db, id)!.state).toBe(state);
          }
          // each claim is voided afterwards unless paid, so the budget and frequency stay free
          const after = claimRow(core.db, id)!;
          if (after.state !== 'voided' && after.state !== 'paid') voidClaim(core.ledger, admin, { id, reason: '测试结束' });
        }
      }
      expect(core.ledger.verify().ok).toBe(true);
      const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
      expect(compareState(core.db, rebuilt)).toEqual([]);
    })();
  }, 120_000);

  it('enforces four eyes through the contract: who entered or submitted cannot review or approve; the reviewer cannot approve', async () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '1000000' });
    const as = (user: string) => callerFor(core, tokens[user]!);
    // lupi is clerk and director: enters and submits, then tries to approve
    const created = await as('lupi')('claims.create', { rule: 'service-point-sales', subjectId: points[1], year: 2019 });
    expect(created).toMatchObject({ ok: true, value: { state: 'draft', enteredBy: 'lupi' } });
    const id = (created as { ok: true; value: { id: string } }).value.id;
    expect(await as('lupi')('claims.submit', { id })).toMatchObject({ ok: true, value: { state: 'submitted', amountFen: 1_000_000 } });
    // a clerk is not a reviewer: refused by role
    expect(await as('lu')('claims.pass', { id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('审核员') } });
    // shenpi reviews it, then tries to approve the same claim
    expect(await as('shenpi')('claims.pass', { id })).toMatchObject({ ok: true, value: { state: 'reviewed', reviewedBy: 'shenpi' } });
    const notice = await as('shen')('notices.create', { claimIds: [id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' });
    expect(notice).toMatchObject({ ok: true, value: { claims: 1, totalFen: 1_000_000 } });
    expect(await as('shen')('notices.end', { id: (notice as { ok: true; value: { id: string } }).value.id })).toMatchObject({ ok: true, value: { state: 'ended' } });
    expect(await as('shenpi')('claims.approve', { id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: `四眼原则：申报 ${claimRow(core.db, id)!.no} 由您审核，不能再由您审批` } });
    expect(await as('lupi')('claims.approve', { id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('由您录入或提交') } });
    expect(await as('guan')('claims.approve', { id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('审批人') } });
    expect(claimRow(core.db, id)!.state).toBe('noticed');
    expect(await as('pi')('claims.approve', { id })).toMatchObject({ ok: true, value: { state: 'approved', approvedBy: 'pi', frozen: true } });

    // the submitter cannot review their own claim either, even holding the reviewer role
    const own = createClaim(core.ledger, principalOf(core.db, 'lupi')!, { rule: 'service-point-sales', subjectId: points[2]!, year: 2019 });
    submitClaim(core.ledger, principalOf(core.db, 'lupi')!, own);
    const both = signIn(core, 'quanneng', ['clerk', 'reviewer', 'director']);
    const mine = createClaim(core.ledger, principalOf(core.db, 'quanneng')!, { rule: 'service-point-sales', subjectId: points[3]!, year: 2019 });
    await callerFor(core, both)('claims.submit', { id: mine });
    expect(await callerFor(core, both)('claims.pass', { id: mine })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('由您录入或提交') } });
    expect(await callerFor(core, both)('claims.return', { id: mine, reason: '自己退回' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // without a session nothing happens at all
    expect(await callerFor(core, 'no-such-token')('claims.pass', { id: own })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('holds the frequency limits across claims: annual once a year, one-off never twice, a purchase record once', async () => {
    const id = newClaim(points[1]!);
    expect(refusal(() => newClaim(points[1]!)).message).toMatch(/已有 2019 年「网点农产品上行销售奖励」申报 SB2019-0001（草稿），同一年度不得重复申报/);
    voidClaim(core.ledger, clerk, { id, reason: '重录' });
    const again = newClaim(points[1]!); // a voided claim does not count
    expect(claimRow(core.db, again)!.state).toBe('draft');
    // a 2020 claim for the same point is another year: allowed to be entered
    expect(() => createClaim(core.ledger, clerk, { rule: 'service-point-sales', subjectId: points[1]!, year: 2020, facts: { farmOnlineSales: '60000' }, reason: '2020 年流水' })).not.toThrow();

    // one-off: enterprise-10m never twice for one enterprise, whatever the year
    const usccA = uscc(1);
    const table = (headers: string[], rows: string[][]) => ({ sheet: 's', headerRow: 0, headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) });
    const added = await importList(core.ledger, actor('测试'), 'enterprises', { fileName: 'e.xlsx', table: table(['企业名称', '统一社会信用代码', '乡镇', '年度', '农村产品上行年网络销售额（元）'], [['寿县好物电子商务有限公司', usccA, '安丰镇', '2019', '12000000']]) }, true);
    expect(added.errors).toEqual([]);
    const enterprise = (core.db.prepare("SELECT id FROM subject WHERE list = 'enterprises'").get() as { id: string }).id;
    createClaim(core.ledger, clerk, { rule: 'enterprise-10m', subjectId: enterprise, year: 2019 });
    expect(refusal(() => createClaim(core.ledger, clerk, { rule: 'enterprise-10m', subjectId: enterprise, year: 2020 })).message).toContain('一次性奖励不得重复申报');

    // one purchase record backs one poverty-purchase claim only
    const purchases = await importList(core.ledger, actor('测试'), 'poverty-purchases', {
      fileName: 'g.xlsx',
      table: table(['收购主体', '收购主体统一社会信用代码', '收购日期', '贫困户或贫困村', '乡镇', '收购金额（元）', '凭证号'], [
        ['寿县好物电子商务有限公司', usccA, '2019-10-01', '花园村', '安丰镇', '20000', 'SG-001'],
        ['寿县好物电子商务有限公司', usccA, '2019-10-02', '花园村', '安丰镇', '30000', 'SG-002'],
      ]),
    }, true);
    expect(purchases.errors).toEqual([]);
    const [p1, p2] = (core.db.prepare("SELECT id FROM subject WHERE list = 'poverty-purchases' ORDER BY rowid").all() as { id: string }[]).map((r) => r.id);
    const first = createClaim(core.ledger, clerk, { rule: 'poverty-purchase', subjectId: enterprise, year: 2019, purchases: [p1!, p2!] });
    expect(JSON.parse(claimRow(core.db, first)!.facts)).toMatchObject({ purchaseFromPoor: '50000.00' });
    // 10% is the plan's cap (不超过10%): the amount waits until the county sets its rate
    expect(refusal(() => submitClaim(core.ledger, clerk, first)).message).toBe('本县尚未设定「收购贫困村贫困户产品补助」的补贴比例（方案规定上限，本申报最多 5,000.00 元），无法确定金额，请先在“政策与规则”中设定');
    saveRuleSetting(core.ledger, director, { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 1000 });
    submitClaim(core.ledger, clerk, first);
    expect(claimRow(core.db, first)!.amount_fen).toBe(500_000); // 10% of 50,000 元
    voidClaim(core.ledger, clerk, { id: first, reason: '分两次申报' });
    const second = createClaim(core.ledger, clerk, { rule: 'poverty-purchase', subjectId: enterprise, year: 2019, purchases: [p1!] });
    const other = await importList(core.ledger, actor('测试'), 'cooperatives', { fileName: 'c.xlsx', table: table(['名称', '统一社会信用代码', '类型', '乡镇'], [['花园村种植专业合作社', uscc(2), '专业合作社', '安丰镇']]) }, true);
    expect(other.errors).toEqual([]);
    editClaim(core.ledger, clerk, { id: second, expectedRevision: claimRow(core.db, second)!.revision, facts: {}, purchases: [p1!], reason: '核对凭证' });
    expect(refusal(() => createClaim(core.ledger, clerk, { rule: 'poverty-purchase', subjectId: enterprise, year: 2020, purchases: [p1!] })).message).toMatch(/不是本主体 2020 年的收购记录|已用于申报/);
    // the same record on the same year's claim: the annual limit refuses first; a record owned by another claim is named
    expect(refusal(() => editClaim(core.ledger, clerk, { id: first, expectedRevision: claimRow(core.db, first)!.revision, facts: {}, purchases: [p1!], reason: 'x' })).code).toBe('STATE');
    const e = refusal(() => createClaim(core.ledger, clerk, { rule: 'poverty-purchase', subjectId: enterprise, year: 2019, purchases: [p1!] }));
    expect(e.message).toMatch(/同一年度不得重复申报/);
    expect(core.db.prepare('SELECT claim_id FROM claim_purchase WHERE purchase_id = ?').get(p1)).toEqual({ claim_id: second });
  });

  it('refuses approval beyond the remaining budget, naming the shortfall; the uplift is shown with its reason', () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '12500' });
    const budget = core.db.prepare('SELECT base_fen, uplift_fen, uplift_trace FROM budget WHERE year = 2019').get() as { base_fen: number; uplift_fen: number; uplift_trace: string };
    expect(budget).toMatchObject({ base_fen: 1_250_000, uplift_fen: 250_000 }); // 寿县: 20% uplift
    expect(budget.uplift_trace).toContain('寿县');
    const first = claimIn('noticed', points[1]!);
    const second = claimIn('noticed', points[2]!);
    approveClaim(core.ledger, director, first);
    const e = refusal(() => approveClaim(core.ledger, director, second));
    expect(e.message).toBe(`预算不足：申报 ${claimRow(core.db, second)!.no} 金额 10,000.00 元，2019 年度电子商务发展专项资金预算剩余 5,000.00 元，缺口 5,000.00 元`);
    expect(claimRow(core.db, second)!.state).toBe('noticed');
  });

  it('exports each fund’s budget execution on its own: its document and amount, the uplift only for the commerce fund', async () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '100000' });
    setBudget(core.ledger, director, { year: 2019, fund: 'employment', docNo: '寿人社〔2019〕12号', base: '36000' });
    const exported = async (fund?: 'employment') => {
      const r = await callerFor(core, tokens['pi']!)('reports.export', { year: 2019, report: 'budget', ...(fund ? { fund } : {}) });
      if (!r.ok) throw new Error(r.error.message);
      const file = r.value as { fileName: string; contentBase64: string };
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
      const rows: string[] = [];
      workbook.getWorksheet('预算执行')!.eachRow((row) => rows.push(row.values.toString()));
      return { fileName: file.fileName, text: rows.join('\n') };
    };
    const employment = await exported('employment');
    expect(employment.fileName).toBe('2019年度预算执行情况（就业补助资金）.xlsx');
    expect(employment.text).toContain('寿人社〔2019〕12号');
    // amounts are number cells (shown with thousands separators by their number format)
    expect(employment.text).toContain('下达金额,36000');
    expect(employment.text).not.toContain('上浮');
    const commerce = await exported();
    expect(commerce.fileName).toBe('2019年度预算执行情况.xlsx');
    expect(commerce.text).toContain('淮商〔2019〕88号');
    expect(commerce.text).toContain('贫困县、行蓄洪区上浮,20000');
  });

  it('decides a batch of claims as one at a time would: each sees the budget the ones before it used, and a refusal writes none', () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '20000' }); // 24,000 元 with 寿县's 20% uplift: two of three
    const batch = [claimIn('noticed', points[1]!), claimIn('noticed', points[2]!), claimIn('noticed', points[3]!)];
    const before = core.ledger.count();
    const e = refusal(() => approveClaims(core.ledger, director, batch));
    expect(e.message).toBe(`预算不足：申报 ${claimRow(core.db, batch[2]!)!.no} 金额 10,000.00 元，2019 年度电子商务发展专项资金预算剩余 4,000.00 元，缺口 6,000.00 元`);
    expect(core.ledger.count()).toBe(before);
    expect(batch.map((id) => claimRow(core.db, id)!.state)).toEqual(['noticed', 'noticed', 'noticed']);
    approveClaims(core.ledger, director, batch.slice(0, 2));
    expect(batch.map((id) => claimRow(core.db, id)!.state)).toEqual(['approved', 'approved', 'noticed']);
    const twice = newClaim(points[4]!);
    expect(refusal(() => submitClaims(core.ledger, clerk, [twice, twice])).message).toBe('同一批次中同一条申报出现了两次');
  });

  it('freezes the decision at approval: later facts do not change it; a change before approval is refused', () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '100000' });
    const approved = claimIn('approved', points[1]!);
    const before = claimRow(core.db, approved)!;
    const subject = core.db.prepare('SELECT revision FROM subject WHERE id = ?').get(points[1]) as { revision: number };
    setSubjectFacts(core.ledger, actor('测试'), { id: points[1]!, expectedRevision: subject.revision, year: 2019, values: { farmOnlineSales: '100' } });
    const after = claimRow(core.db, approved)!;
    expect([after.amount_fen, after.trace, after.pack_digest, after.frozen]).toEqual([before.amount_fen, before.trace, before.pack_digest, 1]);

    // not yet approved: the same fall in sales makes approval refuse (the noticed amount no longer holds)
    const noticed = claimIn('noticed', points[2]!);
    core.db.prepare('UPDATE claim SET facts = ? WHERE id = ?').run(JSON.stringify({ farmOnlineSales: '100.00' }), noticed); // as if the facts had changed
    expect(refusal(() => approveClaim(core.ledger, director, noticed)).message).toMatch(/请作废后重新申报|不符合/);
  });

  it('flags a claim just over the threshold, and the reviewer must acknowledge it in writing', () => {
    const id = newClaim(points[0]!); // 50,500 元 against 50,000: 1% above
    submitClaim(core.ledger, clerk, id);
    expect(JSON.parse(claimRow(core.db, id)!.flags)).toEqual([expect.stringContaining('仅比门槛 50,000.00 元 高 1.0%')]);
    expect(refusal(() => passClaim(core.ledger, reviewer, { id })).message).toMatch(/^核查说明：申报 SB2019-0001 有 1 个疑点/);
    passClaim(core.ledger, reviewer, { id, acknowledgement: '已调取平台后台流水，属实' });
    expect(claimRow(core.db, id)!.flags_ack).toBe('已调取平台后台流水，属实');
  });

  it('needs objections resolved before approval; an upheld one blocks it', () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '100000' });
    const id = claimIn('noticed', points[1]!);
    const objection = recordObjection(core.ledger, clerk, { claimId: id, receivedOn: '2019-11-22', text: '群众反映该网点已停业' });
    expect(refusal(() => approveClaim(core.ledger, director, id)).message).toContain('1 条异议尚未处理');
    resolveObjection(core.ledger, reviewer, { id: objection, resolution: '经实地核查，网点正常营业', upheld: false });
    approveClaim(core.ledger, director, id);
    expect(claimRow(core.db, id)!.state).toBe('approved');
  });

  it('refuses a payment that does not match an approved claim and its amount', () => {
    setBudget(core.ledger, director, { year: 2019, docNo: '淮商〔2019〕88号', base: '100000' });
    const id = claimIn('approved', points[1]!);
    const no = claimRow(core.db, id)!.no;
    const pay = (claimNo: string, amount: string) => recordPayments(core.ledger, director, [{ claimNo, voucherNo: 'PZ1', paidOn: '2019-12-09', amount }], '手工登记', '2019-12-10');
    expect(refusal(() => pay('SB2019-9999', '10000')).message).toBe('申报编号“SB2019-9999”不存在');
    expect(refusal(() => pay(no, '9999.99')).message).toBe(`实付金额 9,999.99 元与申报 ${no} 的审批金额 10,000.00 元不符`);
    expect(refusal(() => recordPayments(core.ledger, clerk, [{ claimNo: no, voucherNo: 'PZ1', paidOn: '2019-12-09', amount: '10000' }], '手工登记', '2019-12-10')).code).toBe('FORBIDDEN');
    pay(no, '10000.00');
    expect(claimRow(core.db, id)).toMatchObject({ state: 'paid', paid_fen: 1_000_000, voucher_no: 'PZ1' });
    expect(refusal(() => voidClaim(core.ledger, admin, { id, reason: '想作废' })).code).toBe('STATE');
  });
});
