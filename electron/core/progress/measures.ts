import { formatChineseDate, chinaToday } from '../../../shared/dates';
import { formatIndicatorValue, type Measure } from '../../../shared/domain/progress';
import { LISTS, type ListId } from '../../../shared/domain/registry';
import { CLAIM_STATE_LABELS } from '../../../shared/domain/claims';
import { claimMoneyRows, COMMITTED_STATES } from '../claims/repository';
import type { Db } from '../db/open';
import { countFactsOver, subjectFieldValues, sumSubjectField } from '../registry/repository';

// The actuals the ledger already knows: subjects counted by a date field, yearly facts over a
// threshold, amounts summed from records, and claims approved or paid. Each comes with the
// sentence that says how it was counted, so a clerk (or the city) can check it by hand.

export type Window = { from: string; asOf: string; year: number };
export type Measured = { value: number; basis: string };

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

export function measureActual(db: Db, measure: Measure, window: Window): Measured {
  const range = `${formatChineseDate(window.from)}至${formatChineseDate(window.asOf)}`;
  switch (measure.type) {
    case 'count-subjects': {
      const dateHeader = fieldHeader(measure.lists, measure.dateField);
      let counted = 0;
      let undated = 0;
      for (const date of subjectFieldValues(db, measure.lists, measure.dateField, measure.where)) {
        if (typeof date !== 'string' || date === '') {
          undated++;
          if (measure.undated === 'count') counted++;
          continue;
        }
        if (date <= window.asOf && (!measure.withinYear || date >= window.from)) counted++;
      }
      const condition = whereText(measure.lists, measure.where);
      const when = measure.withinYear ? `${dateHeader}在${range}` : `${dateHeader}在${formatChineseDate(window.asOf)}以前`;
      const undatedText =
        undated === 0 ? '' : measure.undated === 'count' ? `（其中 ${undated} 个未填${dateHeader}，按已认定计入）` : `；另有 ${undated} 个未填${dateHeader}，未计入`;
      return { value: counted, basis: `${listNames(measure.lists)}中${condition ? `${condition}、` : ''}${when}的共 ${counted} 个${undatedText}` };
    }
    case 'count-facts-over': {
      const n = countFactsOver(db, measure.lists, window.year, measure.fact, measure.overFen);
      return {
        value: n,
        basis: `${listNames(measure.lists)}中 ${window.year} 年度${fieldHeader(measure.lists, measure.fact).replace(/（元）$/, '')}超过 ${formatIndicatorValue(measure.overFen, '元')}（不含本数）的共 ${n} 个`,
      };
    }
    case 'sum-field': {
      const { records, total } = sumSubjectField(db, measure.lists, measure.field, measure.dateField, window.from, window.asOf);
      return {
        value: total,
        basis: `${listNames(measure.lists)}中${fieldHeader(measure.lists, measure.dateField)}在${range}的 ${records} 条记录，${fieldHeader(measure.lists, measure.field)}合计 ${formatIndicatorValue(total, '元')}`,
      };
    }
    case 'claims': {
      const rules = measure.rules ?? [];
      const rows = claimMoneyRows(db, window.year, rules);
      const approvedBy = (r: (typeof rows)[number]) =>
        (COMMITTED_STATES as readonly string[]).includes(r.state) && r.approved_at !== null && chinaToday(new Date(r.approved_at)) <= window.asOf;
      const which = rules.length ? '所列规则的' : '';
      if (measure.value === 'paid') {
        const paid = rows.filter((r) => r.state === 'paid' && r.paid_on !== null && r.paid_on <= window.asOf);
        const total = paid.reduce((s, r) => s + (r.paid_fen ?? 0), 0);
        return { value: total, basis: `${window.year} 年度${which}申报中拨付日期在${formatChineseDate(window.asOf)}以前的 ${paid.length} 笔，合计 ${formatIndicatorValue(total, '元')}` };
      }
      const approved = rows.filter(approvedBy);
      const states = COMMITTED_STATES.map((s) => CLAIM_STATE_LABELS[s]).join('、');
      if (measure.value === 'count') {
        return { value: approved.length, basis: `${window.year} 年度${which}申报中${formatChineseDate(window.asOf)}以前审批、现为${states}的共 ${approved.length} 个` };
      }
      const total = approved.reduce((s, r) => s + (r.amount_fen ?? 0), 0);
      return { value: total, basis: `${window.year} 年度${which}申报中${formatChineseDate(window.asOf)}以前审批的 ${approved.length} 笔，合计 ${formatIndicatorValue(total, '元')}` };
    }
  }
}
