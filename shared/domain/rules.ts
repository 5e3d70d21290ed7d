import { z } from 'zod';
import { IsoDate } from './tasks';

// The shapes of a policy pack's rules, parameters and targets. Legislation as data: every number
// carries the clause it comes from; evaluation is pure code over these shapes (electron/rules).

export const RULE_IDS = [
  'service-point-sales',
  'enterprise-10m',
  'brand-1m',
  'demo-county',
  'demo-town',
  'demo-village',
  'purchase-cooperation',
  'training-subsidy',
  'poverty-point-service',
  'poverty-purchase',
  'cross-border-export',
  'fund-uplift',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SUBJECT_TYPES = [
  'service-point',
  'enterprise',
  'cooperative',
  'brand',
  'trainee',
  'poor-household',
  'county',
  'town',
  'village',
] as const;
export const SubjectType = z.enum(SUBJECT_TYPES);
export type SubjectType = z.infer<typeof SubjectType>;

export const SUBJECT_TYPE_LABELS: Record<SubjectType, string> = {
  'service-point': '电商服务网点',
  enterprise: '电商企业',
  cooperative: '合作社/基地/家庭农场',
  brand: '品牌',
  trainee: '培训学员',
  'poor-household': '贫困户',
  county: '县区',
  town: '乡镇',
  village: '村',
};

/** Where a number comes from: the plan's section and its own words. */
export const Clause = z.object({
  section: z.string().min(1),
  quote: z.string().min(1),
});
export type Clause = z.infer<typeof Clause>;

/**
 * 《民法典》第一千二百五十九条: 以上/以下/以内/届满 include the number; 不满/超过/以外 exclude it.
 * A threshold names its word and its bound, and the two must agree.
 */
export const BOUNDARY_WORDS = {
  以上: { bound: 'inclusive', direction: 'min' },
  以下: { bound: 'inclusive', direction: 'max' },
  以内: { bound: 'inclusive', direction: 'max' },
  达到: { bound: 'inclusive', direction: 'min' },
  超过: { bound: 'exclusive', direction: 'min' },
  不满: { bound: 'exclusive', direction: 'max' },
} as const;
export type BoundaryWord = keyof typeof BOUNDARY_WORDS;
export const BoundaryWordSchema = z.enum(Object.keys(BOUNDARY_WORDS) as [BoundaryWord, ...BoundaryWord[]]);
export const Bound = z.enum(['inclusive', 'exclusive']);
export type Bound = z.infer<typeof Bound>;

const DatedValue = <T extends z.ZodType>(value: T) => z.object({ from: IsoDate, value });

const ParameterBase = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  clause: Clause,
  note: z.string().optional(),
});

export const Parameter = z.discriminatedUnion('unit', [
  ParameterBase.extend({ unit: z.literal('fen'), values: z.array(DatedValue(z.number().int().min(0))).min(1) }),
  ParameterBase.extend({ unit: z.literal('usd-cents'), values: z.array(DatedValue(z.number().int().min(0))).min(1) }),
  ParameterBase.extend({ unit: z.literal('basis-points'), values: z.array(DatedValue(z.number().int().min(0).max(10_000))).min(1) }),
  ParameterBase.extend({ unit: z.literal('flag'), values: z.array(DatedValue(z.boolean())).min(1) }),
  ParameterBase.extend({
    unit: z.literal('choice'),
    options: z.record(z.string(), z.string()),
    values: z.array(DatedValue(z.string())).min(1),
  }),
]);
export type Parameter = z.infer<typeof Parameter>;
export type ParameterValue = number | boolean | string;

export const FactType = z.enum(['yuan', 'usd', 'boolean', 'text']);
export type FactType = z.infer<typeof FactType>;
export const FactDefinition = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  label: z.string().min(1),
  type: FactType,
  optional: z.boolean().default(false),
});
export type FactDefinition = z.infer<typeof FactDefinition>;

