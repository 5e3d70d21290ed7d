import { z } from 'zod';
import { QUARTER_PATTERN } from '../dates';
import { formatYuan } from '../money';
import { IsoDate } from './tasks';

// Quarterly progress against the plan's 18 tasks: indicators (targets from the policy pack,
// actuals computed from the ledger or entered by the clerk), narratives, evidence, status lights,
// and the quarter's report. The report is built from one serialisable snapshot (QuarterReport),
// so the county's app and the city's app render identical documents from the same data.

// ── Quarters ────────────────────────────────────────────────────────────────────────────────

export const Quarter = z.string().regex(QUARTER_PATTERN, { message: '季度格式应为 2019Q4（年份 + Q + 1～4）' });
export type Quarter = z.infer<typeof Quarter>;

// ── Status lights ───────────────────────────────────────────────────────────────────────────

export const LIGHTS = ['done', 'on-track', 'behind', 'overdue', 'no-target', 'not-applicable'] as const;
export const Light = z.enum(LIGHTS);
export type Light = z.infer<typeof Light>;

export const LIGHT_LABELS: Record<Light, string> = {
  done: '已完成',
  'on-track': '进展顺利',
  behind: '滞后',
  overdue: '逾期',
  'no-target': '未设目标',
  'not-applicable': '不适用',
};

/** Worst first: a task shows the worst light among its indicators. */
const SEVERITY: readonly Light[] = ['overdue', 'behind', 'no-target', 'on-track', 'done', 'not-applicable'];

export function worstLight(lights: readonly Light[]): Light {
  for (const light of SEVERITY) if (lights.includes(light)) return light;
  return 'not-applicable';
}

function dayNumber(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / 86_400_000;
}

export type LightInput = {
  target: number | null;
  /** null: nothing entered yet (counts as 0 against the path). */
  actual: number | null;
  /** The day work towards the target starts (the plan's issue date). */
  start: string;
  deadline: string;
  /** The day the light is read for: the quarter's end, or today within the current quarter. */
  asOf: string;
  /** Formats a value with its unit for the reason text, e.g. "3 个", "1,200.00 元". */
  format: (value: number) => string;
};

/**
 * The status light and its reason. 已完成: actual ≥ target (on any day). 逾期: the deadline has
 * passed (asOf is after it) and the target is not met. 滞后: behind the straight line from the
 * start to the target on the deadline. 进展顺利: on or ahead of that line.
 */
export function statusLight(input: LightInput): { light: Light; reason: string } {
  const { target, actual, start, deadline, asOf, format } = input;
  const deadlineText = formatIsoDay(deadline);
  if (target === null) return { light: 'no-target', reason: '尚未设定本县目标，无法判断进度' };
  const have = actual ?? 0;
  const haveText = actual === null ? '尚未填报' : `实际 ${format(have)}`;
  if (have >= target) return { light: 'done', reason: `${haveText}，已达到目标 ${format(target)}` };
  if (dayNumber(asOf) > dayNumber(deadline)) {
    return { light: 'overdue', reason: `时限 ${deadlineText} 已过，${haveText}，未达到目标 ${format(target)}` };
  }
  const span = dayNumber(deadline) - dayNumber(start);
  const elapsed = dayNumber(asOf) - dayNumber(start);
  const share = span <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / span));
  const expected = Math.round(target * share * 100) / 100;
  const path = `按 ${formatIsoDay(start)} 至 ${deadlineText} 均衡推进，截至 ${formatIsoDay(asOf)} 应完成 ${format(expected)}（目标 ${format(target)}）`;
  if (have >= expected) return { light: 'on-track', reason: `${haveText}，${path}` };
  return { light: 'behind', reason: `${haveText}，${path}` };
}

function formatIsoDay(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

// ── Indicator definitions (policy pack: indicators.json) ───────────────────────────────────

const Quote = z.string().min(1);

/** How the county's target for an indicator is set. */
export const IndicatorTarget = z.discriminatedUnion('type', [
  /** The plan breaks it down per county: targets.json's countyTargets for this indicator id. */
  z.object({ type: z.literal('county'), indicator: z.string().min(1) }),
  /** The same figure for every county (coverage 100%, completion 100%). */
  z.object({ type: z.literal('fixed'), value: z.number().min(0), quote: Quote }),
  /** Only a city-wide figure: the county records its own target with its source document. */
  z.object({ type: z.literal('local'), cityTarget: z.string().min(1).optional(), quote: Quote }),
  /** The year's subsidy budget (base allocation plus uplift), in fen. */
  z.object({ type: z.literal('budget'), quote: Quote }),
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
  pathStart: z.object({ date: IsoDate, quote: Quote }),
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
});
export type TaskQuarter = z.infer<typeof TaskQuarter>;

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
  /** Month 1–12 of the year: committed (approved) and paid, in fen; budget total in fen or null. */
  months: z.array(z.object({ month: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int() })),
  budgetFen: z.number().int().nullable(),
});
export type DashboardView = z.infer<typeof DashboardView>;

/** An indicator's value in its unit, e.g. "3 个", "12.5 公里", "1,200.00 元". */
export function formatIndicatorValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === '元') return formatYuan(Math.round(value));
  const text = Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}
