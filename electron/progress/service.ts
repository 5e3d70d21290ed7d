import { hash } from 'node:crypto';
import type { County } from '../../shared/domain/counties';
import {
  type EvidenceFile,
  type IndicatorDefinition,
  type IndicatorResult,
  type IndicatorsFile,
  type Light,
  LIGHT_LABELS,
  LIGHTS,
  nextQuarter,
  type ProgressText,
  type QuarterReport,
  type QuarterView,
  quarterEnd,
  quarterLabel,
  quarterOf,
  quartersBetween,
  quarterStart,
  statusLight,
  type TaskQuarter,
  worstLight,
  formatIndicatorValue,
} from '../../shared/domain/progress';
import { DomainError } from '../../shared/result';
import { parseYuanToFen } from '../../shared/money';
import type { Principal } from '../accounts/service';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import type { Ledger } from '../ledger/ledger';
import { activePack, installRole } from '../policy/repository';
import type { PolicyPack } from '../policy/pack';
import { countyTargets } from '../rules/targets';
import { storeEvidence } from '../evidence';
import { indicatorTargetSet, indicatorValueEntered, progressEvidenceAdded, progressTextRecorded, quarterClosed, quarterReopened } from './events';
import { measureActual } from './measures';

// Quarterly progress: which quarters exist, each task's indicators with target, actual and
// light, the clerk's text and evidence, and closing a quarter on the snapshot its report shows.

/** Quarters open for reporting run one year past the last task deadline (for late corrections). */
const EXTRA_QUARTERS = 4;

export type ProgressContext = { db: Db; today: string };

type Definitions = { pack: PolicyPack; progress: IndicatorsFile; county: County };

export function definitions(db: Db): Definitions {
  const role = installRole(db);
  if (role?.role !== 'county') throw new DomainError('FORBIDDEN', '季度进展只在县区版中填报：请先在首页选择本机所属县区');
  const pack = activePack(db);
  if (!pack.progress) throw new DomainError('POLICY_INVALID', `当前政策包（${pack.meta.docNo}）没有进度指标（indicators.json），无法统计季度进展`);
  const county = pack.counties.find((c) => c.code === role.county);
  if (!county) throw new DomainError('POLICY_INVALID', `当前政策包中没有本机所属县区 ${role.county}`);
  return { pack, progress: pack.progress, county };
}

/** The quarters a clerk can report on, oldest first, and which one is current. */
export function reportingQuarters(pack: PolicyPack, progress: IndicatorsFile, today: string): { quarters: string[]; current: string } {
  const first = quarterOf(progress.pathStart.date);
  const lastDeadline = pack.tasks.map((t) => t.deadline).reduce((a, b) => (a > b ? a : b), progress.pathStart.date);
  let last = quarterOf(lastDeadline);
  for (let i = 0; i < EXTRA_QUARTERS; i++) last = nextQuarter(last);
  const todayQuarter = quarterOf(today);
  const quarters = quartersBetween(first, todayQuarter < last ? todayQuarter : last);
  if (quarters.length === 0) quarters.push(first);
  return { quarters, current: quarters[quarters.length - 1]! };
}

export function quarterStates(db: Db): Map<string, 'open' | 'closed'> {
  const rows = statement(db, 'SELECT quarter, state FROM quarter_state').all() as { quarter: string; state: 'open' | 'closed' }[];
  return new Map(rows.map((r) => [r.quarter, r.state]));
}

/** The day a quarter is read for: its last day, or today while it runs. */
export function asOfFor(quarter: string, today: string): string {
  const end = quarterEnd(quarter);
  return today < end ? today : end;
}

function mustKnowQuarter(d: Definitions, quarter: string, today: string): void {
  const { quarters } = reportingQuarters(d.pack, d.progress, today);
  if (quarters.includes(quarter)) return;
  if (quarterStart(quarter) > today) throw new DomainError('VALIDATION', `${quarterLabel(quarter)}尚未开始`, { field: 'quarter' });
  throw new DomainError('VALIDATION', `${quarterLabel(quarter)}不在方案的报告期内（${quarterLabel(quarters[0]!)}至${quarterLabel(quarters[quarters.length - 1]!)}）`, { field: 'quarter' });
}

