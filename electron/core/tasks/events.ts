import { z } from 'zod';
import { TaskDefinition, TaskProgress } from '../../../shared/domain/tasks';
import { defineEvent } from '../ledger/events';
import { updateTaskProgress, upsertTask } from './repository';

/** A task row as the policy pack defines it (seeding, or a later pack revising the wording). */
export const taskDefined = defineEvent({
  kind: 'task.defined',
  payload: TaskDefinition,
  leaves: 'whole',
  apply(db, t, meta) {
    upsertTask(db, t, meta.seq);
  },
});

/**
 * A clerk's edit of a task's progress before progress was kept by quarter (core/progress):
 * no longer written, kept so that older journals still replay. The payload carries the values
 * before and after.
 */
export const taskProgressRecorded = defineEvent({
  kind: 'task.progress',
  payload: z.object({
    no: z.number().int().min(1),
    before: TaskProgress,
    after: TaskProgress,
  }),
  leaves: 'whole',
  apply(db, p, meta) {
    if (!updateTaskProgress(db, p.no, p.after, meta.seq)) throw new Error(`task ${p.no} does not exist`);
  },
});

export const TASK_EVENTS = [taskDefined, taskProgressRecorded];
