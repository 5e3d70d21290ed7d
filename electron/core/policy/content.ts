import { z } from 'zod';
import { County } from '../../../shared/domain/counties';
import { ExchangeSettings, PackExchange } from '../../../shared/domain/exchange';
import { PolicyPackMeta } from '../../../shared/domain/policy';
import { IndicatorsFile } from '../../../shared/domain/progress';
import { CityTarget, CountyTargetDefinition, FactDefinition, Parameter, Rule } from '../../../shared/domain/rules';
import { TaskDefinition } from '../../../shared/domain/tasks';

// What a policy pack holds, file by file: the schemas a pack folder is validated against, and
// the content the ledger stores and the engine runs on.

export const REQUIRED_FILES = ['tasks.json', 'counties.json', 'parameters.json', 'rules.json', 'targets.json'] as const;

export const PackManifest = PolicyPackMeta.extend({ files: z.array(z.string().regex(/^[a-z0-9-]+\.json$/)) });

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
  }),
  'targets.json': z.object({ countyTargets: z.array(CountyTargetDefinition), cityTargets: z.array(CityTarget) }),
  /** Optional: the quarterly progress indicators (a pack without it has no computed progress). */
  'indicators.json': IndicatorsFile.extend({ source: z.string() }),
  /** Optional: how counties sign bundles and the key that turns ID numbers into keyed hashes. */
  'exchange.json': ExchangeSettings.extend({ source: z.string() }),
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
});
export type PolicyPackContent = z.infer<typeof PolicyPackContent>;
