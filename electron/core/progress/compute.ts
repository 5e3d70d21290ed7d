import { namesOf } from '../accounts/repository';
import { formatChineseDate, quarterLabel } from '../../../shared/dates';
import { formatIndicatorValue, type IndicatorDefinition, type IndicatorResult, type Light, statusLight, type TaskQuarter, worstLight } from '../../../shared/domain/progress';
import { readingText } from '../../../shared/domain/readings';
import { countyPart, type TaskDefinition, type TaskPart } from '../../../shared/domain/tasks';
import { budgetOf } from '../claims/budget-repository';
import type { Db } from '../db/open';
import type { Readings } from '../readings/readings';
import { countyTargets } from '../rules/targets';
import type { Definitions } from './definitions';
import { measureActual } from './measures';
import { baselineOf, enteredValueAsOf, localTarget, progressEvidenceOf, progressTextOf } from './repository';

// Each task's row for a quarter: the county's part in it, its indicators (target, actual, light)
// and the clerk's text, computed from the ledger as of a day.

type TargetResult = { target: number | null; basis: string; counts: boolean; applies: boolean };

/** The plan's words and the pack's note beside them, each said for what it is. */
function sourced(t: { quote?: string | undefined; note?: { text: string } | undefined }): string {
  return [t.quote ? `方案原文：“${t.quote}”` : '', t.note ? `系统说明：${t.note.text}` : ''].filter(Boolean).join('；');
}

function targetOf(db: Db, d: Definitions, indicator: IndicatorDefinition, year: number): TargetResult {
  const t = indicator.target;
  switch (t.type) {
    case 'county': {
      const own = countyTargets(d.pack, year).find((c) => c.county === d.county.code && c.indicator === t.indicator);
      if (!own) return { target: null, basis: '方案未向本县区下达此项指标', counts: false, applies: false };
      return { target: own.target, basis: own.joint ? `${own.basis}（与${own.joint.length - 1}个县区共同承担）` : own.basis, counts: true, applies: true };
    }
    case 'fixed':
      return { target: t.value, basis: sourced(t), counts: true, applies: true };
    case 'local': {
      const row = localTarget(db, indicator.id);
      if (!row) return { target: null, basis: `${sourced(t)}；本县目标尚未设定`, counts: true, applies: true };
      return { target: row.value, basis: `${sourced(t)}；本县目标 ${formatIndicatorValue(row.value, indicator.unit)}（${row.source}）`, counts: true, applies: true };
    }
    case 'budget': {
      const row = budgetOf(db, year, 'commerce');
      if (!row) return { target: null, basis: `${sourced(t)}；${year} 年度预算尚未登记`, counts: true, applies: true };
      const total = row.baseFen + row.upliftFen;
      return { target: total, basis: `${sourced(t)}；${year} 年度预算 ${formatIndicatorValue(total, '元')}（${row.docNo}）`, counts: true, applies: true };
    }
    case 'none':
      return { target: null, basis: '仅作统计，不设目标', counts: false, applies: true };
  }
}

/** What a county's part in a task means for its lights: the city's tasks and other counties' are shown, never judged. */
const PART_REASONS: Record<Exclude<TaskPart, 'lead' | 'cooperating'>, (task: TaskDefinition) => string> = {
  city: (t) => `本任务由${t.leadUnits}牵头，为市级任务，不计入本县区进度；所列指标仅作统计`,
  'not-applicable': (t) => `本任务由${t.leadUnits}牵头，不适用于本县区`,
};

