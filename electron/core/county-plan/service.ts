import type { Principal } from '../../../shared/domain/accounts';
import { isIsoDate } from '../../../shared/dates';
import type { Light } from '../../../shared/domain/progress';
import { countyPart } from '../../../shared/domain/tasks';
import { parseYuanToFen } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import { newId } from '../claims/access';
import { storeEvidence } from '../evidence';
import type { Ledger } from '../ledger/ledger';
import type { Db } from '../db/open';
import { definitions } from '../progress/definitions';
import { quarterView } from '../progress/service';
import { assignmentRecorded, assignmentRemoved, countyPlanRecorded, measureEvidenceAdded, measureRecorded } from './events';
import { assignments, measureExists } from './repository';

// What the plan asks of each county beyond its task table (三、工作要求): its own detailed plan
// (细化方案), each task's responsible departments and towns (责任分解), and records of what it did
// under 二(八) (政府购买服务) and 二(九) (引进电商人才、鼓励青年返乡创业).

export type UploadedFile = { fileName: string; bytes: Buffer };

const required = (text: string, what: string, max: number): string => {
  const value = text.trim();
  if (!value) throw new DomainError('VALIDATION', `${what}：请填写`, { field: what });
  if ([...value].length > max) throw new DomainError('VALIDATION', `${what}：不能超过 ${max} 个字`, { field: what });
  return value;
};

const date = (text: string, what: string): string => {
  if (!isIsoDate(text)) throw new DomainError('VALIDATION', `${what}：“${text}”不是有效日期`, { field: what });
  return text;
};

export function recordCountyPlan(ledger: Ledger, by: Principal, dataDir: string, input: { docNo: string; title: string; issuedOn: string; file?: UploadedFile }): void {
  ledger.db.transaction(() => {
    definitions(ledger.db); // a county's install only
    const fileSha256 = input.file ? storeEvidence(dataDir, input.file.fileName, input.file.bytes) : null;
    ledger.append(by.username, {
      kind: countyPlanRecorded.kind,
      entity: 'county-plan',
      payload: { docNo: required(input.docNo, '文号', 60), title: required(input.title, '细化方案名称', 120), issuedOn: date(input.issuedOn, '印发日期'), fileSha256, fileName: input.file?.fileName ?? null },
    });
  })();
}

export function assignTask(ledger: Ledger, by: Principal, input: { task: number; part: string; unit: string; unitKind: 'department' | 'town'; deadline?: string | null }): string {
  return ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    const task = d.pack.tasks.find((t) => t.no === input.task);
    if (!task) throw new DomainError('NOT_FOUND', `任务分解表中没有第 ${input.task} 项任务`, { field: 'task' });
    if (countyPart(task, d.county.name) === 'not-applicable') throw new DomainError('VALIDATION', `第 ${task.no} 项任务由${task.leadUnits}牵头，不适用于本县区，无需分解`, { field: 'task' });
    const deadline = input.deadline ? date(input.deadline, '完成时限') : null;
    const id = newId('A');
    ledger.append(by.username, {
      kind: assignmentRecorded.kind,
      entity: `task:${task.no}`,
      payload: { id, task: task.no, part: input.part.trim().slice(0, 200), unit: required(input.unit, '责任单位', 60), unitKind: input.unitKind, deadline },
    });
    return id;
  })();
}

export function removeAssignment(ledger: Ledger, by: Principal, input: { id: string; reason: string }): void {
  ledger.db.transaction(() => {
    const assignment = assignments(ledger.db).find((a) => a.id === input.id);
    if (!assignment) throw new DomainError('NOT_FOUND', '找不到该责任分工');
    ledger.append(by.username, { kind: assignmentRemoved.kind, entity: `task:${assignment.task}`, payload: { id: input.id, reason: required(input.reason, '撤销原因', 200) } });
  })();
}

export function recordMeasure(ledger: Ledger, by: Principal, input: { kind: 'public-service' | 'talent'; title: string; docNo: string; date: string; amount?: string }): string {
  return ledger.db.transaction(() => {
    definitions(ledger.db);
    let amountFen: number | null = null;
    if (input.amount?.trim()) {
      try {
        amountFen = parseYuanToFen(input.amount);
      } catch (error) {
        throw new DomainError('VALIDATION', `金额：${(error as Error).message}`, { field: 'amount' });
      }
      if (amountFen < 0) throw new DomainError('VALIDATION', '金额：不能为负数', { field: 'amount' });
    }
    const id = newId('M');
    ledger.append(by.username, {
      kind: measureRecorded.kind,
      entity: `county-measure:${id}`,
      payload: { id, kind: input.kind, title: required(input.title, '事项', 200), docNo: required(input.docNo, '文件或合同编号', 60), date: date(input.date, '日期'), amountFen },
    });
    return id;
  })();
}

export function addMeasureEvidence(ledger: Ledger, by: Principal, dataDir: string, input: { measureId: string; file: UploadedFile }): void {
  ledger.db.transaction(() => {
    if (!measureExists(ledger.db, input.measureId)) throw new DomainError('NOT_FOUND', '找不到该事项');
    const sha256 = storeEvidence(dataDir, input.file.fileName, input.file.bytes);
    ledger.append(by.username, { kind: measureEvidenceAdded.kind, entity: `county-measure:${input.measureId}`, payload: { measureId: input.measureId, sha256, fileName: input.file.fileName, size: input.file.bytes.length } });
  })();
}

export type UnitProgress = { unit: string; unitKind: 'department' | 'town'; tasks: { no: number; title: string; part: string; deadline: string | null; light: Light; reason: string }[] };

/** Progress by responsible unit: each department's or town's assigned tasks with the task's light for the quarter. */
export function progressByUnit(db: Db, today: string, quarter: string, viewer: string, now: string): UnitProgress[] {
  const view = quarterView({ db, today }, quarter, viewer, now);
  const tasks = new Map(view.tasks.map((t) => [t.no, t]));
  const units = new Map<string, UnitProgress>();
  for (const a of assignments(db)) {
    const task = tasks.get(a.task);
    if (!task) continue;
    const key = `${a.unitKind}:${a.unit}`;
    const unit = units.get(key) ?? { unit: a.unit, unitKind: a.unitKind, tasks: [] };
    unit.tasks.push({ no: task.no, title: task.title, part: a.part, deadline: a.deadline ?? task.deadline, light: task.light, reason: task.reason });
    units.set(key, unit);
  }
  return [...units.values()].sort((x, y) => (x.unitKind === y.unitKind ? x.unit.localeCompare(y.unit, 'zh-CN') : x.unitKind === 'department' ? -1 : 1));
}
