import { z } from 'zod';
import { QUARTER_PATTERN } from '../dates';
import { formatYuan } from '../money';
import { Fund } from './claims';
import { PackNote } from './readings';
import { IsoDate, TASK_PARTS } from './tasks';

// Quarterly progress against the plan's 18 tasks: indicators (targets from the policy pack,
// actuals computed from the ledger or entered by the clerk), narratives, evidence, status lights,
// and the quarter's report. The report is built from one serialisable snapshot (QuarterReport),
// so the county's app and the city's app render identical documents from the same data.

// ── Quarters ────────────────────────────────────────────────────────────────────────────────

export const Quarter = z.string().regex(QUARTER_PATTERN, { message: '季度格式应为 2019Q4（年份 + Q + 1～4）' });
export type Quarter = z.infer<typeof Quarter>;

// ── Status lights ───────────────────────────────────────────────────────────────────────────

export const LIGHTS = ['done', 'on-track', 'behind', 'overdue', 'unreported', 'pending', 'no-target', 'city-led', 'not-applicable'] as const;
export const Light = z.enum(LIGHTS);
export type Light = z.infer<typeof Light>;

export const LIGHT_LABELS: Record<Light, string> = {
  done: '已完成',
  'on-track': '进展顺利',
  behind: '滞后',
  overdue: '逾期',
  unreported: '未填报',
  pending: '待时限判断',
  'no-target': '未设目标',
  'city-led': '市级牵头',
  'not-applicable': '不适用',
};

/** Worst first: a task shows the worst light among its indicators. */
const SEVERITY: readonly Light[] = ['overdue', 'behind', 'unreported', 'no-target', 'pending', 'on-track', 'done', 'city-led', 'not-applicable'];

export function worstLight(lights: readonly Light[]): Light {
  for (const light of SEVERITY) if (lights.includes(light)) return light;
  return 'not-applicable';
}

function dayNumber(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / 86_400_000;
}

export type LightInput = {
  target: number | null;
  /** null: nothing reported yet (未填报): never read as zero. */
  actual: number | null;
  /** count: builds up from nothing (entities, villages); level: a rate or coverage that does not. */
  kind: 'count' | 'level';
  /** A level's value when the plan was issued, as the county recorded it, or null. */
  baseline: number | null;
  /** The day work towards the target starts (the plan's issue date). */
  start: string;
  deadline: string;
  /** The day the light is read for: the quarter's end, or today within the current quarter. */
  asOf: string;
  /** Formats a value with its unit for the reason text, e.g. "3 个", "1,200.00 元". */
  format: (value: number) => string;
};

/**
 * The status light and its reason. 未填报: nothing reported yet. 已完成: actual ≥ target (on any
 * day). 逾期: the deadline has passed (asOf is after it) and the target is not met. Before the
 * deadline, a count is compared with the straight line from nothing at the start to the target
 * at the deadline (滞后 below it, 进展顺利 on or above it); a level (a rate, a coverage) does not
 * build up from nothing, so it is compared with the line from its recorded baseline, and without
 * one it is judged only at the deadline (待时限判断). A deadline that fell before the plan was
 * issued is judged from the issue date on: nothing can be late before the plan exists.
 */
export function statusLight(input: LightInput): { light: Light; reason: string } {
  const { target, actual, kind, baseline, start, asOf, format } = input;
  const deadline = input.deadline < start ? start : input.deadline;
  const deadlineText = formatIsoDay(deadline);
  if (actual === null) return { light: 'unreported', reason: '尚未填报，不判断进度' };
  if (target === null) return { light: 'no-target', reason: '尚未设定本县目标，无法判断进度' };
  const haveText = `实际 ${format(actual)}`;
  if (actual >= target) return { light: 'done', reason: `${haveText}，已达到目标 ${format(target)}` };
  if (dayNumber(asOf) > dayNumber(deadline)) {
    return { light: 'overdue', reason: `时限 ${deadlineText} 已过，${haveText}，未达到目标 ${format(target)}` };
  }
  const from = kind === 'count' ? 0 : baseline;
  if (from === null) return { light: 'pending', reason: `${haveText}；比率类指标不按时间累计，本县未登记基期值，到时限 ${deadlineText} 时判断是否达到目标 ${format(target)}` };
  const span = dayNumber(deadline) - dayNumber(start);
  const elapsed = dayNumber(asOf) - dayNumber(start);
  const share = span <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / span));
  const expected = Math.round((from + (target - from) * share) * 100) / 100;
  const origin = kind === 'count' ? '' : `自基期值 ${format(from)} 起`;
  const path = `${origin}按 ${formatIsoDay(start)} 至 ${deadlineText} 均衡推进，截至 ${formatIsoDay(asOf)} 应达到 ${format(expected)}（目标 ${format(target)}）`;
  if (actual >= expected) return { light: 'on-track', reason: `${haveText}，${path}` };
  return { light: 'behind', reason: `${haveText}，${path}` };
}

