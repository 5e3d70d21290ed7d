import { z } from 'zod';
import { MAX_CELL_CHARS, MAX_IMPORT_ROWS, UploadBase64 } from './limits';
import { County } from './domain/counties';
import { JournalEntry, LedgerVerification } from './domain/ledger';
import { InstallRole, LoadedPolicyPack } from './domain/policy';
import { ImportIssue, ListId, SubjectRow } from './domain/registry';
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
import { Task } from './domain/tasks';
import type { Role } from './domain/accounts';
import { workflowMethods } from './contract-workflow';
import { progressMethods } from './contract-progress';
import { exchangeMethods } from './contract-exchange';
import { planMethods } from './contract-plan';
import { systemMethods } from './contract-system';

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

const Base64File = z.object({ fileName: z.string(), contentBase64: z.string() });

const ADMIN = ['admin'] as const;
/** Who decides the county's tier tables and rates (本县设置): the administrator or the director. */
const DECIDERS = ['admin', 'director'] as const;
/** Who may change the task table and the registry. */
const EDITORS = ['clerk', 'admin'] as const;

export const ImportReportView = z.object({
  rows: z.number().int(),
  new: z.number().int(),
  updates: z.number().int(),
  errors: z.array(ImportIssue),
  warnings: z.array(z.string()),
  sheet: z.string(),
  encoding: z.string().nullable(),
  committed: z.boolean(),
  preview: z.array(
    z.object({
      row: z.number().int(),
      status: z.enum(['new', 'update', 'error']),
      fields: SubjectRow.shape.fields,
      reasons: z.array(z.string()),
    }),
  ),
  /** The rows refused, offered as a file through registry.rejects (it holds personal data in full). */
  rejects: z.object({ fileName: z.string(), rows: z.number().int() }).nullable(),
});

/** An uploaded spreadsheet for a list, or a block of cells pasted from one. */
const ImportFile = z.object({ list: ListId, fileName: z.string().min(1).max(255), contentBase64: UploadBase64 }).strict();
const ImportCells = z
  .object({ list: ListId, headers: z.array(z.string().max(MAX_CELL_CHARS)).min(1), rows: z.array(z.array(z.string().max(MAX_CELL_CHARS, { message: `一个单元格最多 ${MAX_CELL_CHARS} 个字符` }))).min(1).max(MAX_IMPORT_ROWS, { message: `一次最多导入 ${MAX_IMPORT_ROWS} 行` }) })
  .strict();

export const SubjectHistory = z.array(
  z.object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    kind: z.string(),
    changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  }),
);

export const contract = {
  'app.info': { input: Empty, output: AppInfo, access: 'public' },
  'tasks.list': { input: Empty, output: z.array(Task) },
  'counties.list': { input: Empty, output: z.array(County) },
  'ledger.verify': { input: Empty, output: LedgerVerification },
  'install.get': { input: Empty, output: InstallInfo },
  'install.configure': { input: InstallRole, output: InstallInfo, access: ADMIN },
  'policy.get': { input: Empty, output: PolicyView },
  'policy.saveSetting': { input: RuleSetting, output: z.array(RuleSetting), access: DECIDERS },
  'policy.loadDirectory': {
    input: z.object({ path: z.string().trim().min(1, { message: '请填写政策包所在文件夹' }) }).strict(),
    output: z.object({ digest: z.string(), previousDigest: z.string().nullable() }),
    access: ADMIN,
  },
  'rules.evaluate': { input: EvaluationCase, output: CaseOutcome },
  'rules.whatIf': { input: WhatIfInput, output: WhatIfReport },
  'registry.summary': { input: Empty, output: z.record(ListId, z.number().int()) },
  'registry.list': {
    input: z.object({ list: ListId, query: z.string().max(100).optional(), limit: z.number().int().min(1).optional() }).strict(),
    output: z.array(SubjectRow),
    /** Up to 100,000 rows built by one tested repository function: not re-checked on the way out. */
    bulk: true,
  },
  'registry.get': {
    input: z.object({ id: z.string().min(1) }).strict(),
    output: z.object({ row: SubjectRow, history: SubjectHistory }),
  },
  'registry.update': {
    input: z.object({ id: z.string().min(1), expectedRevision: z.number().int().min(0), field: z.string().min(1), value: z.string().max(200) }).strict(),
    output: SubjectRow,
    access: EDITORS,
  },
  'registry.setFacts': {
    input: z
      .object({
        id: z.string().min(1),
        expectedRevision: z.number().int().min(0),
        year: z.number().int().min(2015).max(2035),
        values: z.record(z.string(), z.string().max(40)),
      })
      .strict(),
    output: SubjectRow,
    access: EDITORS,
  },
  'registry.import': { input: ImportFile.extend({ commit: z.boolean() }).strict(), output: ImportReportView, access: EDITORS },
  'registry.importTable': { input: ImportCells.extend({ commit: z.boolean() }).strict(), output: ImportReportView, access: EDITORS },
  /** The refused rows of the same upload (or pasted block) as a spreadsheet; journaled. */
  'registry.rejects': { input: z.union([ImportFile, ImportCells]), output: Base64File, access: EDITORS },
  'registry.template': { input: z.object({ list: ListId }).strict(), output: Base64File },
  'registry.export': { input: z.object({ list: ListId, ids: z.array(z.string()).max(200_000) }).strict(), output: Base64File },
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
    // Entries without their payloads: those hold personal data in full and whole policy packs;
    // the page lists who did what and when, and the hashes that chain them.
    // actorName and entityLabel: the person's name and the object as the office names it (申报编号, 主体名称, 任务号)
    output: z.array(JournalEntry.omit({ payload: true }).extend({ actorName: z.string(), entityLabel: z.string() })),
  },
  ...workflowMethods,
  ...progressMethods,
  ...exchangeMethods,
  ...planMethods,
  ...systemMethods,
} as const satisfies Record<string, MethodSpec>;

/** 'public': callable before sign-in; roles: any of them; absent: any signed-in user. */
export type Access = 'public' | readonly Role[];
export type MethodSpec = { input: z.ZodType; output: z.ZodType; bulk?: true; access?: Access };

export function accessOf(method: MethodName): Access | undefined {
  return (contract[method] as MethodSpec).access;
}

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Contract[K]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
