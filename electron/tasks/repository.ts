import { Task } from '../../shared/domain/tasks';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

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

export function listTasks(db: Db): Task[] {
  return (statement(db, 'SELECT * FROM task ORDER BY no').all() as TaskRow[]).map(toTask);
}

export function getTask(db: Db, no: number): Task | null {
  const row = statement(db, 'SELECT * FROM task WHERE no = ?').get(no) as TaskRow | undefined;
  return row ? toTask(row) : null;
}