function formatIsoDay(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

// ── Indicator definitions (policy pack: indicators.json) ───────────────────────────────────

/** The plan's own words, verbatim (a test finds each in the plan's text). */
const Quote = z.string().min(1);
/** Where in the plan a quote stands, e.g. 二(七). */
const Section = z.string().min(1);
/** A target's source: the plan's words, the pack's note beside them, or both (at least one). */
const Sourced = { section: Section.optional(), quote: Quote.optional(), note: PackNote.optional() };
const hasSource = (t: { quote?: string | undefined; note?: unknown }) => t.quote !== undefined || t.note !== undefined;

/** How the county's target for an indicator is set. */
export const IndicatorTarget = z.discriminatedUnion('type', [
  /** The plan breaks it down per county: targets.json's countyTargets for this indicator id. */
  z.object({ type: z.literal('county'), indicator: z.string().min(1) }),
  /** The same figure for every county (coverage 100%, completion 100%). */
  z.object({ type: z.literal('fixed'), value: z.number().min(0), ...Sourced }).refine(hasSource, { message: '须给出方案原文（quote）或系统说明（note）' }),
  /** Only a city-wide figure: the county records its own target with its source document. */
  z.object({ type: z.literal('local'), cityTarget: z.string().min(1).optional(), ...Sourced }).refine(hasSource, { message: '须给出方案原文（quote）或系统说明（note）' }),
  /** The year's subsidy budget (base allocation plus uplift), in fen (packs before 1.1). */
  z.object({ type: z.literal('budget'), ...Sourced }),
  /** Shown for information; it does not set the light. */
  z.object({ type: z.literal('none') }),
]);
export type IndicatorTarget = z.infer<typeof IndicatorTarget>;

const Lists = z.array(z.string().min(1)).min(1);
/** A registry field's key (it is written into a JSON path, so letters only). */
const FieldKey = z.string().regex(/^[A-Za-z]+$/, { message: '字段名只能由英文字母组成' });
const Where = z.record(FieldKey, z.union([z.string(), z.boolean()]));

/** How an actual is obtained from the ledger. Windows run from 1 January of the deadline's year to the day read. */
export const Measure = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('count-subjects'),
    lists: Lists,
    where: Where.optional(),
    /** The date field that places a subject in time (成立日期, 认定日期, 培训日期). */
    dateField: FieldKey,
    /** Only subjects dated within the year (new this year), or all dated up to the day read. */
    withinYear: z.boolean(),
    /** Subjects without the date: counted (designations recorded without a date) or left out. */
    undated: z.enum(['count', 'skip']),
    /** The county reading (readings.json) that says from when subjects count as 新增/培育; it overrides withinYear. */
    reading: z.string().optional(),
  }),
  z.object({
    type: z.literal('count-facts-over'),
    lists: Lists,
    fact: FieldKey,
    /** Strictly more than (超): the Civil Code reading of 超过. */
    overFen: z.number().int().min(0),
  }),
  z.object({ type: z.literal('sum-field'), lists: Lists, field: FieldKey, dateField: FieldKey }),
  z.object({
    type: z.literal('claims'),
    rules: z.array(z.string().min(1)).optional(),
    value: z.enum(['count', 'committed', 'paid']),
  }),
]);
export type Measure = z.infer<typeof Measure>;

export const IndicatorUnit = z.enum(['个', '家', '人', '公里', '%', '个百分点', '元']);

export const IndicatorDefinition = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  task: z.number().int().min(1),
  label: z.string().min(1),
  unit: IndicatorUnit,
  /** count: builds up from nothing; level: a rate, a coverage or an increase in points, which does not. */
  kind: z.enum(['count', 'level']).default('count'),
  /** computed: from the ledger by `measure`; entered: by the clerk each quarter, with a source. */
  source: z.enum(['computed', 'entered']),
  measure: Measure.optional(),
  target: IndicatorTarget,
  /** What to enter and where the figure comes from (entered indicators). */
  hint: z.string().optional(),
  /** The city-wide target (targets.json cityTargets) that the counties' actuals add up to. */
  sumsTo: z.string().optional(),
});
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

