import {
  checkProgressConsistency,
  Task,
  type TaskProgress,
  type TaskProgressUpdate,
} from '../../shared/domain/tasks';
import { DomainError } from '../../shared/result';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import type { Ledger } from '../ledger/ledger';
import { taskProgressRecorded } from './events';

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

/** Records a clerk's edit, refusing it if the row changed since the clerk read it. */
export function updateTaskProgress(ledger: Ledger, actor: string, update: TaskProgressUpdate): Task {
  return ledger.db.transaction(() => {
    const current = getTask(ledger.db, update.no);
    if (!current) throw new DomainError('NOT_FOUND', `任务分解表中没有第 ${update.no} 项任务`);
    if (current.revision !== update.expectedRevision) {
      throw new DomainError(
        'CONFLICT',
        `第 ${update.no} 项任务已被修改（当前版本 ${current.revision}，您基于版本 ${update.expectedRevision}），请刷新后再编辑`,
      );
    }
    const before: TaskProgress = { progress: current.progress, status: current.status, remark: current.remark };
    const after: TaskProgress = {
      progress: update.progress ?? before.progress,
      status: update.status ?? before.status,
      remark: update.remark ?? before.remark,
    };
    const problem = checkProgressConsistency(after);
    if (problem) throw new DomainError('VALIDATION', `第 ${update.no} 项任务：${problem}`, { field: 'status' });
    if (after.progress === before.progress && after.status === before.status && after.remark === before.remark) {
      return current; // nothing changed: no journal entry
    }
    ledger.append(actor, { kind: taskProgressRecorded.kind, entity: `task:${update.no}`, payload: { no: update.no, before, after } });
    const saved = getTask(ledger.db, update.no);
    if (!saved) throw new Error('unreachable');
    return saved;
  })();
}
