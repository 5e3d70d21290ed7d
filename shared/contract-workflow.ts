import { z } from 'zod';
import { UploadBase64 } from './limits';
import { AccountView, AuthStatus, Password, Role, SessionView, Username } from './domain/accounts';
import { BudgetView, ClaimFacts, ClaimPage, ClaimPageQuery, ClaimView, Fund, NoticeView } from './domain/claims';
import { TraceStep } from './domain/rules';
import { IsoDate } from './domain/tasks';

// The contract's methods for people (accounts, sign-in, settings) and for the path from
// application to payment. `access` says who may call: 'public' before sign-in, a list of roles
// (any of them), or, when absent, any signed-in user. dispatch enforces it.

const Id = z.string().min(1).max(64);
const Reason = (label: string) => z.string().trim().min(1, { message: `请填写${label}` }).max(500);
export const Base64File = z.object({ fileName: z.string(), contentBase64: z.string() });
const Year = z.number().int().min(2015).max(2035);
const YuanText = z.string().trim().min(1, { message: '请填写金额' }).max(30);

export const ClaimHistoryStep = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  action: z.string(),
  state: z.string().nullable(),
  detail: z.string(),
  trace: z.array(TraceStep).nullable(),
});

const SubsidyRows = z.array(z.object({ key: z.string(), claims: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int() }));

export const Settings = z.object({
  idleMinutes: z.number().int().min(1).max(240),
  noticeDays: z.number().int().min(1).max(60),
  noticeContact: z.string().max(200),
  fontPath: z.string().max(500),
});

const ADMIN = ['admin'] as const;
const CLERK = ['clerk'] as const;
const REVIEWER = ['reviewer'] as const;
const DIRECTOR = ['director'] as const;
const PAYERS = ['director', 'admin'] as const;