export const IndicatorsFile = z.object({
  /** Where the straight-line path to each target starts: the plan's issue date. */
  pathStart: z.object({ date: IsoDate, quote: Quote.optional(), note: PackNote.optional() }),
  indicators: z
    .array(IndicatorDefinition)
    .refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, { message: '指标编号重复' })
    .refine((xs) => xs.every((x) => (x.source === 'computed') === (x.measure !== undefined)), {
      message: '计算类指标必须给出 measure，填报类指标不能给出 measure',
    }),
});
export type IndicatorsFile = z.infer<typeof IndicatorsFile>;

// ── Values entered and the quarter's report ─────────────────────────────────────────────────

export const MAX_NARRATIVE = 2000;
const Narrative = z.string().max(MAX_NARRATIVE, { message: `不能超过 ${MAX_NARRATIVE} 个字` });

export const ProgressText = z.object({ narrative: Narrative, problems: Narrative, nextSteps: Narrative });
export type ProgressText = z.infer<typeof ProgressText>;

export const EvidenceFile = z.object({ sha256: z.string(), fileName: z.string(), size: z.number().int(), addedBy: z.string(), addedAt: z.string() });
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const IndicatorResult = z.object({
  id: z.string(),
  label: z.string(),
  unit: IndicatorUnit,
  source: z.enum(['computed', 'entered']),
  /** Target and actual in the unit; amounts (unit 元) in fen. */
  target: z.number().nullable(),
  /** Where the target comes from (IndicatorTarget's type): 'local' ones the county sets itself. */
  targetType: z.enum(['county', 'fixed', 'local', 'budget', 'none']),
  targetBasis: z.string(),
  actual: z.number().nullable(),
  /** How the actual was obtained: the query's wording, or the source the clerk gave. */
  actualBasis: z.string(),
  /** For an entered value carried over from an earlier quarter: that quarter. */
  enteredIn: z.string().nullable(),
  light: Light,
  reason: z.string(),
  /** Whether the light counts towards the task's (informational indicators do not). */
  counts: z.boolean(),
  hint: z.string(),
  kind: z.enum(['count', 'level']).optional(),
  /** A level's baseline as the county recorded it (its value when the plan was issued). */
  baseline: z.number().nullable().optional(),
  /** A count's additions after the deadline: shown beside the actual, never counted towards the target. */
  after: z.number().nullable().optional(),
});
export type IndicatorResult = z.infer<typeof IndicatorResult>;

export const TaskQuarter = z.object({
  no: z.number().int(),
  title: z.string(),
  leadUnits: z.string(),
  cooperatingUnits: z.string(),
  deadline: z.string(),
  deadlineText: z.string(),
  light: Light,
  reason: z.string(),
  indicators: z.array(IndicatorResult),
  narrative: z.string(),
  problems: z.string(),
  nextSteps: z.string(),
  evidence: z.array(EvidenceFile),
  revision: z.number().int(),
  /** The county's part in the task, from the plan's lead and co-operating units. */
  part: z.enum(TASK_PARTS).optional(),
  /** What the row must say besides its lights (a deadline before the plan was issued, a joint task). */
  notes: z.array(z.string()).optional(),
});
export type TaskQuarter = z.infer<typeof TaskQuarter>;

/** The county's subsidies of the year, by fund: its own section of the report (not task 17, which is the city's). */
export const SubsidySummary = z.object({
  year: z.number().int(),
  funds: z.array(
    z.object({
      fund: Fund,
      label: z.string(),
      docNo: z.string().nullable(),
      budgetFen: z.number().int().nullable(),
      committedFen: z.number().int(),
      paidFen: z.number().int(),
    }),
  ),
});
export type SubsidySummary = z.infer<typeof SubsidySummary>;

/** A reading or setting in force when the report was made, with who decided it. */
export const ReportReading = z.object({ id: z.string(), kind: z.enum(['reading', 'setting']), label: z.string(), valueLabel: z.string(), setBy: z.string().nullable(), setAt: z.string().nullable() });
export type ReportReading = z.infer<typeof ReportReading>;