function indicatorResult(db: Db, d: Definitions, readings: Readings, indicator: IndicatorDefinition, deadline: string, quarter: string, asOf: string, judged: boolean): IndicatorResult | null {
  // A judged count runs over its deadline's year and stops at the deadline (or at the plan's issue,
  // for a deadline before it); statistics shown for a task that is not the county's run over the
  // year of the day read, up to that day.
  const issued = d.pack.meta.issuedOn;
  const due = deadline < issued ? issued : deadline;
  const year = Number((judged ? due : asOf).slice(0, 4));
  const target = targetOf(db, d, indicator, year);
  if (!target.applies) return null;
  let actual: number | null = null;
  let actualBasis = '';
  let enteredIn: string | null = null;
  let after: number | null = null;
  if (indicator.measure) {
    // counts for a deadline stop at it: what came after is shown beside, never counted
    const to = judged && due < asOf ? due : asOf;
    const measured = measureActual(db, indicator.measure, { from: `${year}-01-01`, to, asOf, year, planIssued: d.pack.meta.issuedOn }, readings);
    actual = measured.value;
    actualBasis = measured.basis;
    after = measured.after;
  } else {
    const entered = enteredValueAsOf(db, indicator.id, quarter);
    if (entered) {
      actual = entered.value;
      enteredIn = entered.quarter;
      actualBasis = entered.quarter === quarter ? `填报：${entered.source}` : `沿用${quarterLabel(entered.quarter)}填报：${entered.source}`;
    } else {
      actualBasis = '尚未填报';
    }
  }
  const baseline = indicator.kind === 'level' ? baselineOf(db, indicator.id) : null;
  const format = (v: number) => formatIndicatorValue(v, indicator.unit);
  const counts = target.counts && judged;
  const { light, reason } = counts
    ? statusLight({ target: target.target, actual, kind: indicator.kind, baseline: baseline?.value ?? null, start: d.progress.pathStart.date, deadline, asOf, format })
    : { light: 'not-applicable' as Light, reason: judged ? '仅作统计，不计入任务状态' : '市级任务，仅作统计' };
  return {
    id: indicator.id,
    label: indicator.label,
    unit: indicator.unit,
    source: indicator.source,
    target: target.target,
    targetType: indicator.target.type,
    targetBasis: target.basis,
    actual,
    actualBasis: baseline ? `${actualBasis}；基期值 ${format(baseline.value)}（${baseline.source}）` : actualBasis,
    enteredIn,
    light,
    reason,
    counts,
    hint: indicator.hint ?? '',
    kind: indicator.kind,
    baseline: baseline?.value ?? null,
    after,
  };
}

/** What a task's row must say besides its lights. */
function taskNotes(task: TaskDefinition, d: Definitions, readings: Readings): string[] {
  const notes: string[] = [];
  const issued = d.pack.meta.issuedOn;
  if (task.deadline < issued) {
    notes.push(`时限（${task.deadlineText}）早于方案印发日（${formatChineseDate(issued)}）：自印发之日起按时限判断，此前不判为逾期`);
  }
  const joint = countyTargets(d.pack, Number(task.deadline.slice(0, 4))).find((t) => t.task === task.no && t.county === d.county.code && t.joint);
  if (joint?.joint) {
    const partners = d.pack.counties.filter((c) => joint.joint?.includes(c.code) && c.code !== d.county.code).map((c) => c.name);
    notes.push(`本任务与${partners.join('、')}共同承担：任一县获认定即同时完成，对方县获认定的，以其认定文件为据填报`);
  }
  for (const reading of readings.values()) {
    if (d.progress.indicators.some((i) => i.task === task.no && i.measure?.type === 'count-subjects' && i.measure.reading === reading.id)) {
      notes.push(`${reading.label}：${readingText(reading)}`);
    }
  }
  return notes;
}

/** Every task's row for the quarter (or only task `only`), computed from the ledger now. */
export function computeTasks(db: Db, d: Definitions, readings: Readings, quarter: string, asOf: string, only?: number): TaskQuarter[] {
  const name = namesOf(db);
  return d.pack.tasks
    .filter((t) => only === undefined || t.no === only)
    .map((task) => {
      const part = countyPart(task, d.county.name);
      const judged = part === 'lead' || part === 'cooperating';
      const indicators =
        part === 'not-applicable'
          ? []
          : d.progress.indicators
              .filter((i) => i.task === task.no)
              .map((i) => indicatorResult(db, d, readings, i, task.deadline, quarter, asOf, judged))
              .filter((i): i is IndicatorResult => i !== null);
      const counting = indicators.filter((i) => i.counts);
      let light: Light;
      let reason: string;
      if (!judged) {
        light = part === 'city' ? 'city-led' : 'not-applicable';
        reason = PART_REASONS[part](task);
      } else {
        light = counting.length > 0 ? worstLight(counting.map((i) => i.light)) : 'not-applicable';
        const worst = counting.find((i) => i.light === light);
        reason = worst ? `${worst.label}：${worst.reason}` : '方案未向本县区下达本项任务的量化指标';
        if (part === 'cooperating') reason = `本县区为配合单位（牵头：${task.leadUnits}）；${reason}`;
      }
      const text = progressTextOf(db, quarter, task.no) ?? { narrative: '', problems: '', nextSteps: '', revision: 0 };
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
        evidence: progressEvidenceOf(db, quarter, task.no).map((e) => ({ ...e, addedBy: name(e.addedBy) })), // 李录入, not luru
        revision: text.revision,
        part,
        notes: taskNotes(task, d, readings),
      };
    });
}
