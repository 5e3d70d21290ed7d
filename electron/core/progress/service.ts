import { hash } from 'node:crypto';
import type { Principal } from '../../../shared/domain/accounts';
import { type IndicatorDefinition, type Light, LIGHT_LABELS, LIGHTS, type ProgressText, type QuarterReport, type QuarterView, type TaskQuarter } from '../../../shared/domain/progress';
import { parseYuanToFen } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import { displayNameOf } from '../accounts/repository';
import { subsidySummary } from '../claims/reports';
import { assignments, countyMeasures, countyPlanRow } from '../county-plan/repository';
import type { Db } from '../db/open';
import { storeEvidence } from '../evidence';
import { canonicalJson } from '../ledger/canonical';
import type { Ledger } from '../ledger/ledger';
import { countyReadings } from '../readings/service';
import { asOfFor, type Definitions, definitions, mustBeOpen, mustKnowQuarter, mustTask } from './definitions';
import { computeTasks } from './compute';
import { indicatorBaselineSet, indicatorTargetSet, indicatorValueEntered, progressEvidenceAdded, progressTextRecorded, quarterClosed, quarterReopened } from './events';
import { baselineOf, closedSnapshot, enteredValueIn, lastQuarterReport, localTarget, progressEvidenceFileName, progressTextOf, quarterState } from './repository';
import { quarterEnd, quarterLabel } from '../../../shared/dates';

// Quarterly progress: each task's indicators with target, actual and light, the clerk's text
// and evidence, and closing a quarter on the snapshot its report shows.

export type ProgressContext = { db: Db; today: string };

// ── Reading a quarter ───────────────────────────────────────────────────────────────────────

/** SHA-256 of what the report says (not who printed it or when). Sections a report does not have are left out, so older reports keep their digests. */
export function reportDigest(report: QuarterReport): string {
  const { county, quarter, asOf, pack, tasks, subsidies, readings, plan, responsibilities, measures } = report;
  return hash('sha256', canonicalJson({ county, quarter, asOf, pack, tasks, subsidies, readings, plan, responsibilities, measures }), 'hex');
}

/**
 * The quarter's report as data. A closed quarter returns the snapshot it was closed on; an open
 * one is computed now, as a draft prepared by `preparedBy`.
 */
export function quarterReport(ctx: ProgressContext, quarter: string, preparedBy: string, generatedAt: string): QuarterReport {
  const d = definitions(ctx.db);
  mustKnowQuarter(d, quarter, ctx.today);
  const closed = closedSnapshot(ctx.db, quarter);
  if (closed) return closed.report;
  const asOf = asOfFor(quarter, ctx.today);
  const readings = countyReadings(ctx.db, d.pack);
  const plan = countyPlanRow(ctx.db);
  return {
    format: 1,
    county: { code: d.county.code, name: d.county.name },
    quarter,
    asOf,
    pack: { id: d.pack.meta.id, docNo: d.pack.meta.docNo, title: d.pack.meta.title, digest: d.pack.meta.digest },
    state: 'open',
    preparedBy,
    approvedBy: null,
    generatedAt,
    tasks: computeTasks(ctx.db, d, readings, quarter, asOf),
    subsidies: subsidySummary(ctx.db, readings, Number(quarter.slice(0, 4)), asOf),
    readings: [...readings.values()].map((r) => ({ id: r.id, kind: r.kind, label: r.label, valueLabel: r.valueLabel, setBy: r.setBy, setAt: r.setAt })),
    plan: plan && { docNo: plan.docNo, title: plan.title, issuedOn: plan.issuedOn, fileName: plan.fileName },
    responsibilities: assignments(ctx.db),
    measures: countyMeasures(ctx.db),
  };
}

export function lightCounts(tasks: readonly TaskQuarter[]): Record<Light, number> {
  const counts = Object.fromEntries(LIGHTS.map((l) => [l, 0])) as Record<Light, number>;
  for (const t of tasks) counts[t.light]++;
  return counts;
}

export function quarterView(ctx: ProgressContext, quarter: string, viewer: string, now: string): QuarterView {
  const report = quarterReport(ctx, quarter, viewer, now);
  const state = quarterState(ctx.db, quarter);
  const reported = lastQuarterReport(ctx.db, quarter);
  return {
    quarter,
    label: quarterLabel(quarter),
    asOf: report.asOf,
    state: state?.state ?? 'open',
    closedBy: state?.closedBy ? displayNameOf(ctx.db, state.closedBy) : null,
    closedAt: state?.closedAt ?? null,
    digest: reportDigest(report),
    reportedDigest: reported?.digest ?? null,
    lights: lightCounts(report.tasks),
    tasks: report.tasks,
  };
}

