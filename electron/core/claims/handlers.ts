import { namesOf } from '../accounts/repository';
import type { Principal } from '../../../shared/domain/accounts';
import { CLAIM_STATE_LABELS, FUND_LABELS } from '../../../shared/domain/claims';
import { addDays, chinaToday } from '../../../shared/dates';
import { DomainError } from '../../../shared/result';
import { base64, type HandlerGroup, signedIn } from '../calls';
import type { Core } from '../core';
import { engineFor } from '../policy/service';
import { subjectById } from '../registry/repository';
import { installSettings } from '../settings/service';
import { approvalSheetPdf } from './approval-sheet';
import { currentFlags } from './decision';
import { noticePdf, noticeXlsx, paymentFile, readPaymentSheet, sheetsXlsx } from './documents';
import { documentExported } from './events';
import { prefillFacts, purchasesFor } from './facts';
import { listNotices, noticeRow } from './notice-repository';
import { createNotice, endNotice, recordObjection, resolveObjection } from './notices';
import { recordPayments, setBudget } from './payments';
import { budgetView, claimHistory, subsidies } from './reports';
import { claimPage } from './list-repository';
import { claimIdByNo, claimRow, claimRows, flagsOf } from './repository';
import { addEvidence, approveClaim, createClaim, editClaim, passClaim, readEvidence, returnClaim, submitClaim, voidClaim } from './service';
import { claimView, ruleTitles } from './views';

function view(core: Core, id: string) {
  const row = claimRow(core.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '找不到该申报');
  return claimView(core.db, row);
}

function noticeView(core: Core, id: string) {
  const notice = listNotices(core.db).find((n) => n.id === id);
  if (!notice) throw new DomainError('NOT_FOUND', '找不到该公示');
  return notice;
}

const today = (core: Core) => chinaToday(core.sessions.time());

/** A document leaving the app is journaled: which, how many rows, whether personal data was in full. */
function journalExport(core: Core, by: Principal, document: string, fileName: string, rows: number, masked: boolean, claims: string[]): void {
  core.ledger.append(by.username, { kind: documentExported.kind, entity: `document:${document}`, payload: { document, fileName, rows, masked, claims } });
}

