import { z } from 'zod';
import { County } from './domain/counties';
import { JournalEntry, LedgerVerification } from './domain/ledger';
import { InstallRole, LoadedPolicyPack } from './domain/policy';
import {
  CaseOutcome,
  CityTarget,
  CountyTarget,
  EvaluationCase,
  FactDefinition,
  Parameter,
  Rule,
  RuleSetting,
} from './domain/rules';
import { Task, TaskProgressUpdate } from './domain/tasks';

// The one declaration of what the renderer may ask of the main process (or the loopback host).
// Both sides derive their types from this object; the handler registry must match it exactly.

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  policy: LoadedPolicyPack.nullable(),
  counties: z.number().int(),
  tasks: z.number().int(),
  journalEntries: z.number().int(),
});

export const InstallInfo = z.object({ role: InstallRole.nullable(), county: County.nullable() });

export const PolicyView = z.object({
  active: LoadedPolicyPack,
  loaded: z.array(LoadedPolicyPack.extend({ active: z.boolean(), loadedSeq: z.number().int() })),
  rules: z.array(Rule),
  parameters: z.array(Parameter),
  facts: z.array(FactDefinition),
  cityTargets: z.array(CityTarget),
  settings: z.array(RuleSetting),
});

const Totals = z.object({
  cases: z.number().int(),
  eligible: z.number().int(),
  totalFen: z.number().int(),
  undetermined: z.number().int(),
  errors: z.number().int(),
});
const CaseSummary = z.object({ eligible: z.boolean(), amountFen: z.number().int().nullable() });

export const WhatIfInput = z
  .object({
    cases: z.array(EvaluationCase).min(1, { message: '至少需要一个试算案例' }).max(100_000),
    overrides: z
      .array(z.object({ parameter: z.string().min(1), value: z.string().min(1, { message: '请填写新的取值' }) }))
      .min(1, { message: '至少修改一个参数' }),
  })
  .strict();

export const WhatIfReport = z.object({
  before: Totals,
  after: Totals,
  delta: z.object({ eligible: z.number().int(), totalFen: z.number().int() }),
  changed: z.array(z.object({ id: z.string(), before: CaseSummary, after: CaseSummary })),
});

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'tasks.list': { input: Empty, output: z.array(Task) },
  'tasks.updateProgress': { input: TaskProgressUpdate, output: Task },
  'counties.list': { input: Empty, output: z.array(County) },
  'ledger.verify': { input: Empty, output: LedgerVerification },
  'install.get': { input: Empty, output: InstallInfo },
  'install.configure': { input: InstallRole, output: InstallInfo },
  'policy.get': { input: Empty, output: PolicyView },
  'policy.saveSetting': { input: RuleSetting, output: z.array(RuleSetting) },
  'policy.loadDirectory': {
    input: z.object({ path: z.string().trim().min(1, { message: '请填写政策包所在文件夹' }) }).strict(),
    output: z.object({ digest: z.string(), previousDigest: z.string().nullable() }),
  },
  'rules.evaluate': { input: EvaluationCase, output: CaseOutcome },
  'rules.whatIf': { input: WhatIfInput, output: WhatIfReport },
  'targets.list': {
    input: z.object({ county: z.string().regex(/^\d{6}$/).optional() }).strict(),
    output: z.array(CountyTarget),
  },
  'ledger.recent': {
    input: z
      .object({
        limit: z.number().int().min(1).max(500),
        beforeSeq: z.number().int().min(1).optional(),
      })
      .strict(),
    output: z.array(JournalEntry),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Contract[K]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