function mustBeOpen(db: Db, quarter: string): void {
  if (quarterStates(db).get(quarter) === 'closed') {
    throw new DomainError(
      'STATE',
      `${quarterLabel(quarter)}已关闭，不能再修改。如需更正，请在${quarterLabel(nextQuarter(quarter))}填报，或由审批人说明原因后重新打开该季度`,
      { state: 'closed' },
    );
  }
}

// ── Reading a quarter ───────────────────────────────────────────────────────────────────────

type TargetResult = { target: number | null; basis: string; counts: boolean; applies: boolean };

function targetOf(db: Db, d: Definitions, indicator: IndicatorDefinition, year: number): TargetResult {
  const t = indicator.target;
  switch (t.type) {
    case 'county': {
      const own = countyTargets(d.pack, year).find((c) => c.county === d.county.code && c.indicator === t.indicator);
      if (!own) return { target: null, basis: '方案未向本县区下达此项指标', counts: false, applies: false };
      return { target: own.target, basis: own.joint ? `${own.basis}（与${own.joint.length - 1}个县区共同承担）` : own.basis, counts: true, applies: true };
    }
    case 'fixed':
      return { target: t.value, basis: t.quote, counts: true, applies: true };
    case 'local': {
      const row = statement(db, 'SELECT value, source FROM indicator_target WHERE indicator = ?').get(indicator.id) as { value: number; source: string } | undefined;
      if (!row) return { target: null, basis: `${t.quote}；本县目标尚未设定`, counts: true, applies: true };
      return { target: row.value, basis: `${t.quote}；本县目标 ${formatIndicatorValue(row.value, indicator.unit)}（${row.source}）`, counts: true, applies: true };
    }
    case 'budget': {
      const row = statement(db, 'SELECT doc_no, base_fen, uplift_fen FROM budget WHERE year = ?').get(year) as { doc_no: string; base_fen: number; uplift_fen: number } | undefined;
      if (!row) return { target: null, basis: `${t.quote}；${year} 年度预算尚未登记`, counts: true, applies: true };
      const total = row.base_fen + row.uplift_fen;
      return { target: total, basis: `${t.quote}；${year} 年度预算 ${formatIndicatorValue(total, '元')}（${row.doc_no}）`, counts: true, applies: true };
    }
    case 'none':
      return { target: null, basis: '仅作统计，不设目标', counts: false, applies: true };
  }
}

type Entered = { value: number; source: string; quarter: string };

function enteredValue(db: Db, indicator: string, quarter: string): Entered | null {
  const row = statement(db, 'SELECT quarter, value, source FROM indicator_value WHERE indicator = ? AND quarter <= ? ORDER BY quarter DESC LIMIT 1').get(indicator, quarter) as
    | Entered
    | undefined;
  return row ?? null;
}

function indicatorResult(db: Db, d: Definitions, indicator: IndicatorDefinition, deadline: string, quarter: string, asOf: string): IndicatorResult | null {
  const year = Number(deadline.slice(0, 4));
  const target = targetOf(db, d, indicator, year);
  if (!target.applies) return null;
  let actual: number | null = null;
  let actualBasis = '';
  let enteredIn: string | null = null;
  if (indicator.measure) {
    const measured = measureActual(db, indicator.measure, { from: `${year}-01-01`, asOf, year });
    actual = measured.value;
    actualBasis = measured.basis;
  } else {
    const entered = enteredValue(db, indicator.id, quarter);
    if (entered) {
      actual = entered.value;
      enteredIn = entered.quarter;
      actualBasis = entered.quarter === quarter ? `填报：${entered.source}` : `沿用${quarterLabel(entered.quarter)}填报：${entered.source}`;
    } else {
      actualBasis = '尚未填报';
    }
  }
  const format = (v: number) => formatIndicatorValue(v, indicator.unit);
  const { light, reason } = target.counts
    ? statusLight({ target: target.target, actual, start: d.progress.pathStart.date, deadline, asOf, format })
    : { light: 'not-applicable' as Light, reason: '仅作统计，不计入任务状态' };
  return {
    id: indicator.id,
    label: indicator.label,
    unit: indicator.unit,
    source: indicator.source,
    target: target.target,
    targetType: indicator.target.type,
    targetBasis: target.basis,
    actual,
    actualBasis,
    enteredIn,
    light,
    reason,
    counts: target.counts,
    hint: indicator.hint ?? '',
  };
}

