import { z } from 'zod';
import type { Role } from './accounts';
import { IsoDate } from './tasks';
import { TraceStep } from './rules';

// A claim: one subject × one rule × one year, moving through the bureau's hands from the clerk's
// draft to the payment. The state machine is data here so the core enforces it and the UI shows
// the same actions; four-eyes checks are in the core (electron/claims/service.ts).

export const CLAIM_STATES = ['draft', 'submitted', 'returned', 'reviewed', 'noticing', 'noticed', 'approved', 'paid', 'voided'] as const;
export const ClaimState = z.enum(CLAIM_STATES);
export type ClaimState = z.infer<typeof ClaimState>;

export const CLAIM_STATE_LABELS: Record<ClaimState, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '退回',
  reviewed: '审核通过',
  noticing: '公示中',
  noticed: '公示结束',
  approved: '已审批',
  paid: '已拨付',
  voided: '作废',
};

export const CLAIM_ACTIONS = ['edit', 'submit', 'pass', 'return', 'notice', 'endNotice', 'approve', 'pay', 'void'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

export type Transition = { label: string; from: readonly ClaimState[]; to: ClaimState; roles: readonly Role[] };

/** Every legal move. Anything else is refused with the claim's state and what it allows. */
export const TRANSITIONS: Record<ClaimAction, Transition> = {
  edit: { label: '修改', from: ['draft', 'returned'], to: 'draft', roles: ['clerk'] },
  submit: { label: '提交', from: ['draft', 'returned'], to: 'submitted', roles: ['clerk'] },
  pass: { label: '审核通过', from: ['submitted'], to: 'reviewed', roles: ['reviewer'] },
  return: { label: '退回', from: ['submitted'], to: 'returned', roles: ['reviewer'] },
  notice: { label: '列入公示', from: ['reviewed'], to: 'noticing', roles: ['reviewer'] },
  endNotice: { label: '结束公示', from: ['noticing'], to: 'noticed', roles: ['reviewer', 'director'] },
  approve: { label: '审批', from: ['noticed'], to: 'approved', roles: ['director'] },
  pay: { label: '登记拨付', from: ['approved'], to: 'paid', roles: ['director', 'admin'] },
  void: { label: '作废', from: ['draft', 'submitted', 'returned', 'reviewed', 'noticing', 'noticed', 'approved'], to: 'voided', roles: ['clerk', 'reviewer', 'director', 'admin'] },
};

export function allowedActions(state: ClaimState): ClaimAction[] {
  return CLAIM_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state));
}

/** A claim's facts as the rules engine takes them: amounts as yuan text, yes/no as booleans. */
export const ClaimFacts = z.record(z.string(), z.union([z.string().max(200), z.boolean()]));
export type ClaimFacts = z.infer<typeof ClaimFacts>;

/**
 * ClaimFacts's rule as one pass, for facts already stored (the city's recheck reads 100,000 of
 * them): zod's record of unions names the field for a clerk, but costs most of a recheck.
 */
export function isClaimFacts(value: unknown): value is ClaimFacts {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'boolean') continue;
    if (typeof v !== 'string' || v.length > 200) return false;
  }
  return true;
}

export const Evidence = z.object({ sha256: z.string(), fileName: z.string(), size: z.number().int(), addedBy: z.string(), at: z.string() });
export type Evidence = z.infer<typeof Evidence>;

export const Objection = z.object({
  id: z.string(),
  claimId: z.string(),
  receivedOn: IsoDate,
  text: z.string(),
  recordedBy: z.string(),
  resolution: z.string().nullable(),
  upheld: z.boolean().nullable(),
  resolvedBy: z.string().nullable(),
});
export type Objection = z.infer<typeof Objection>;

export const ClaimView = z.object({
  id: z.string(),
  no: z.string(),
  subjectId: z.string(),
  subjectName: z.string(),
  list: z.string(),
  town: z.string().nullable(),
  village: z.string().nullable(),
  rule: z.string(),
  ruleTitle: z.string(),
  clause: z.string(),
  year: z.number().int(),
  state: ClaimState,
  facts: ClaimFacts,
  purchases: z.array(z.string()),
  amountFen: z.number().int().nullable(),
  trace: z.array(TraceStep),
  packDigest: z.string().nullable(),
  frozen: z.boolean(),
  flags: z.array(z.string()),
  flagsAck: z.string().nullable(),
  enteredBy: z.string(),
  submittedBy: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  noticeId: z.string().nullable(),
  returnReason: z.string().nullable(),
  voidReason: z.string().nullable(),
  voucherNo: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidFen: z.number().int().nullable(),
  approvedAt: z.string().nullable(),
  evidence: z.array(Evidence),
  objections: z.array(Objection),
  revision: z.number().int(),
});
export type ClaimView = z.infer<typeof ClaimView>;