export const Condition = z.discriminatedUnion('type', [
  /** fact ≥ parameter (inclusive) or fact > parameter (exclusive). */
  z.object({ type: z.literal('threshold'), fact: z.string(), parameter: z.string(), bound: Bound, word: BoundaryWordSchema }),
  /** a yes/no fact that must be yes. */
  z.object({ type: z.literal('flag'), fact: z.string() }),
  /** an amount that must be more than zero (a sale or purchase actually happened). */
  z.object({ type: z.literal('positive'), fact: z.string() }),
]);
export type Condition = z.infer<typeof Condition>;

export const Award = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), parameter: z.string() }),
  /** the county's tier table decides, within the city's cap. */
  z.object({ type: z.literal('tiered'), basisFact: z.string(), capParameter: z.string() }),
  /** the county's rate (default: the cap rate) × base, rounded down to the fen. */
  z.object({ type: z.literal('percentage'), baseFact: z.string(), capRateParameter: z.string() }),
  /** the special-fund uplift for poverty counties and flood-storage areas. */
  z.object({
    type: z.literal('uplift'),
    baseFact: z.string(),
    rateParameter: z.string(),
    cumulativeParameter: z.string(),
  }),
]);
export type Award = z.infer<typeof Award>;

/** The setting a rule waits for before it pays: tiers or a rate the plan leaves to the county. */
export function settingNeeded(award: Award): 'tiers' | 'rate' | null {
  return award.type === 'tiered' ? 'tiers' : award.type === 'percentage' ? 'rate' : null;
}

export const Frequency = z.enum(['one-off', 'annual', 'annual-per-course']);
export type Frequency = z.infer<typeof Frequency>;
export const FREQUENCY_LABELS: Record<Frequency, string> = {
  'one-off': '一次性（同一主体不得重复）',
  annual: '每年一次',
  'annual-per-course': '每人每课程每年一次',
};

export const Rule = z.object({
  id: z.enum(RULE_IDS),
  title: z.string().min(1),
  clause: Clause,
  subjectTypes: z.array(SubjectType).min(1),
  frequency: Frequency,
  conditions: z.array(Condition),
  award: Award,
  note: z.string().optional(),
});
export type Rule = z.infer<typeof Rule>;

/** A tier: a basis at least `atLeast` (minor units of the basis fact) earns `awardFen`. */
export const Tier = z.object({ atLeast: z.number().int().min(0), awardFen: z.number().int().min(0) });
export type Tier = z.infer<typeof Tier>;

/** What a county sets for one rule, within the city's caps. */
export const RuleSetting = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tiers'), rule: z.enum(RULE_IDS), tiers: z.array(Tier).min(1).max(20) }),
  z.object({ type: z.literal('rate'), rule: z.enum(RULE_IDS), rateBasisPoints: z.number().int().min(0).max(10_000) }),
]);
export type RuleSetting = z.infer<typeof RuleSetting>;

// ── County targets ─────────────────────────────────────────────────────────────────────────────

export const INDICATOR_IDS = [
  'new-entities',
  'demo-villages',
  'demo-points',
  'demo-county',
  'demo-towns',
  'enterprises-10m',
  'brands-1m',
] as const;
export const IndicatorId = z.enum(INDICATOR_IDS);
export type IndicatorId = z.infer<typeof IndicatorId>;

export const INDICATOR_LABELS: Record<IndicatorId, string> = {
  'new-entities': '新培育工商注册电商经营主体',
  'demo-villages': '电商示范村',
  'demo-points': '示范点',
  'demo-county': '省级农村电商示范县',
  'demo-towns': '电商示范镇',
  'enterprises-10m': '上行年网络销售额超1000万元企业',
  'brands-1m': '上行年网络销售额超100万元品牌',
};

export const PopulationTier = z.object({
  min: z.number().int().min(0).nullable(),
  minBound: Bound.nullable(),
  max: z.number().int().min(0).nullable(),
  maxBound: Bound.nullable(),
  target: z.number().int().min(0),
  quote: z.string().min(1),
});
export type PopulationTier = z.infer<typeof PopulationTier>;