const EMPTY_TEXT: ProgressText = { narrative: '', problems: '', nextSteps: '' };

function progressText(db: Db, quarter: string, task: number): ProgressText & { revision: number } {
  const row = statement(db, 'SELECT narrative, problems, next_steps, revision FROM task_progress WHERE quarter = ? AND task = ?').get(quarter, task) as
    | { narrative: string; problems: string; next_steps: string; revision: number }
    | undefined;
  return row ? { narrative: row.narrative, problems: row.problems, nextSteps: row.next_steps, revision: row.revision } : { ...EMPTY_TEXT, revision: 0 };
}

function evidenceOf(db: Db, quarter: string, task: number): EvidenceFile[] {
  const rows = statement(db, 'SELECT sha256, file_name, size, added_by, added_at FROM progress_evidence WHERE quarter = ? AND task = ? ORDER BY added_at, sha256').all(quarter, task) as {
    sha256: string;
    file_name: string;
    size: number;
    added_by: string;
    added_at: string;
  }[];
  return rows.map((r) => ({ sha256: r.sha256, fileName: r.file_name, size: r.size, addedBy: r.added_by, addedAt: r.added_at }));
}

/** Every task's row for the quarter (or only task `only`), computed from the ledger now. */
export function computeTasks(db: Db, d: Definitions, quarter: string, asOf: string, only?: number): TaskQuarter[] {
  return d.pack.tasks.filter((t) => only === undefined || t.no === only).map((task) => {
    const indicators = d.progress.indicators
      .filter((i) => i.task === task.no)
      .map((i) => indicatorResult(db, d, i, task.deadline, quarter, asOf))
      .filter((i): i is IndicatorResult => i !== null);
    const counting = indicators.filter((i) => i.counts);
    const light = counting.length > 0 ? worstLight(counting.map((i) => i.light)) : 'not-applicable';
    const worst = counting.find((i) => i.light === light);
    const reason = worst ? `${worst.label}：${worst.reason}` : '方案未向本县区下达本项任务的量化指标';
    const text = progressText(db, quarter, task.no);
    return {
      no: task.no,
      title: task.title,
      leadUnits: task.leadUnits,
      cooperatingUnits: task.cooperatingUnits,
      deadline: task.deadline,
      deadlineText: task.deadlineText,
      light,
      reason,
      indicators,
      narrative: text.narrative,
      problems: text.problems,
      nextSteps: text.nextSteps,
      evidence: evidenceOf(db, quarter, task.no),
      revision: text.revision,
    };
  });
}

/** SHA-256 of what the report says (not who printed it or when). */
export function reportDigest(report: QuarterReport): string {
  const { county, quarter, asOf, pack, tasks } = report;
  return hash('sha256', canonicalJson({ county, quarter, asOf, pack, tasks }), 'hex');
}

function closedSnapshot(db: Db, quarter: string): { report: QuarterReport; closedBy: string; closedAt: string } | null {
  const row = statement(db, "SELECT snapshot, closed_by, closed_at FROM quarter_state WHERE quarter = ? AND state = 'closed'").get(quarter) as
    | { snapshot: string; closed_by: string; closed_at: string }
    | undefined;
  return row ? { report: JSON.parse(row.snapshot) as QuarterReport, closedBy: row.closed_by, closedAt: row.closed_at } : null;
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
    tasks: computeTasks(ctx.db, d, quarter, asOf),
  };
}

export function lightCounts(tasks: readonly TaskQuarter[]): Record<Light, number> {
  const counts = Object.fromEntries(LIGHTS.map((l) => [l, 0])) as Record<Light, number>;
  for (const t of tasks) counts[t.light]++;
  return counts;
}