export const workflowMethods = {
  'auth.status': { input: z.object({}).strict(), output: AuthStatus, access: 'public' },
  'auth.setup': {
    input: z.object({ username: Username, displayName: z.string().trim().min(1, { message: '请填写姓名' }).max(32), password: Password, roles: z.array(Role).default([]) }).strict(),
    output: SessionView,
    access: 'public',
  },
  'auth.login': { input: z.object({ username: z.string().trim().min(1, { message: '请填写用户名' }), password: z.string().min(1, { message: '请填写密码' }) }).strict(), output: SessionView, access: 'public' },
  'auth.unlock': { input: z.object({ password: z.string().min(1, { message: '请填写密码' }) }).strict(), output: SessionView, access: 'public' },
  'auth.logout': { input: z.object({}).strict(), output: z.null(), access: 'public' },
  'auth.changePassword': { input: z.object({ current: z.string().min(1, { message: '请填写原密码' }), next: Password }).strict(), output: z.null() },
  'accounts.list': { input: z.object({}).strict(), output: z.array(AccountView), access: ADMIN },
  'accounts.create': {
    input: z.object({ username: Username, displayName: z.string().trim().min(1, { message: '请填写姓名' }).max(32), roles: z.array(Role).min(1, { message: '至少选择一个角色' }), password: Password }).strict(),
    output: AccountView,
    access: ADMIN,
  },
  'accounts.change': {
    input: z.object({ username: z.string().min(1), displayName: z.string().trim().min(1).max(32), roles: z.array(Role).min(1, { message: '至少选择一个角色' }), disabled: z.boolean() }).strict(),
    output: AccountView,
    access: ADMIN,
  },
  'accounts.resetPassword': { input: z.object({ username: z.string().min(1), password: Password }).strict(), output: z.null(), access: ADMIN },
  'accounts.unlock': { input: z.object({ username: z.string().min(1) }).strict(), output: AccountView, access: ADMIN },
  'settings.get': { input: z.object({}).strict(), output: Settings },
  'settings.save': { input: Settings.partial().strict(), output: Settings, access: ADMIN },

  'claims.list': { input: z.object({ year: Year.optional() }).strict(), output: z.array(ClaimView) },
  'claims.page': { input: ClaimPageQuery, output: ClaimPage },
  /** 审批表 of one claim as PDF (personal numbers masked; journaled as an export). */
  'claims.approvalSheet': { input: z.object({ id: Id }).strict(), output: Base64File },
  'claims.get': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ claim: ClaimView, history: z.array(ClaimHistoryStep), currentFlags: z.array(z.string()) }),
  },
  'claims.prefill': {
    input: z.object({ rule: z.string().min(1), subjectId: Id, year: Year }).strict(),
    output: z.object({
      facts: ClaimFacts,
      purchases: z.array(z.object({ id: z.string(), date: z.string(), seller: z.string(), voucherNo: z.string(), amountFen: z.number().int(), claimId: z.string().nullable() })),
    }),
  },
  'claims.create': {
    input: z.object({ rule: z.string().min(1), subjectId: Id, year: Year, facts: ClaimFacts.optional(), purchases: z.array(Id).max(10_000).optional(), reason: z.string().max(500).optional() }).strict(),
    output: ClaimView,
    access: CLERK,
  },
  'claims.edit': {
    input: z.object({ id: Id, expectedRevision: z.number().int().min(0), facts: ClaimFacts, purchases: z.array(Id).max(10_000).optional(), reason: Reason('修改原因') }).strict(),
    output: ClaimView,
    access: CLERK,
  },
  'claims.addEvidence': {
    input: z.object({ id: Id, fileName: z.string().trim().min(1).max(255), contentBase64: UploadBase64.min(1, { message: '文件为空' }) }).strict(),
    output: ClaimView,
    access: CLERK,
  },
  'claims.evidence': { input: z.object({ id: Id, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), output: Base64File },
  'claims.submit': { input: z.object({ id: Id }).strict(), output: ClaimView, access: CLERK },
  'claims.pass': { input: z.object({ id: Id, acknowledgement: z.string().max(1000).optional() }).strict(), output: ClaimView, access: REVIEWER },
  'claims.return': { input: z.object({ id: Id, reason: Reason('退回原因') }).strict(), output: ClaimView, access: REVIEWER },
  'claims.approve': { input: z.object({ id: Id }).strict(), output: ClaimView, access: DIRECTOR },
  'claims.void': { input: z.object({ id: Id, reason: Reason('作废原因') }).strict(), output: ClaimView },
  'notices.list': { input: z.object({}).strict(), output: z.array(NoticeView) },
  'notices.create': {
    input: z.object({ claimIds: z.array(Id).min(1, { message: '至少选择一条审核通过的申报' }).max(5000), startsOn: IsoDate, endsOn: IsoDate.optional(), contact: z.string().max(200).optional(), title: z.string().max(100).optional() }).strict(),
    output: NoticeView,
    access: REVIEWER,
  },
  'notices.end': { input: z.object({ id: Id }).strict(), output: NoticeView, access: ['reviewer', 'director'] },
  'notices.document': { input: z.object({ id: Id, format: z.enum(['pdf', 'xlsx']) }).strict(), output: Base64File },
  'objections.record': { input: z.object({ claimId: Id, receivedOn: IsoDate, text: Reason('异议内容') }).strict(), output: ClaimView, access: ['clerk', 'reviewer', 'director'] },
  'objections.resolve': { input: z.object({ id: Id, resolution: Reason('处理结果'), upheld: z.boolean() }).strict(), output: ClaimView, access: ['reviewer', 'director'] },
  'budget.get': { input: z.object({ year: Year, fund: Fund.optional() }).strict(), output: BudgetView },
  'budget.set': { input: z.object({ year: Year, fund: Fund.optional(), docNo: Reason('下达文号'), base: YuanText }).strict(), output: BudgetView, access: PAYERS },
  'payments.file': { input: z.object({ year: Year.optional() }).strict(), output: Base64File, access: PAYERS },
  'payments.record': {
    input: z.object({ claimNo: z.string().trim().min(1, { message: '请填写申报编号' }), voucherNo: Reason('凭证号'), paidOn: IsoDate, amount: YuanText }).strict(),
    output: ClaimView,
    access: PAYERS,
  },
  'payments.import': {
    input: z.object({ fileName: z.string().min(1).max(255), contentBase64: UploadBase64 }).strict(),
    output: z.object({ recorded: z.number().int() }),
    access: PAYERS,
  },
  'reports.subsidies': {
    input: z.object({ year: Year }).strict(),
    output: z.object({ byRule: SubsidyRows, byTown: SubsidyRows, byMonth: SubsidyRows }),
  },
  'reports.export': {
    input: z.object({ year: Year, report: z.enum(['subsidies', 'budget', 'claim-history']), claimId: Id.optional(), fund: Fund.optional() }).strict(),
    output: Base64File,
  },
} as const;

