import { Task, type TaskDefinition, type TaskProgress } from '../../../shared/domain/tasks';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

// task: the plan's 18-row task table as the active pack defines it (and, from journals older
// than quarterly progress, the single progress text each row once had).

type TaskRow = {
  no: number;
  title: string;
  lead_units: string;
  cooperating_units: string;
  deadline: string;
  deadline_text: string;
  progress: string;
  status: string;
  remark: string;
  revision: number;
  updated_seq: number;
};

function toTask(row: TaskRow): Task {
  return Task.parse({
    no: row.no,
    title: row.title,
    leadUnits: row.lead_units,
    cooperatingUnits: row.cooperating_units,
    deadline: row.deadline,
    deadlineText: row.deadline_text,
    progress: row.progress,
    status: row.status,
    remark: row.remark,
    revision: row.revision,
    updatedSeq: row.updated_seq,
  });
}

export function upsertTask(db: Db, t: TaskDefinition, seq: number): void {
  statement<[number, string, string, string, string, string, number]>(
    db,
    `INSERT INTO task (no, title, lead_units, cooperating_units, deadline, deadline_text, updated_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (no) DO UPDATE SET title = excluded.title, lead_units = excluded.lead_units,
       cooperating_units = excluded.cooperating_units, deadline = excluded.deadline,
       deadline_text = excluded.deadline_text, revision = revision + 1, updated_seq = excluded.updated_seq`,
  ).run(t.no, t.title, t.leadUnits, t.cooperatingUnits, t.deadline, t.deadlineText, seq);
}

/** Returns false when there is no such task. */
export function updateTaskProgress(db: Db, no: number, p: TaskProgress, seq: number): boolean {
  return (
    statement<[string, string, string, number, number]>(db, 'UPDATE task SET progress = ?, status = ?, remark = ?, revision = revision + 1, updated_seq = ? WHERE no = ?').run(
      p.progress,
      p.status,
      p.remark,
      seq,
      no,
    ).changes === 1
  );
}

export function listTasks(db: Db): Task[] {
  return statement<[], TaskRow>(db, 'SELECT * FROM task ORDER BY no').all().map(toTask);
}

export function getTask(db: Db, no: number): Task | null {
  const row = statement<[number], TaskRow>(db, 'SELECT * FROM task WHERE no = ?').get(no);
  return row ? toTask(row) : null;
}