/** 各县区要及时制定细化方案: the county's own plan document. */
export const CountyPlan = z.object({ docNo: z.string(), title: z.string(), issuedOn: IsoDate, fileName: z.string().nullable() });
export type CountyPlan = z.infer<typeof CountyPlan>;

/** 明确县直区直各部门和乡（镇）村工作责任: who in the county answers for a task, or a part of it. */
export const Responsibility = z.object({
  id: z.string(),
  task: z.number().int(),
  part: z.string(),
  unit: z.string(),
  unitKind: z.enum(['department', 'town']),
  deadline: IsoDate.nullable(),
});
export type Responsibility = z.infer<typeof Responsibility>;

/** What the county did under 二(八) (政府购买服务) and 二(九) (人才引进、返乡创业). */
export const MEASURE_KINDS = { 'public-service': '以政府购买服务方式提升农村电商公共服务', talent: '引进电商人才、鼓励青年返乡创业' } as const;
export const CountyMeasure = z.object({
  id: z.string(),
  kind: z.enum(['public-service', 'talent']),
  title: z.string(),
  docNo: z.string(),
  date: IsoDate,
  amountFen: z.number().int().nullable(),
  evidence: z.array(EvidenceFile),
});
export type CountyMeasure = z.infer<typeof CountyMeasure>;

export const QUARTER_STATES = ['open', 'closed'] as const;
export const QUARTER_STATE_LABELS = { open: '填报中', closed: '已关闭' } as const;

/**
 * The quarter's report as data: everything the xlsx and PDF show, nothing they look up. The
 * county's app builds it from its ledger; the signed bundle carries it; the city renders the
 * same bytes from it.
 */
export const QuarterReport = z.object({
  format: z.literal(1),
  county: z.object({ code: z.string(), name: z.string() }),
  quarter: Quarter,
  /** The day lights and computed actuals are read for. */
  asOf: IsoDate,
  pack: z.object({ id: z.string(), docNo: z.string(), title: z.string(), digest: z.string() }),
  state: z.enum(QUARTER_STATES),
  /** Who generated or closed it, and when (the document's date). */
  preparedBy: z.string(),
  approvedBy: z.string().nullable(),
  generatedAt: z.string(),
  tasks: z.array(TaskQuarter),
  // Reports made before these were kept have none of them (and keep their digests).
  subsidies: SubsidySummary.nullable().optional(),
  readings: z.array(ReportReading).optional(),
  plan: CountyPlan.nullable().optional(),
  responsibilities: z.array(Responsibility).optional(),
  measures: z.array(CountyMeasure).optional(),
});
export type QuarterReport = z.infer<typeof QuarterReport>;

export const QuarterView = z.object({
  quarter: Quarter,
  label: z.string(),
  asOf: IsoDate,
  state: z.enum(QUARTER_STATES),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Digest of the quarter's content as it stands now, and of the last report generated for it. */
  digest: z.string(),
  reportedDigest: z.string().nullable(),
  lights: z.record(Light, z.number().int()),
  tasks: z.array(TaskQuarter),
});
export type QuarterView = z.infer<typeof QuarterView>;

export const DashboardView = z.object({
  quarter: Quarter,
  asOf: IsoDate,
  year: z.number().int(),
  /** Per indicator that has a target: target and actual, for the bar chart. */
  indicators: z.array(z.object({ task: z.number().int(), id: z.string(), label: z.string(), unit: z.string(), target: z.number().nullable(), actual: z.number().nullable(), light: Light })),
  lights: z.array(z.object({ light: Light, label: z.string(), tasks: z.array(z.number().int()) })),
  claimsByState: z.array(z.object({ state: z.string(), label: z.string(), count: z.number().int(), amountFen: z.number().int() })),
  /** Month 1–12 of the year, every fund together: committed (approved) and paid, in fen. */
  months: z.array(z.object({ month: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int() })),
  /** The registered funds' budgets added up, in fen, or null while no fund has one. */
  budgetFen: z.number().int().nullable(),
  /** Each fund's budget (null: not registered), committed and paid in the year, in fen. */
  funds: z.array(z.object({ fund: Fund, label: z.string(), docNo: z.string().nullable(), budgetFen: z.number().int().nullable(), committedFen: z.number().int(), paidFen: z.number().int() })),
});
export type DashboardView = z.infer<typeof DashboardView>;

/** An indicator's value in its unit, e.g. "3 个", "12.5 公里", "1,200.00 元". */
export function formatIndicatorValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === '元') return formatYuan(Math.round(value));
  const text = Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}