/** One task's row: from the closed quarter's snapshot, or computed for that task alone. */
export function taskOf(ctx: ProgressContext, quarter: string, task: number): TaskQuarter {
  const d = definitions(ctx.db);
  const closed = closedSnapshot(ctx.db, quarter);
  const tasks = closed ? closed.report.tasks : computeTasks(ctx.db, d, countyReadings(ctx.db, d.pack), quarter, asOfFor(quarter, ctx.today), task);
  const found = tasks.find((t) => t.no === task);
  if (!found) throw new DomainError('NOT_FOUND', `任务分解表中没有第 ${task} 项任务`);
  return found;
}

function progressText(db: Db, quarter: string, task: number): ProgressText & { revision: number } {
  return progressTextOf(db, quarter, task) ?? { narrative: '', problems: '', nextSteps: '', revision: 0 };
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────

export function saveText(
  ledger: Ledger,
  principal: Principal,
  today: string,
  input: Partial<ProgressText> & { quarter: string; task: number; expectedRevision: number },
): void {
  ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    mustTask(d, input.task);
    mustKnowQuarter(d, input.quarter, today);
    mustBeOpen(ledger.db, input.quarter);
    const current = progressText(ledger.db, input.quarter, input.task);
    if (current.revision !== input.expectedRevision) {
      throw new DomainError('CONFLICT', `第 ${input.task} 项任务的${quarterLabel(input.quarter)}进展已被修改（当前版本 ${current.revision}，您基于版本 ${input.expectedRevision}），请刷新后再编辑`);
    }
    const before: ProgressText = { narrative: current.narrative, problems: current.problems, nextSteps: current.nextSteps };
    const after: ProgressText = { narrative: input.narrative ?? before.narrative, problems: input.problems ?? before.problems, nextSteps: input.nextSteps ?? before.nextSteps };
    if (canonicalJson(before) === canonicalJson(after)) return;
    ledger.append(principal.username, { kind: progressTextRecorded.kind, entity: `progress:${input.quarter}:${input.task}`, payload: { quarter: input.quarter, task: input.task, before, after } });
  })();
}

/** A number as a clerk writes it, in the indicator's unit: amounts in yuan (stored as fen). */
export function parseIndicatorNumber(text: string, unit: string, label: string): number {
  const clean = text.trim().replace(/[,，\s]/g, '').replace(/[%％]$/, '').replace(/(公里|个百分点|个|家|人|元)$/, '');
  if (unit === '元') {
    try {
      return parseYuanToFen(clean);
    } catch {
      throw new DomainError('VALIDATION', `${label}：「${text}」不是有效金额，请写元，最多两位小数`, { field: 'value' });
    }
  }
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) throw new DomainError('VALIDATION', `${label}：「${text}」不是有效数值，应为不小于 0 的数，最多两位小数`, { field: 'value' });
  const value = Number(clean);
  if (['个', '家', '人'].includes(unit) && !Number.isInteger(value)) throw new DomainError('VALIDATION', `${label}：个数应为整数`, { field: 'value' });
  if (unit === '%' && value > 1000) throw new DomainError('VALIDATION', `${label}：百分比 ${value}% 超出合理范围`, { field: 'value' });
  return value;
}

function indicatorDefinition(d: Definitions, id: string): IndicatorDefinition {
  const indicator = d.progress.indicators.find((i) => i.id === id);
  if (!indicator) throw new DomainError('NOT_FOUND', `没有编号为 ${id} 的进度指标`, { field: 'indicator' });
  return indicator;
}

export function enterValue(ledger: Ledger, principal: Principal, today: string, input: { quarter: string; indicator: string; value: string; source: string }): number {
  return ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    const indicator = indicatorDefinition(d, input.indicator);
    if (indicator.source !== 'entered') throw new DomainError('VALIDATION', `「${indicator.label}」由台账自动统计，不能手工填报`, { field: 'indicator' });
    mustKnowQuarter(d, input.quarter, today);
    mustBeOpen(ledger.db, input.quarter);
    const value = parseIndicatorNumber(input.value, indicator.unit, indicator.label);
    const row = enteredValueIn(ledger.db, input.quarter, input.indicator);
    const after = { value, source: input.source.trim() };
    if (row && row.value === after.value && row.source === after.source) return indicator.task;
    ledger.append(principal.username, {
      kind: indicatorValueEntered.kind,
      entity: `progress:${input.quarter}:${indicator.task}`,
      payload: { quarter: input.quarter, indicator: indicator.id, task: indicator.task, before: row ?? null, after },
    });
    return indicator.task;
  })();
}

