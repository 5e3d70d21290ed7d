import type { TooltipComponentFormatterCallbackParams } from 'echarts';
import { format } from 'echarts/core';
import type { ClaimState } from '../../../shared/domain/claims';
import { type DashboardView, formatIndicatorValue, LIGHT_LABELS } from '../../../shared/domain/progress';
import { formatYuan } from '../../../shared/money';
import type { ChartOption } from './EChart';
import { LIGHT_COLORS } from './lightColors';

// The ECharts options behind 首页's four charts, built from the dashboard view. Amounts reach the
// charts in yuan (fen / 100); tooltips format the exact fen.

const escape = format.encodeHTML;
/** The data index a tooltip is for (an axis tooltip lists one entry per series). */
const indexOf = (params: TooltipComponentFormatterCallbackParams) => (Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0;
const TEXT = '#595959';

/** Bars stop here so one indicator far over its target does not squash the rest. */
const PERCENT_CAP = 150;

export type IndicatorRow = DashboardView['indicators'][number] & { target: number };

export function indicatorRows(view: DashboardView): IndicatorRow[] {
  return view.indicators.filter((i): i is IndicatorRow => i.target !== null);
}

/** Actual as a share of the target, in percent (a zero target is met by anything). */
function percentOf({ actual, target }: IndicatorRow): number {
  return target > 0 ? ((actual ?? 0) / target) * 100 : 100;
}

const percentText = (p: number) => `${p.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;

export function indicatorsOption(rows: IndicatorRow[]): ChartOption {
  const percents = rows.map(percentOf);
  return {
    grid: { left: 8, right: 64, top: 24, bottom: 8 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const i = indexOf(params);
        const row = rows[i]!;
        return [
          `任务${row.task} ${escape(row.label)}`,
          `实际 ${formatIndicatorValue(row.actual, row.unit)} / 目标 ${formatIndicatorValue(row.target, row.unit)}（${percentText(percents[i]!)}）`,
          `状态：${LIGHT_LABELS[row.light]}`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'value', min: 0, max: PERCENT_CAP, interval: 25, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `任务${r.task} ${r.label}`),
      axisTick: { show: false },
      axisLabel: { width: 240, overflow: 'truncate', color: TEXT },
    },
    series: [
      {
        type: 'bar',
        name: '完成比例',
        barMaxWidth: 16,
        data: rows.map((r, i) => ({ value: Math.min(percents[i]!, PERCENT_CAP), itemStyle: { color: LIGHT_COLORS[r.light] } })),
        label: {
          show: true,
          position: 'right',
          color: TEXT,
          formatter: ({ dataIndex }) => (rows[dataIndex]!.actual === null ? '未填报' : percentText(percents[dataIndex]!)),
        },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [{ xAxis: 100 }],
          // The y axis runs top-down, so the line's start is at the top, clear of the x axis labels.
          label: { formatter: '目标', position: 'start', color: TEXT },
          lineStyle: { color: TEXT, type: 'dashed' },
        },
      },
    ],
  };
}

/** Months 1–12 in order, whatever the view leaves out. */
function fullYear(view: DashboardView): DashboardView['months'] {
  return Array.from({ length: 12 }, (_, i) => view.months.find((m) => m.month === i + 1) ?? { month: i + 1, committedFen: 0, paidFen: 0 });
}

export function hasFunds(view: DashboardView): boolean {
  return view.budgetFen !== null || view.months.some((m) => m.committedFen !== 0 || m.paidFen !== 0);
}

/** 12,000 → 1.2万: axis labels stay short; tooltips give the exact amount. */
function shortYuan(yuan: number): string {
  return Math.abs(yuan) >= 10_000 ? `${(yuan / 10_000).toLocaleString('en-US', { maximumFractionDigits: 2 })}万` : yuan.toLocaleString('en-US');
}

export function fundsOption(view: DashboardView): ChartOption {
  const months = fullYear(view);
  let running = 0;
  const cumulativeFen = months.map((m) => (running += m.committedFen));
  const budgetFen = view.budgetFen;
  return {
    legend: { top: 0, data: ['已审批', '已拨付', '累计审批'] },
    grid: { left: 8, right: 48, top: 40, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const i = indexOf(params);
        const m = months[i]!;
        return [
          `${view.year}年${m.month}月`,
          `已审批：${formatYuan(m.committedFen)}`,
          `已拨付：${formatYuan(m.paidFen)}`,
          `累计审批：${formatYuan(cumulativeFen[i]!)}`,
          ...(budgetFen === null ? [] : [`年度预算：${formatYuan(budgetFen)}`]),
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: months.map((m) => `${m.month}月`) },
    yAxis: {
      type: 'value',
      name: '元',
      // The budget line must stay in view even before spending approaches it.
      max: budgetFen === null ? undefined : ({ max }) => Math.max(max, budgetFen / 100),
      axisLabel: { formatter: shortYuan },
    },
    series: [
      { type: 'bar', name: '已审批', color: '#1677ff', data: months.map((m) => m.committedFen / 100) },
      { type: 'bar', name: '已拨付', color: '#52c41a', data: months.map((m) => m.paidFen / 100) },
      {
        type: 'line',
        name: '累计审批',
        color: '#fa8c16',
        data: cumulativeFen.map((fen) => fen / 100),
        markLine:
          budgetFen === null
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                data: [{ yAxis: budgetFen / 100 }],
                label: { formatter: '预算', position: 'insideEndTop', color: '#f5222d' },
                lineStyle: { color: '#f5222d', type: 'dashed' },
              },
      },
    ],
  };
}

/** Close to the state tags on 申报与拨付; green is kept for 已拨付. */
const CLAIM_COLORS: Record<string, string> = {
  draft: '#bfbfbf',
  submitted: '#69b1ff',
  returned: '#fa8c16',
  reviewed: '#13c2c2',
  noticing: '#9254de',
  noticed: '#2f54eb',
  approved: '#1677ff',
  paid: '#52c41a',
  voided: '#d9d9d9',
} satisfies Record<ClaimState, string>;

export type ClaimSlice = DashboardView['claimsByState'][number];

/** The states that have claims: one slice each. */
export function claimSlices(view: DashboardView): ClaimSlice[] {
  return view.claimsByState.filter((s) => s.count > 0);
}

export function claimsOption(states: ClaimSlice[]): ChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const s = states[indexOf(params)]!;
        return `${escape(s.label)}<br/>${s.count} 件，${formatYuan(s.amountFen)}`;
      },
    },
    series: [
      {
        type: 'pie',
        name: '申报状态',
        radius: ['45%', '72%'],
        label: { formatter: '{b}：{c} 件', color: TEXT },
        data: states.map((s) => ({ name: s.label, value: s.count, itemStyle: { color: CLAIM_COLORS[s.state] } })),
      },
    ],
  };
}

export function lightsOption(view: DashboardView): ChartOption {
  const lights = view.lights;
  return {
    grid: { left: 8, right: 8, top: 24, bottom: 8 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const l = lights[indexOf(params)]!;
        return `${escape(l.label)}：${l.tasks.length} 项${l.tasks.length ? `<br/>任务 ${l.tasks.join('、')}` : ''}`;
      },
    },
    xAxis: { type: 'category', data: lights.map((l) => l.label), axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, name: '项' },
    series: [
      {
        type: 'bar',
        name: '任务数',
        barMaxWidth: 40,
        label: { show: true, position: 'top', color: TEXT },
        data: lights.map((l) => ({ value: l.tasks.length, itemStyle: { color: LIGHT_COLORS[l.light] } })),
      },
    ],
  };
}
