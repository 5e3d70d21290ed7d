import { formatChineseDate } from '../../shared/dates';
import { formatIndicatorValue, type Measure } from '../../shared/domain/progress';
import { LISTS, type ListId } from '../../shared/domain/registry';
import { CLAIM_STATE_LABELS } from '../../shared/domain/claims';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { COMMITTED_STATES } from '../claims/repository';
import { chinaToday } from '../claims/service';

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

/** Values of one field per matching subject, filtered in SQLite (JSON booleans read as 1 and 0). */
function fieldValues(db: Db, lists: readonly string[], field: string, where: Record<string, string | boolean> = {}): (string | number | null)[] {
  const conditions = Object.keys(where).map((k) => ` AND json_extract(fields, '$.${k}') = ?`);
  const values = Object.values(where).map((v) => (v === true ? 1 : v === false ? 0 : v));
  const rows = statement(db, `SELECT json_extract(fields, '$.${field}') AS v FROM subject WHERE list IN (${lists.map(() => '?').join(', ')})${conditions.join('')}`)
    .raw()
    .all(...lists, ...values) as [string | number | null][];
  return rows.map((r) => r[0]);
}

export function measureActual(db: Db, measure: Measure, window: Window): Measured {
  const range = `${formatChineseDate(window.from)}至${formatChineseDate(window.asOf)}`;
  switch (measure.type) {
    case 'count-subjects': {
      const dateHeader = fieldHeader(measure.lists, measure.dateField);
      let counted = 0;
      let undated = 0;
      for (const date of fieldValues(db, measure.lists, measure.dateField, measure.where)) {
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
      const row = statement(
        db,
        `SELECT COUNT(*) AS n FROM subject_fact f JOIN subject s ON s.id = f.subject_id
         WHERE s.list IN (${measure.lists.map(() => '?').join(', ')}) AND f.year = ? AND f.fact = ? AND f.value > ?`,
      ).get(...measure.lists, window.year, measure.fact, measure.overFen) as { n: number };
      return {
        value: row.n,
        basis: `${listNames(measure.lists)}中 ${window.year} 年度${fieldHeader(measure.lists, measure.fact).replace(/（元）$/, '')}超过 ${formatIndicatorValue(measure.overFen, '元')}（不含本数）的共 ${row.n} 个`,
      };
    }
    case 'sum-field': {
      const row = statement(
        db,
        `SELECT COUNT(*) AS n, COALESCE(SUM(json_extract(fields, '$.${measure.field}')), 0) AS total FROM subject
         WHERE list IN (${measure.lists.map(() => '?').join(', ')}) AND json_extract(fields, '$.${measure.dateField}') BETWEEN ? AND ?
           AND json_type(fields, '$.${measure.field}') = 'integer'`,
      ).get(...measure.lists, window.from, window.asOf) as { n: number; total: number };
      const total = row.total;
      const records = row.n;
      return {
        value: total,
        basis: `${listNames(measure.lists)}中${fieldHeader(measure.lists, measure.dateField)}在${range}的 ${records} 条记录，${fieldHeader(measure.lists, measure.field)}合计 ${formatIndicatorValue(total, '元')}`,
      };
    }
    case 'claims': {
      const rules = measure.rules ?? [];
      const rows = statement(
        db,
        `SELECT state, amount_fen, paid_fen, paid_on, approved_at FROM claim WHERE year = ?${rules.length ? ` AND rule IN (${rules.map(() => '?').join(', ')})` : ''}`,
      ).all(window.year, ...rules) as { state: string; amount_fen: number | null; paid_fen: number | null; paid_on: string | null; approved_at: string | null }[];
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