export const claimHandlers: HandlerGroup<'claims' | 'notices' | 'objections' | 'budget' | 'payments' | 'reports'> = {
  'claims.list': (input, core) => {
    const titles = ruleTitles(core.db);
    const name = namesOf(core.db);
    return claimRows(core.db, input.year ? { year: input.year } : {}).map((r) => claimView(core.db, r, titles, name));
  },
  'claims.page': (input, core) => {
    const titles = ruleTitles(core.db);
    const ruleOrder = [...titles].sort(([, a], [, b]) => a.title.localeCompare(b.title, 'zh-Hans-CN')).map(([id]) => id);
    const page = claimPage(core.db, input, input, ruleOrder);
    return {
      total: page.total,
      totalFen: page.totalFen,
      rows: page.rows.map((r) => ({ id: r.id, no: r.no, subjectName: r.name, town: r.town, village: r.village, rule: r.rule, ruleTitle: titles.get(r.rule)?.title ?? r.rule, year: r.year, state: r.state, amountFen: r.amount_fen, flags: r.flags, noticeId: r.notice_id })),
    };
  },
  'claims.get': (input, core) => {
    const row = claimRow(core.db, input.id);
    if (!row) throw new DomainError('NOT_FOUND', '找不到该申报');
    const open = row.state === 'submitted' || row.state === 'draft' || row.state === 'returned';
    return {
      claim: claimView(core.db, row),
      history: claimHistory(core.db, row.id),
      currentFlags: open ? currentFlags(core.db, engineFor(core.db), row, row.amount_fen) : flagsOf(row),
    };
  },
  'claims.approvalSheet': async (input, core, ctx) => {
    const row = claimRow(core.db, input.id);
    if (!row) throw new DomainError('NOT_FOUND', '找不到该申报');
    const bytes = await approvalSheetPdf(core.db, row);
    const fileName = `审批表-${row.no}.pdf`;
    journalExport(core, signedIn(ctx), `approval-sheet:${row.no}`, fileName, 1, true, [row.id]);
    return { fileName, contentBase64: base64(bytes) };
  },
  'claims.prefill': (input, core) => {
    const subject = subjectById(core.db, input.subjectId);
    if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
    const purchases = input.rule === 'poverty-purchase' ? purchasesFor(core.db, String(subject.parsed.uscc ?? ''), input.year) : [];
    return { facts: prefillFacts(core.db, engineFor(core.db), input.rule, input.subjectId, input.year), purchases };
  },
  'claims.create': (input, core, ctx) => view(core, createClaim(core.ledger, signedIn(ctx), input)),
  'claims.edit': (input, core, ctx) => {
    editClaim(core.ledger, signedIn(ctx), input);
    return view(core, input.id);
  },
  'claims.addEvidence': (input, core, ctx) => {
    addEvidence(core.ledger, signedIn(ctx), core.dataDir, { id: input.id, fileName: input.fileName, bytes: Buffer.from(input.contentBase64, 'base64') });
    return view(core, input.id);
  },
  'claims.evidence': (input, core) => {
    const file = readEvidence(core.db, core.dataDir, input.id, input.sha256);
    return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
  },
  'claims.submit': (input, core, ctx) => {
    submitClaim(core.ledger, signedIn(ctx), input.id);
    return view(core, input.id);
  },
  'claims.pass': (input, core, ctx) => {
    passClaim(core.ledger, signedIn(ctx), input);
    return view(core, input.id);
  },
  'claims.return': (input, core, ctx) => {
    returnClaim(core.ledger, signedIn(ctx), input);
    return view(core, input.id);
  },
  'claims.approve': (input, core, ctx) => {
    approveClaim(core.ledger, signedIn(ctx), input.id);
    return view(core, input.id);
  },
  'claims.void': (input, core, ctx) => {
    voidClaim(core.ledger, signedIn(ctx), input);
    return view(core, input.id);
  },
  'notices.list': (_input, core) => listNotices(core.db),
  'notices.create': (input, core, ctx) => {
    const s = installSettings(core.db);
    const endsOn = input.endsOn ?? addDays(input.startsOn, s.noticeDays - 1);
    const contact = input.contact?.trim() || s.noticeContact;
    const id = createNotice(core.ledger, signedIn(ctx), { claimIds: input.claimIds, startsOn: input.startsOn, endsOn, contact, ...(input.title ? { title: input.title } : {}) });
    return noticeView(core, id);
  },
  'notices.end': (input, core, ctx) => {
    endNotice(core.ledger, signedIn(ctx), input.id, today(core));
    return noticeView(core, input.id);
  },
  'notices.document': async (input, core, ctx) => {
    const notice = noticeRow(core.db, input.id);
    if (!notice) throw new DomainError('NOT_FOUND', '找不到该公示');
    const file = input.format === 'pdf' ? await noticePdf(core.db, notice, new Date(`${notice.starts_on}T00:00:00+08:00`)) : await noticeXlsx(core.db, notice);
    const fileName = `${notice.title}.${input.format}`;
    journalExport(core, signedIn(ctx), `notice:${notice.no}`, fileName, file.rows, true, file.claims);
    return { fileName, contentBase64: base64(file.bytes) };
  },
  'objections.record': (input, core, ctx) => {
    recordObjection(core.ledger, signedIn(ctx), input);
    return view(core, input.claimId);
  },
  'objections.resolve': (input, core, ctx) => {
    return view(core, resolveObjection(core.ledger, signedIn(ctx), input));
  },
  'budget.get': (input, core) => budgetView(core.db, input.year, input.fund),
  'budget.set': (input, core, ctx) => {
    setBudget(core.ledger, signedIn(ctx), input);
    return budgetView(core.db, input.year, input.fund);
  },
  'payments.file': async (input, core, ctx) => {
    const file = await paymentFile(core.db, input.year);
    const fileName = `拨付清单${input.year ? `-${input.year}年度` : ''}-${today(core)}.xlsx`;
    // The one export with ID numbers and bank accounts in full: journaled with who took it.
    journalExport(core, signedIn(ctx), 'payment-file', fileName, file.claims.length, false, file.claims);
    return { fileName, contentBase64: base64(file.bytes) };
  },
  'payments.record': (input, core, ctx) => {
    recordPayments(core.ledger, signedIn(ctx), [input], '手工登记', today(core));
    return view(core, claimIdByNo(core.db, input.claimNo.trim())!);
  },
  'payments.import': async (input, core, ctx) => {
    const rows = await readPaymentSheet(Buffer.from(input.contentBase64, 'base64'));
    return { recorded: recordPayments(core.ledger, signedIn(ctx), rows, `回单导入：${input.fileName}`, today(core)) };
  },
  'reports.subsidies': (input, core) => ({ byRule: subsidies(core.db, input.year, 'rule'), byTown: subsidies(core.db, input.year, 'town'), byMonth: subsidies(core.db, input.year, 'month') }),
  'reports.export': async (input, core, ctx) => {
    // amounts as fen in the money columns: sheetsXlsx writes them as numbers of yuan, formatted
    const money = (fen: number) => fen;
    const group = (name: string, by: 'rule' | 'town' | 'month', label: string) => ({
      name,
      headers: [label, '笔数', '已审批金额（元）', '已拨付金额（元）'],
      rows: subsidies(core.db, input.year, by).map((r) => [r.key, r.claims, money(r.committedFen), money(r.paidFen)]),
      moneyColumns: [2, 3],
    });
    let fileName: string;
    let bytes: Uint8Array;
    if (input.report === 'subsidies') {
      fileName = `${input.year}年度奖补资金统计.xlsx`;
      bytes = await sheetsXlsx([group('按奖补项目', 'rule', '奖补项目'), group('按乡镇', 'town', '乡镇'), group('按月份', 'month', '审批月份')]);
    } else if (input.report === 'budget') {
      // one fund at a time: each has its own document, amount and claims
      const b = budgetView(core.db, input.year, input.fund);
      const commerce = b.fund === 'commerce';
      fileName = commerce ? `${input.year}年度预算执行情况.xlsx` : `${input.year}年度预算执行情况（${FUND_LABELS[b.fund]}）.xlsx`;
      bytes = await sheetsXlsx([
        {
          name: '预算执行',
          title: `${input.year}年度农村电商奖补资金预算执行情况（${FUND_LABELS[b.fund]}）`,
          headers: ['项目', '金额（元）'],
          rows: [
            ['下达文号', b.docNo ?? '（未登记）'],
            ...(commerce ? [['基础分配额', money(b.baseFen)], ['贫困县、行蓄洪区上浮', money(b.upliftFen)]] : [['下达金额', money(b.baseFen)]]),
            ['预算合计', money(b.totalFen)],
            ['已审批', money(b.committedFen)],
            ['已拨付', money(b.paidFen)],
            ['剩余可用', money(b.remainingFen)],
          ],
          widths: [28, 20],
          moneyColumns: [1],
        },
        { name: '按奖补项目', headers: ['奖补项目', '笔数', '已审批金额（元）', '已拨付金额（元）'], rows: b.byRule.map((r) => [r.title, r.claims, money(r.committedFen), money(r.paidFen)]), moneyColumns: [2, 3] },
        { name: '按月份', headers: ['月份', '审批金额（元）', '拨付金额（元）'], rows: b.byMonth.map((r) => [r.month, money(r.committedFen), money(r.paidFen)]), moneyColumns: [1, 2] },
      ]);
    } else {
      if (!input.claimId) throw new DomainError('VALIDATION', '请选择要导出历史的申报');
      const claim = view(core, input.claimId);
      fileName = `申报${claim.no}全过程记录.xlsx`;
      bytes = await sheetsXlsx([
        {
          name: '全过程记录',
          title: `申报 ${claim.no}：${claim.subjectName}，${claim.ruleTitle}，${claim.year}年度，当前状态「${CLAIM_STATE_LABELS[claim.state]}」`,
          headers: ['序号', '时间', '操作人', '操作', '操作后状态', '说明'],
          rows: claimHistory(core.db, claim.id).map((h) => [h.seq, h.at, h.actor, h.action, h.state ?? '', h.detail]),
          widths: [8, 24, 14, 14, 12, 70],
        },
        {
          name: '判定过程',
          headers: ['步骤', '说明', '依据条款'],
          rows: claim.trace.map((t) => [t.step, t.text, t.clause ?? '']),
          widths: [10, 80, 60],
        },
      ]);
    }
    journalExport(core, signedIn(ctx), `report:${input.report}`, fileName, 0, true, input.claimId ? [input.claimId] : []);
    return { fileName, contentBase64: base64(bytes) };
  },
};