export const NoticeView = z.object({
  id: z.string(),
  no: z.string(),
  title: z.string(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  contact: z.string(),
  state: z.enum(['open', 'ended']),
  createdBy: z.string(),
  claims: z.number().int(),
  totalFen: z.number().int(),
});
export type NoticeView = z.infer<typeof NoticeView>;

/**
 * The money a rule's awards are paid from. The plan funds most awards from the city's special fund
 * for e-commerce (二(九)), but a county pays certified training from employment funds (人社); which
 * fund each rule draws on is the county's setting, and each fund has its own budget.
 */
export const FUNDS = ['commerce', 'employment'] as const;
export const Fund = z.enum(FUNDS);
export type Fund = z.infer<typeof Fund>;
export const FUND_LABELS: Record<Fund, string> = { commerce: '电子商务发展专项资金', employment: '就业补助资金' };

export const BudgetView = z.object({
  year: z.number().int(),
  fund: Fund,
  docNo: z.string().nullable(),
  baseFen: z.number().int(),
  upliftFen: z.number().int(),
  totalFen: z.number().int(),
  /** Why the uplift is what it is: the engine's trace for fund-uplift. */
  upliftTrace: z.array(TraceStep),
  committedFen: z.number().int(),
  paidFen: z.number().int(),
  remainingFen: z.number().int(),
  byRule: z.array(z.object({ rule: z.string(), title: z.string(), claims: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), committedFen: z.number().int(), paidFen: z.number().int() })),
});
export type BudgetView = z.infer<typeof BudgetView>;

/** Which registry list a rule's subjects come from, for the claim form. */
export const RULE_LISTS: Record<string, readonly string[]> = {
  'service-point-sales': ['service-points'],
  'poverty-point-service': ['service-points'],
  'enterprise-10m': ['enterprises'],
  'brand-1m': ['brands'],
  'demo-town': ['demo-divisions'],
  'demo-village': ['demo-divisions'],
  'purchase-cooperation': ['enterprises'],
  'training-subsidy': ['trainees'],
  'poverty-purchase': ['enterprises', 'cooperatives'],
  'cross-border-export': ['enterprises'],
};

/** Default 公示 period in days (a setting). */
export const DEFAULT_NOTICE_DAYS = 7;

/** A claim as one row of the county's list: what the table shows, without facts, trace or files. */
export const ClaimSummary = z.object({
  id: z.string(),
  no: z.string(),
  subjectName: z.string(),
  town: z.string().nullable(),
  village: z.string().nullable(),
  rule: z.string(),
  ruleTitle: z.string(),
  year: z.number().int(),
  state: ClaimState,
  amountFen: z.number().int().nullable(),
  flags: z.number().int(),
  noticeId: z.string().nullable(),
});
export type ClaimSummary = z.infer<typeof ClaimSummary>;

/** The columns the claims list sorts by. */
export const CLAIM_SORTS = ['no', 'subjectName', 'town', 'ruleTitle', 'amount', 'state', 'flags'] as const;
export const ClaimSort = z.enum(CLAIM_SORTS);
export type ClaimSort = z.infer<typeof ClaimSort>;

/** One page of the claims list: filters, sort and window, all applied by the core's query. */
export const ClaimPageQuery = z
  .object({
    year: z.number().int().min(2015).max(2035).optional(),
    /** 主体名称, its pinyin or initials, 申报编号, 乡镇 or 村, in part. */
    query: z.string().trim().max(60, { message: '搜索词最多 60 个字' }).optional(),
    states: z.array(ClaimState).max(CLAIM_STATES.length).optional(),
    rule: z.string().max(64).optional(),
    flagged: z.boolean().optional(),
    /** Approved (China time) or paid in this month, "2019-12": 首页's chart links here. */
    month: z.string().regex(/^\d{4}-\d{2}$/).optional(),
    /** The claims of one 公示 batch. */
    noticeId: z.string().max(64).optional(),
    sort: ClaimSort.optional(),
    descending: z.boolean().optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type ClaimPageQuery = z.input<typeof ClaimPageQuery>;

export const ClaimPage = z.object({ rows: z.array(ClaimSummary), total: z.number().int(), totalFen: z.number().int() });
export type ClaimPage = z.infer<typeof ClaimPage>;
