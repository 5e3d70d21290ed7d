import { z } from 'zod';
import { isIsoDate } from '../dates';

// The plan's 具体任务分解表: 18 rows, transcribed exactly (see seeds/huainan-2019/tasks.json).

export const TASK_STATUSES = ['未开始', '推进中', '已完成', '滞后'] as const;
export const TaskStatus = z.enum(TASK_STATUSES, {
  error: () => `只能是：${TASK_STATUSES.join('、')}`,
});
export type TaskStatus = z.infer<typeof TaskStatus>;

export const PROGRESS_MAX_CHARS = 2000;
export const REMARK_MAX_CHARS = 500;

export const IsoDate = z
  .string({ error: () => '日期必须是文本，格式为 YYYY-MM-DD' })
  .refine(isIsoDate, { message: '日期格式应为 YYYY-MM-DD，且必须是真实日期' });

/** A row of the plan's task table as the plan states it. */
export const TaskDefinition = z.object({
  no: z.number().int().min(1),
  title: z.string().min(1),
  leadUnits: z.string().min(1),
  cooperatingUnits: z.string(),
  deadline: IsoDate,
  /** The 时限要求 column word for word, e.g. "2019年12月31日前". */
  deadlineText: z.string().min(1),
});
export type TaskDefinition = z.infer<typeof TaskDefinition>;

const ProgressText = z
  .string({ error: () => '必须是文本' })
  .max(PROGRESS_MAX_CHARS, { message: `不能超过 ${PROGRESS_MAX_CHARS} 个字` });
const RemarkText = z
  .string({ error: () => '必须是文本' })
  .max(REMARK_MAX_CHARS, { message: `不能超过 ${REMARK_MAX_CHARS} 个字` });

/** What a clerk records against a task. */
export const TaskProgress = z.object({
  progress: ProgressText,
  status: TaskStatus,
  remark: RemarkText,
});
export type TaskProgress = z.infer<typeof TaskProgress>;

/**
 * A county's part in a task, read from the plan's own columns: it leads (各县区人民政府, or it is
 * named), it co-operates (各县区人民政府 among the co-operating units), the task is the city's
 * (only 市…局 lead it), or the task names other counties and is not this county's at all.
 */
export const TASK_PARTS = ['lead', 'cooperating', 'city', 'not-applicable'] as const;
export type TaskPart = (typeof TASK_PARTS)[number];
export const TASK_PART_LABELS: Record<TaskPart, string> = { lead: '牵头', cooperating: '配合', city: '市级牵头', 'not-applicable': '不适用' };

const ALL_COUNTIES = '各县区人民政府';

export function countyPart(task: Pick<TaskDefinition, 'leadUnits' | 'cooperatingUnits'>, countyName: string): TaskPart {
  const named = (units: string) => units.includes(ALL_COUNTIES) || units.includes(`${countyName}人民政府`);
  if (named(task.leadUnits)) return 'lead';
  if (named(task.cooperatingUnits)) return 'cooperating';
  // a task led by named counties other than this one is theirs, not the city's
  return /县人民政府|区人民政府/.test(task.leadUnits) ? 'not-applicable' : 'city';
}

export const Task = TaskDefinition.extend(TaskProgress.shape).extend({
  /** Bumped on every change; an edit names the revision it was based on. */
  revision: z.number().int().min(0),
  /** Journal seq of the last change. */
  updatedSeq: z.number().int().min(0),
});
export type Task = z.infer<typeof Task>;
