import { z } from 'zod';
import { TaskDefinition, TaskProgress } from '../../shared/domain/tasks';
import { statement } from '../db/statements';
import { defineEvent } from '../ledger/events';

/** A task row as the policy pack defines it (seeding, or a later pack revising the wording). */
export const taskDefined = defineEvent({
  kind: 'task.defined',
  payload: TaskDefinition,
  apply(db, t, meta) {
    statement(
      db,
      `INSERT INTO task (no, title, lead_units, cooperating_units, deadline, deadline_text, updated_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (no) DO UPDATE SET title = excluded.title, lead_units = excluded.lead_units,
         cooperating_units = excluded.cooperating_units, deadline = excluded.deadline,
         deadline_text = excluded.deadline_text, revision = revision + 1, updated_seq = excluded.updated_seq`,
    ).run(t.no, t.title, t.leadUnits, t.cooperatingUnits, t.deadline, t.deadlineText, meta.seq);
  },
});

/**
 * A clerk's edit of a task's progress before progress was kept by quarter (electron/progress):
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
  apply(db, p, meta) {
    const result = statement(
      db,
      'UPDATE task SET progress = ?, status = ?, remark = ?, revision = revision + 1, updated_seq = ? WHERE no = ?',
    ).run(p.after.progress, p.after.status, p.after.remark, meta.seq, p.no);
    if (result.changes !== 1) throw new Error(`task ${p.no} does not exist`);
  },
});

export const TASK_EVENTS = [taskDefined, taskProgressRecorded];
