import { z } from 'zod';
import { TraceStep } from './rules';

// 市级复核: the city's verdict on each award a county reports, re-decided from the bundle alone.

export const VERDICTS = ['consistent', 'amount-mismatch', 'ineligible', 'rule-missing', 'facts-incomplete'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const VERDICT_LABELS: Record<Verdict, string> = {
  consistent: '一致',
  'amount-mismatch': '金额不符',
  ineligible: '不符合条件',
  'rule-missing': '规则缺失',
  'facts-incomplete': '事实不全',
};

/** Where the county's trace and the city's part: the first step that differs (1-based), with each side's text. */
export const DifferingStep = z.object({ index: z.number().int().min(1), kind: z.string(), county: z.string().nullable(), city: z.string().nullable() });
export type DifferingStep = z.infer<typeof DifferingStep>;

/** One claim the city does not find as the county reported it. */
export const RecheckFinding = z.object({
  claimId: z.string(),
  claimNo: z.string(),
  rule: z.string(),
  verdict: Verdict,
  countyAmount: z.number().int().nullable(),
  cityAmount: z.number().int().nullable(),
  step: DifferingStep.nullable(),
  reason: z.string(),
});
export type RecheckFinding = z.infer<typeof RecheckFinding>;

/** What `city recheck` prints and the 复核 view starts from: per county, how many claims and which were not found consistent. */
export const RecheckSummary = z.object({
  counties: z.array(
    z.object({
      county: z.string(),
      name: z.string(),
      bundleDigest: z.string().nullable(),
      claims: z.number().int(),
      consistent: z.number().int(),
      findings: z.array(RecheckFinding),
    }),
  ),
});
export type RecheckSummary = z.infer<typeof RecheckSummary>;

/** Counts and sums (county's amounts, fen) by county, verdict and rule. */
export const RecheckGroup = z.object({ county: z.string(), name: z.string(), verdict: Verdict, rule: z.string(), ruleTitle: z.string(), claims: z.number().int(), countyFen: z.number().int(), cityFen: z.number().int() });
export type RecheckGroup = z.infer<typeof RecheckGroup>;

export const RecheckView = z.object({ groups: z.array(RecheckGroup), summary: RecheckSummary });
export type RecheckView = z.infer<typeof RecheckView>;

/** The drill-down: one claim with both traces side by side. */
export const RecheckClaimDetail = z.object({
  county: z.string(),
  claimNo: z.string(),
  rule: z.string(),
  ruleTitle: z.string(),
  year: z.number().int(),
  decidedOn: z.string().nullable(),
  verdict: Verdict,
  reason: z.string(),
  countyAmount: z.number().int().nullable(),
  cityAmount: z.number().int().nullable(),
  step: DifferingStep.nullable(),
  countyTrace: z.array(TraceStep),
  cityTrace: z.array(TraceStep),
});
export type RecheckClaimDetail = z.infer<typeof RecheckClaimDetail>;
