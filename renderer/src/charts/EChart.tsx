import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// A thin React wrapper over Apache ECharts, registering only what the app's charts use. SVG
// keeps chart text in the DOM (crisp at any zoom, readable by tests).

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;
export type ChartClick = echarts.ECElementEvent;

type Props = {
  option: ChartOption;
  /** Names the chart for screen readers and tests. */
  'aria-label': string;
  onClick?: (params: ChartClick) => void;
  height?: number;
};

export function EChart({ option, onClick, height = 280, 'aria-label': label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);

  useEffect(() => {
    click.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const element = host.current!;
    const instance = echarts.init(element, null, { renderer: 'svg', locale: 'ZH' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={host} role="figure" aria-label={label} style={{ width: '100%', height }} />;
}
