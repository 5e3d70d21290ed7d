import { chinaToday, formatChineseDate } from '../../../shared/dates';
import { CLAIM_STATE_LABELS } from '../../../shared/domain/claims';
import { formatIndicatorValue, type Measure } from '../../../shared/domain/progress';
import { readingText } from '../../../shared/domain/readings';
import { LISTS, type ListId } from '../../../shared/domain/registry';
import { claimMoneyRows, COMMITTED_STATES } from '../claims/repository';
import type { Db } from '../db/open';
import type { Readings } from '../readings/readings';
import { countFactsOver, factCountIn, subjectCountIn, subjectFieldValues, sumSubjectField } from '../registry/repository';

// The actuals the ledger already knows: subjects counted by a date field, yearly facts over a
// threshold, amounts summed from records, and claims approved or paid. Each comes with the
// sentence that says how it was counted, so a clerk (or the city) can check it by hand. A list
// with nothing in it is "not reported" (null), never zero: an empty registry says nothing.

/** from: the year's first day; to: the day counts stop (the earlier of the day read and the deadline); asOf: the day read. */
export type Window = { from: string; to: string; asOf: string; year: number; planIssued: string };
/** value null: nothing in the ledger to count from; after: counted between the deadline and the day read. */
export type Measured = { value: number | null; basis: string; after: number | null };

function listNames(lists: readonly string[]): string {
  return lists.map((l) => `「${LISTS[l as ListId]?.label ?? l}」`).join('、');
}

function fieldHeader(lists: readonly string[], key: string): string {
  for (const l of lists) {
    const field = LISTS[l as ListId]?.fields.find((f) => f.key === key);
    if (field) return field.header;
  }
  return key;
}

function whereText(lists: readonly string[], where: Record<string, string | boolean> | undefined): string {
  if (!where) return '';
  return Object.entries(where)
    .map(([k, v]) => `${fieldHeader(lists, k)}为“${v === true ? '是' : v === false ? '否' : v}”`)
    .join('、');
}

const nothing = (lists: readonly string[]): Measured => ({ value: null, basis: `${listNames(lists)}中尚无记录，未填报`, after: null });

/** From which day a subject counts as 新增/培育: the county's reading where the pack asks for one. */
function countsFrom(measure: Extract<Measure, { type: 'count-subjects' }>, window: Window, readings: Readings): { since: string | null; how: string } {
  const reading = measure.reading ? readings.get(measure.reading) : undefined;
  if (reading) {
    const since = reading.value === 'year-start' ? window.from : reading.value === 'plan-issued' ? window.planIssued : null;
    return { since, how: `按${readingText(reading)}` };
  }
  return { since: measure.withinYear ? window.from : null, how: '' };
}

export function measureActual(db: Db, measure: Measure, window: Window, readings: Readings): Measured {
  const upTo = formatChineseDate(window.to);
  const late = window.asOf > window.to;
  switch (measure.type) {
    case 'count-subjects': {
      if (subjectCountIn(db, measure.lists) === 0) return nothing(measure.lists);
      const dateHeader = fieldHeader(measure.lists, measure.dateField);
      const { since, how } = countsFrom(measure, window, readings);
      let counted = 0;
      let after = 0;
      let undated = 0;
      for (const date of subjectFieldValues(db, measure.lists, measure.dateField, measure.where)) {
        if (typeof date !== 'string' || date === '') {
          undated++;
          if (measure.undated === 'count') counted++;
          continue;
        }
        if (since !== null && date < since) continue;
        if (date <= window.to) counted++;
        else if (date <= window.asOf) after++;
      }
      const condition = whereText(measure.lists, measure.where);
      const when = since !== null ? `${dateHeader}在${formatChineseDate(since)}至${upTo}` : `${dateHeader}在${upTo}以前`;
      const undatedText =
        undated === 0 ? '' : measure.undated === 'count' ? `（其中 ${undated} 个未填${dateHeader}，按已认定计入）` : `；另有 ${undated} 个未填${dateHeader}，未计入`;
      const afterText = late && after > 0 ? `；时限后另有 ${after} 个，不计入本任务` : '';
      return { value: counted, basis: `${listNames(measure.lists)}中${condition ? `${condition}、` : ''}${when}的共 ${counted} 个${undatedText}${afterText}${how ? `（${how}）` : ''}`, after: late ? after : null };
    }
    case 'count-facts-over': {
      if (factCountIn(db, measure.lists, window.year, measure.fact) === 0) return nothing(measure.lists);
      const n = countFactsOver(db, measure.lists, window.year, measure.fact, measure.overFen);
      return {
        value: n,
        basis: `${listNames(measure.lists)}中 ${window.year} 年度${fieldHeader(measure.lists, measure.fact).replace(/（元）$/, '')}超过 ${formatIndicatorValue(measure.overFen, '元')}（不含本数）的共 ${n} 个`,
        after: null,
      };
    }
    case 'sum-field': {
      if (subjectCountIn(db, measure.lists) === 0) return nothing(measure.lists);
      const { records, total } = sumSubjectField(db, measure.lists, measure.field, measure.dateField, window.from, window.to);
      return {
        value: total,
        basis: `${listNames(measure.lists)}中${fieldHeader(measure.lists, measure.dateField)}在${formatChineseDate(window.from)}至${upTo}的 ${records} 条记录，${fieldHeader(measure.lists, measure.field)}合计 ${formatIndicatorValue(total, '元')}`,
        after: null,
      };
    }
    case 'claims': {
      const rules = measure.rules ?? [];
      const rows = claimMoneyRows(db, window.year, rules);
      const approvedBy = (r: (typeof rows)[number]) =>
        (COMMITTED_STATES as readonly string[]).includes(r.state) && r.approved_at !== null && chinaToday(r.approved_at) <= window.to;
      const which = rules.length ? '所列规则的' : '';
      if (measure.value === 'paid') {
        const paid = rows.filter((r) => r.state === 'paid' && r.paid_on !== null && r.paid_on <= window.to);
        const total = paid.reduce((s, r) => s + (r.paid_fen ?? 0), 0);
        return { value: total, basis: `${window.year} 年度${which}申报中拨付日期在${upTo}以前的 ${paid.length} 笔，合计 ${formatIndicatorValue(total, '元')}`, after: null };
      }
      const approved = rows.filter(approvedBy);
      const states = COMMITTED_STATES.map((s) => CLAIM_STATE_LABELS[s]).join('、');
      if (measure.value === 'count') {
        return { value: approved.length, basis: `${window.year} 年度${which}申报中${upTo}以前审批、现为${states}的共 ${approved.length} 个`, after: null };
      }
      const total = approved.reduce((s, r) => s + (r.amount_fen ?? 0), 0);
      return { value: total, basis: `${window.year} 年度${which}申报中${upTo}以前审批的 ${approved.length} 笔，合计 ${formatIndicatorValue(total, '元')}`, after: null };
    }
  }
}
