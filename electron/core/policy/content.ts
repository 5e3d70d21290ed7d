import { z } from 'zod';
import { County } from '../../../shared/domain/counties';
import { ExchangeSettings, PackExchange } from '../../../shared/domain/exchange';
import { PolicyPackMeta } from '../../../shared/domain/policy';
import { IndicatorsFile } from '../../../shared/domain/progress';
import { CityTarget, CountyTargetDefinition, FactDefinition, Parameter, Rule } from '../../../shared/domain/rules';
import { ReadingDefinition } from '../../../shared/domain/readings';
import { IsoDate, TaskDefinition } from '../../../shared/domain/tasks';

// What a policy pack holds, file by file: the schemas a pack folder is validated against, and
// the content the ledger stores and the engine runs on.

export const REQUIRED_FILES = ['tasks.json', 'counties.json', 'parameters.json', 'rules.json', 'targets.json'] as const;

export const PackManifest = PolicyPackMeta.extend({
  files: z.array(z.string().regex(/^[a-z0-9-]+\.json$/)),
  /** The plan's text the pack was transcribed from, by file name and SHA-256 (the quote tests check both). */
  source: z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});

/** National law cited by date: the one in force on the day of a decision (《民法总则》 until 2020, then 《民法典》). */
export const Law = z.object({
  boundary: z.array(z.object({ from: IsoDate, citation: z.string().min(1) })).min(1),
  /** The sentence both laws share, quoted in traces. */
  text: z.string().min(1),
});
export type Law = z.infer<typeof Law>;

export const FILE_SCHEMAS = {
  'tasks.json': z.object({
    source: z.string(),
    tasks: z
      .array(TaskDefinition)
      .min(1)
      .refine((ts) => ts.every((t, i) => t.no === i + 1), { message: '任务序号必须从 1 起连续编号' }),
  }),
  'counties.json': z.object({
    source: z.string(),
    counties: z
      .array(County)
      .min(1)
      .refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, { message: '区划代码重复' }),
  }),
  'parameters.json': z.object({
    parameters: z.array(Parameter).refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, { message: '参数编号重复' }),
  }),
  'rules.json': z.object({
    facts: z.array(FactDefinition).refine((fs) => new Set(fs.map((f) => f.id)).size === fs.length, { message: '事实名称重复' }),
    rules: z.array(Rule).refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, { message: '规则编号重复' }),
    law: Law.optional(),
  }),
  'targets.json': z.object({ countyTargets: z.array(CountyTargetDefinition), cityTargets: z.array(CityTarget) }),
  /** Optional: the quarterly progress indicators (a pack without it has no computed progress). */
  'indicators.json': IndicatorsFile.extend({ source: z.string() }),
  /** Optional: how counties sign bundles and the key that turns ID numbers into keyed hashes. */
  'exchange.json': ExchangeSettings.extend({ source: z.string() }),
  /** Optional: what the plan leaves to the county (本县解读) and the county's settings. */
  'readings.json': z.object({
    source: z.string(),
    readings: z.array(ReadingDefinition).refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, { message: '解读编号重复' }),
  }),
} as const;

/** The pack's content: what the engine runs on. Stored whole in the ledger when loaded. */
export const PolicyPackContent = z.object({
  tasks: FILE_SCHEMAS['tasks.json'].shape.tasks,
  counties: FILE_SCHEMAS['counties.json'].shape.counties,
  parameters: z.array(Parameter),
  facts: z.array(FactDefinition),
  rules: z.array(Rule),
  countyTargets: z.array(CountyTargetDefinition),
  cityTargets: z.array(CityTarget),
  /** Packs stored before progress indicators existed parse with none. */
  progress: IndicatorsFile.nullable().default(null),
  exchange: PackExchange.nullable().default(null),
  /** Packs stored before readings and dated law citations existed parse without them. */
  readings: z.array(ReadingDefinition).default([]),
  law: Law.nullable().default(null),
});
export type PolicyPackContent = z.infer<typeof PolicyPackContent>;
