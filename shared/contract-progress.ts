import { z } from 'zod';
import { UploadBase64 } from './limits';
import { Base64File } from './contract-workflow';
import { DashboardView, ProgressText, Quarter, QuarterView, TaskQuarter } from './domain/progress';

// The contract's methods for quarterly progress: the task table by quarter, indicator values and
// targets, evidence, the quarter's report, closing and reopening, and the dashboard.

const EDITORS = ['clerk', 'admin'] as const;
const DIRECTOR = ['director'] as const;
const TaskNo = z.number().int().min(1).max(99);
const IndicatorId = z.string().regex(/^[a-z0-9-]+$/, { message: '指标编号无效' });
const Source = z.string().trim().min(1, { message: '请填写数据来源（如统计部门文件、台账名称）' }).max(200, { message: '数据来源不能超过 200 个字' });
const NumberText = z.string().trim().min(1, { message: '请填写数值' }).max(30);

/** `opening`: the quarter pages open on (the latest with entries, else the current one). */
export const QuarterSummary = z.object({ quarter: Quarter, label: z.string(), state: z.enum(['open', 'closed']), current: z.boolean(), opening: z.boolean() });

export const progressMethods = {
  'progress.quarters': { input: z.object({}).strict(), output: z.array(QuarterSummary) },
  'progress.get': { input: z.object({ quarter: Quarter }).strict(), output: QuarterView },
  'progress.saveText': {
    input: ProgressText.partial()
      .extend({ quarter: Quarter, task: TaskNo, expectedRevision: z.number().int().min(0) })
      .strict()
      .refine((u) => u.narrative !== undefined || u.problems !== undefined || u.nextSteps !== undefined, { message: '没有要保存的修改' }),
    output: TaskQuarter,
    access: EDITORS,
  },
  'progress.enterValue': {
    input: z.object({ quarter: Quarter, indicator: IndicatorId, value: NumberText, source: Source }).strict(),
    output: TaskQuarter,
    access: EDITORS,
  },
  'progress.setTarget': {
    input: z.object({ indicator: IndicatorId, value: NumberText, source: Source }).strict(),
    output: z.null(),
    access: EDITORS,
  },
  'progress.setBaseline': {
    input: z.object({ indicator: IndicatorId, value: NumberText, source: Source }).strict(),
    output: z.null(),
    access: EDITORS,
  },
  'progress.addEvidence': {
    input: z
      .object({
        quarter: Quarter,
        task: TaskNo,
        fileName: z.string().trim().min(1).max(255),
        contentBase64: UploadBase64.min(1, { message: '文件为空' }),
      })
      .strict(),
    output: TaskQuarter,
    access: EDITORS,
  },
  'progress.evidence': { input: z.object({ quarter: Quarter, task: TaskNo, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), output: Base64File },
  'progress.report': { input: z.object({ quarter: Quarter, format: z.enum(['pdf', 'xlsx']) }).strict(), output: Base64File },
  'progress.close': { input: z.object({ quarter: Quarter }).strict(), output: QuarterView, access: DIRECTOR },
  'progress.reopen': {
    input: z.object({ quarter: Quarter, reason: z.string().trim().min(1, { message: '请填写重新打开的原因' }).max(500) }).strict(),
    output: QuarterView,
    access: DIRECTOR,
  },
  'progress.dashboard': { input: z.object({ quarter: Quarter.optional() }).strict(), output: DashboardView },
} as const;