export function setTarget(ledger: Ledger, principal: Principal, input: { indicator: string; value: string; source: string }): void {
  ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    const indicator = indicatorDefinition(d, input.indicator);
    if (indicator.target.type !== 'local') throw new DomainError('VALIDATION', `「${indicator.label}」的目标由方案规定，不能在本县修改`, { field: 'indicator' });
    const value = parseIndicatorNumber(input.value, indicator.unit, `${indicator.label}目标`);
    const row = localTarget(ledger.db, indicator.id);
    const after = { value, source: input.source.trim() };
    if (row && row.value === after.value && row.source === after.source) return;
    ledger.append(principal.username, { kind: indicatorTargetSet.kind, entity: `progress-target:${indicator.id}`, payload: { indicator: indicator.id, before: row ?? null, after } });
  })();
}

/** A rate's or coverage's value when the plan was issued, with its source: its progress is read from there. */
export function setBaseline(ledger: Ledger, principal: Principal, input: { indicator: string; value: string; source: string }): void {
  ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    const indicator = indicatorDefinition(d, input.indicator);
    if (indicator.kind !== 'level') throw new DomainError('VALIDATION', `「${indicator.label}」是计数类指标，从零起算，不需要基期值`, { field: 'indicator' });
    if (!input.source.trim()) throw new DomainError('VALIDATION', `${indicator.label}基期值：请写明数据来源`, { field: 'source' });
    const value = parseIndicatorNumber(input.value, indicator.unit, `${indicator.label}基期值`);
    const row = baselineOf(ledger.db, indicator.id);
    const after = { value, source: input.source.trim() };
    if (row && row.value === after.value && row.source === after.source) return;
    ledger.append(principal.username, { kind: indicatorBaselineSet.kind, entity: `progress-target:${indicator.id}`, payload: { indicator: indicator.id, before: row ?? null, after } });
  })();
}

export function addProgressEvidence(ledger: Ledger, principal: Principal, dataDir: string, today: string, input: { quarter: string; task: number; fileName: string; bytes: Buffer }): void {
  ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    mustTask(d, input.task);
    mustKnowQuarter(d, input.quarter, today);
    mustBeOpen(ledger.db, input.quarter);
    const sha256 = storeEvidence(dataDir, input.fileName, input.bytes);
    ledger.append(principal.username, {
      kind: progressEvidenceAdded.kind,
      entity: `progress:${input.quarter}:${input.task}`,
      payload: { quarter: input.quarter, task: input.task, sha256, fileName: input.fileName, size: input.bytes.length },
    });
  })();
}

export function progressEvidenceName(db: Db, quarter: string, task: number, sha256: string): string {
  const fileName = progressEvidenceFileName(db, quarter, task, sha256);
  if (fileName === null) throw new DomainError('NOT_FOUND', '该任务本季度没有这个附件');
  return fileName;
}

/**
 * Locks the quarter on the snapshot its last generated report showed. Refused while the quarter
 * runs, before any report, or when the content has changed since the last report.
 */
export function closeQuarter(ledger: Ledger, principal: Principal, today: string, quarter: string, now: string): void {
  ledger.db.transaction(() => {
    const d = definitions(ledger.db);
    mustKnowQuarter(d, quarter, today);
    mustBeOpen(ledger.db, quarter);
    if (today <= quarterEnd(quarter)) throw new DomainError('STATE', `${quarterLabel(quarter)}尚未结束（至 ${quarterEnd(quarter)}），结束后才能关闭`);
    const report = quarterReport({ db: ledger.db, today }, quarter, principal.displayName, now);
    const digest = reportDigest(report);
    const reported = lastQuarterReport(ledger.db, quarter);
    if (!reported) throw new DomainError('STATE', `请先生成${quarterLabel(quarter)}的季度报告并核对，再关闭该季度`);
    if (reported.digest !== digest) throw new DomainError('STATE', `${quarterLabel(quarter)}的数据在最近一次生成报告后有变动，请重新生成报告并核对后再关闭`);
    const snapshot: QuarterReport = { ...report, state: 'closed', preparedBy: displayNameOf(ledger.db, reported.generatedBy), approvedBy: principal.displayName };
    ledger.append(principal.username, { kind: quarterClosed.kind, entity: `quarter:${quarter}`, payload: { quarter, digest, snapshot } });
  })();
}

export function reopenQuarter(ledger: Ledger, principal: Principal, quarter: string, reason: string): void {
  ledger.db.transaction(() => {
    const closed = quarterState(ledger.db, quarter);
    if (closed?.state !== 'closed' || closed.digest === null) throw new DomainError('STATE', `${quarterLabel(quarter)}未关闭，无需重新打开`, { state: 'open' });
    ledger.append(principal.username, { kind: quarterReopened.kind, entity: `quarter:${quarter}`, payload: { quarter, reason: reason.trim(), closedDigest: closed.digest } });
  })();
}

export function lightSummary(tasks: readonly TaskQuarter[]): string {
  const counts = lightCounts(tasks);
  return LIGHTS.filter((l) => counts[l] > 0)
    .map((l) => `${LIGHT_LABELS[l]} ${counts[l]} 项`)
    .join('，');
}