export function quarterView(ctx: ProgressContext, quarter: string, viewer: string, now: string): QuarterView {
  const report = quarterReport(ctx, quarter, viewer, now);
  const state = statement(ctx.db, 'SELECT state, closed_by, closed_at FROM quarter_state WHERE quarter = ?').get(quarter) as
    | { state: 'open' | 'closed'; closed_by: string | null; closed_at: string | null }
    | undefined;
  const reported = statement(ctx.db, 'SELECT digest FROM quarter_report WHERE quarter = ? ORDER BY seq DESC LIMIT 1').get(quarter) as { digest: string } | undefined;
  return {
    quarter,
    label: quarterLabel(quarter),
    asOf: report.asOf,
    state: state?.state ?? 'open',
    closedBy: state?.closed_by ?? null,
    closedAt: state?.closed_at ?? null,
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
  const tasks = closed ? closed.report.tasks : computeTasks(ctx.db, d, quarter, asOfFor(quarter, ctx.today), task);
  const found = tasks.find((t) => t.no === task);
  if (!found) throw new DomainError('NOT_FOUND', `任务分解表中没有第 ${task} 项任务`);
  return found;
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────

function mustTask(d: Definitions, task: number): void {
  if (!d.pack.tasks.some((t) => t.no === task)) throw new DomainError('NOT_FOUND', `任务分解表中没有第 ${task} 项任务`, { field: 'task' });
}

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
    const row = statement(ledger.db, 'SELECT value, source FROM indicator_value WHERE quarter = ? AND indicator = ?').get(input.quarter, input.indicator) as
      | { value: number; source: string }
      | undefined;
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
    const row = statement(ledger.db, 'SELECT value, source FROM indicator_target WHERE indicator = ?').get(indicator.id) as { value: number; source: string } | undefined;
    const after = { value, source: input.source.trim() };
    if (row && row.value === after.value && row.source === after.source) return;
    ledger.append(principal.username, { kind: indicatorTargetSet.kind, entity: `progress-target:${indicator.id}`, payload: { indicator: indicator.id, before: row ?? null, after } });
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
  const row = statement(db, 'SELECT file_name FROM progress_evidence WHERE quarter = ? AND task = ? AND sha256 = ?').get(quarter, task, sha256) as { file_name: string } | undefined;
  if (!row) throw new DomainError('NOT_FOUND', '该任务本季度没有这个附件');
  return row.file_name;
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
    const reported = statement(ledger.db, 'SELECT digest FROM quarter_report WHERE quarter = ? ORDER BY seq DESC LIMIT 1').get(quarter) as { digest: string } | undefined;
    if (!reported) throw new DomainError('STATE', `请先生成${quarterLabel(quarter)}的季度报告并核对，再关闭该季度`);
    if (reported.digest !== digest) throw new DomainError('STATE', `${quarterLabel(quarter)}的数据在最近一次生成报告后有变动，请重新生成报告并核对后再关闭`);
    const preparedBy = (statement(ledger.db, 'SELECT generated_by FROM quarter_report WHERE quarter = ? ORDER BY seq DESC LIMIT 1').get(quarter) as { generated_by: string }).generated_by;
    const snapshot: QuarterReport = { ...report, state: 'closed', preparedBy: displayNameOf(ledger.db, preparedBy), approvedBy: principal.displayName };
    ledger.append(principal.username, { kind: quarterClosed.kind, entity: `quarter:${quarter}`, payload: { quarter, digest, snapshot } });
  })();
}

export function reopenQuarter(ledger: Ledger, principal: Principal, quarter: string, reason: string): void {
  ledger.db.transaction(() => {
    const closed = statement(ledger.db, "SELECT digest FROM quarter_state WHERE quarter = ? AND state = 'closed'").get(quarter) as { digest: string } | undefined;
    if (!closed) throw new DomainError('STATE', `${quarterLabel(quarter)}未关闭，无需重新打开`, { state: 'open' });
    ledger.append(principal.username, { kind: quarterReopened.kind, entity: `quarter:${quarter}`, payload: { quarter, reason: reason.trim(), closedDigest: closed.digest } });
  })();
}

function displayNameOf(db: Db, username: string): string {
  const row = statement(db, 'SELECT display_name FROM account WHERE username = ?').get(username) as { display_name: string } | undefined;
  return row?.display_name ?? username;
}

export function lightSummary(tasks: readonly TaskQuarter[]): string {
  const counts = lightCounts(tasks);
  return LIGHTS.filter((l) => counts[l] > 0)
    .map((l) => `${LIGHT_LABELS[l]} ${counts[l]} 项`)
    .join('，');
}