export const TargetRule = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('population-tier'),
    basisParameter: z.string(),
    tiers: z.array(PopulationTier).min(1),
    /** How the pack reads the numbers where the plan's phrases overlap. */
    boundaryReading: z.string().min(1),
  }),
  z.object({
    type: z.literal('by-county'),
    groups: z.array(z.object({ counties: z.array(z.string()).min(1), target: z.number().int().min(0), quote: z.string().min(1) })).min(1),
  }),
  /** One target shared by several counties (task 4: one demo county, 寿县 or 凤台县). */
  z.object({ type: z.literal('joint'), counties: z.array(z.string()).min(2), target: z.number().int().min(1), quote: z.string() }),
]);
export type TargetRule = z.infer<typeof TargetRule>;

export const CountyTargetDefinition = z.object({
  task: z.number().int().min(1),
  indicator: IndicatorId,
  label: z.string(),
  unit: z.string(),
  /** 以上: the target is a minimum. */
  atLeast: z.boolean(),
  rule: TargetRule,
});
export type CountyTargetDefinition = z.infer<typeof CountyTargetDefinition>;

export const CityTarget = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  task: z.number().int().min(1).nullable(),
  label: z.string(),
  target: z.number(),
  unit: z.string(),
  atLeast: z.boolean(),
  clause: Clause,
});
export type CityTarget = z.infer<typeof CityTarget>;

/** A county's target for one indicator, as the pack's rules give it. */
export const CountyTarget = z.object({
  county: z.string(),
  task: z.number().int(),
  indicator: IndicatorId,
  target: z.number().int().nullable(),
  unit: z.string(),
  atLeast: z.boolean(),
  joint: z.array(z.string()).optional(),
  basis: z.string(),
});
export type CountyTarget = z.infer<typeof CountyTarget>;

// ── Evaluation ─────────────────────────────────────────────────────────────────────────────────

export const TraceStep = z.object({
  step: z.enum(['subject', 'frequency', 'condition', 'amount', 'cap', 'parameter']),
  text: z.string(),
  clause: z.string().optional(),
  passed: z.boolean().nullable(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type TraceStep = z.infer<typeof TraceStep>;

export const EvaluationResult = z.object({
  id: z.string(),
  eligible: z.boolean(),
  /** Yuan with two decimals; null where the county has not set the tiers yet. */
  amount: z.string().nullable(),
  maxAmount: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  maxAmountFen: z.number().int().nullable(),
  trace: z.array(TraceStep),
});
export type EvaluationResult = z.infer<typeof EvaluationResult>;

export const CASE_ERROR_CODES = [
  'INVALID_CASE',
  'UNKNOWN_RULE',
  'UNKNOWN_COUNTY',
  'SUBJECT_TYPE_MISMATCH',
  'MISSING_FACT',
  'INVALID_AMOUNT',
  'NO_PARAMETER_VALUE',
  'YEAR_NOT_COVERED',
] as const;
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];
export const CaseError = z.object({
  id: z.string(),
  error: z.object({ code: z.enum(CASE_ERROR_CODES), message: z.string() }),
});
export type CaseError = z.infer<typeof CaseError>;
export const CaseOutcome = z.union([EvaluationResult, CaseError]);
export type CaseOutcome = z.infer<typeof CaseOutcome>;

/** A case as the CLI and the rule tester take it; facts are checked per rule by the engine. */
export const EvaluationCase = z.object({
  id: z.string().min(1),
  rule: z.string(),
  year: z.number().int().min(2000).max(2100),
  subject: z.object({ type: z.string(), county: z.string() }),
  /** The day of the decision: the law that reads 以上/超过 is the one in force then (default: the year's last day). */
  decidedOn: IsoDate.optional(),
  facts: z.record(z.string(), z.unknown()),
  previousAwards: z
    .array(z.object({ rule: z.string(), year: z.number().int(), course: z.string().optional() }))
    .optional(),
});
export type EvaluationCase = z.infer<typeof EvaluationCase>;
