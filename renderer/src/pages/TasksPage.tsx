import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import {
  type CellEditRequestEvent,
  type ColDef,
  ClientSideRowModelModule,
  type GetRowIdParams,
  LocaleModule,
  ModuleRegistry,
  QuickFilterModule,
  RowAutoHeightModule,
  TextFilterModule,
  TooltipModule,
  ExternalFilterModule,
  CellStyleModule,
  CustomEditorModule,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, Button, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatIndicatorValue, type IndicatorResult, type Light, LIGHT_LABELS, LIGHTS, MAX_NARRATIVE, type TaskQuarter } from '../../../shared/domain/progress';
import { type Task, TASK_PART_LABELS } from '../../../shared/domain/tasks';
import { LIGHT_COLORS } from '../charts/lightColors';
import { useNavFilter } from '../navigation';
import { PageTitle } from '../PageTitle';
import { useBridge } from '../useBridge';
import { useCall } from '../useCall';
import { LightTag } from './LightTag';
import { keepEnterInEditor, NarrativeEditor } from './NarrativeEditor';
import { TaskDrawer } from './TaskDrawer';
import { useMessage } from '../useMessage';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  LocaleModule,
  CustomEditorModule,
  TextFilterModule,
  QuickFilterModule,
  TooltipModule,
  RowAutoHeightModule,
  ExternalFilterModule,
  CellStyleModule,
]);

type TextField = 'narrative' | 'problems' | 'nextSteps';
const TEXT_FIELDS: TextField[] = ['narrative', 'problems', 'nextSteps'];

/**
 * Which columns the table shows. At 1366×768 beside the menu, twelve columns do not fit: 填报进展 keeps the
 * three columns the clerk types into on the screen, 目标与完成 the numbers, 全部列 everything (scrolling).
 */
type View = 'write' | 'numbers' | 'all';
const VIEW_OPTIONS: { value: View; label: string }[] = [
  { value: 'write', label: '填报进展' },
  { value: 'numbers', label: '目标与完成' },
  { value: 'all', label: '全部列' },
];
const VIEW_COLUMNS: Record<View, ReadonlySet<string> | null> = {
  write: new Set(['no', 'title', 'light', 'narrative', 'problems', 'nextSteps', 'open']),
  numbers: new Set(['no', 'title', 'leadUnits', 'deadlineText', 'target', 'actual', 'light', 'open']),
  all: null,
};
const VIEW_KEY = 'county-ledger.tasks.view';

function savedView(): View {
  const saved = globalThis.localStorage?.getItem(VIEW_KEY);
  return VIEW_OPTIONS.some((o) => o.value === saved) ? (saved as View) : 'write';
}

const PART_COLORS: Record<NonNullable<TaskQuarter['part']>, string> = { lead: 'volcano', cooperating: 'cyan', city: 'geekblue', 'not-applicable': 'default' };

/** A task as the grid shows it: the quarter's row plus its indicators as text. */
type Row = TaskQuarter & { targetText: string; actualText: string; evidenceCount: number };

function indicatorLine(i: IndicatorResult, value: number | null): string {
  return `${i.label}：${value === null ? (i.counts ? '未设目标' : '—') : formatIndicatorValue(value, i.unit)}`;
}

function toRow(t: TaskQuarter): Row {
  return {
    ...t,
    targetText: t.indicators.map((i) => indicatorLine(i, i.target)).join('\n'),
    // nothing reported is 未填报, never a zero; what came after the deadline is shown beside, not counted
    actualText: t.indicators
      .map((i) => (i.actual === null ? `${i.label}：未填报` : `${indicatorLine(i, i.actual)}${i.after ? `（时限后另有 ${formatIndicatorValue(i.after, i.unit)}，不计入）` : ''}`))
      .join('\n'),
    evidenceCount: t.evidence.length,
  };
}

function LightCell({ data }: { data?: Row }) {
  return data ? <LightTag light={data.light} /> : null;
}

/** The lead units with the county's part in the task before them (no column of its own: the table must fit 1366 px). */
function LeadCell({ data }: { data?: Row }) {
  if (!data) return null;
  return (
    <>
      {data.part && (
        <Tag color={PART_COLORS[data.part]} aria-label={`第 ${data.no} 项任务本县角色`} style={{ marginInlineEnd: 4 }}>
          {TASK_PART_LABELS[data.part]}
        </Tag>
      )}
      {data.leadUnits}
    </>
  );
}

export function TasksPage() {
  const install = useCall('install.get', {});
  const role = install.value?.role ?? null;
  if (install.value && role?.role !== 'county') return <PlanTable city={role?.role === 'city'} />;
  if (!install.value) return <div className="page" />;
  return <QuarterTasks key={role?.role === 'county' ? role.county : ''} />;
}

function QuarterTasks() {
  const bridge = useBridge();
  const message = useMessage();
  const nav = useNavFilter();
  const quarters = useCall('progress.quarters', {});
  const [quarter, setQuarter] = useState<string | null>(nav.quarter ?? null);
  const [lightFilter, setLightFilter] = useState<Light | null>(nav.light ?? null);
  const [openTask, setOpenTask] = useState<number | null>(nav.task ?? null);
  const [quickFilter, setQuickFilter] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [closed, setClosed] = useState(false);
  const [view, setView] = useState<View>(savedView);
  const grid = useRef<AgGridReact<Row>>(null);
  const saving = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (!quarter && quarters.value) setQuarter(quarters.value.find((q) => q.opening)?.quarter ?? quarters.value.at(-1)?.quarter ?? null);
  }, [quarter, quarters.value]);

  const load = useCallback(async () => {
    if (!quarter) return;
    const result = await bridge.invoke('progress.get', { quarter });
    if (result.ok) {
      setRows(result.value.tasks.map(toRow));
      setClosed(result.value.state === 'closed');
    } else void message.error(result.error.message);
  }, [bridge, message, quarter]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    grid.current?.api?.onFilterChanged();
  }, [lightFilter]);

  const replaceTask = useCallback((task: TaskQuarter) => {
    setRows((current) => current?.map((r) => (r.no === task.no ? toRow(task) : r)) ?? null);
  }, []);

  const columnDefs = useMemo<ColDef<Row>[]>(() => {
    const text = (field: TextField, headerName: string, flex: number): ColDef<Row> => ({
      field,
      headerName,
      flex,
      minWidth: 150,
      editable: !closed,
      wrapText: true,
      autoHeight: true,
      cellEditor: NarrativeEditor,
      cellEditorPopup: true,
      cellEditorPopupPosition: 'under',
      suppressKeyboardEvent: keepEnterInEditor,
      headerTooltip: closed ? '本季度已关闭，不能修改' : `双击编辑，最多 ${MAX_NARRATIVE} 字；Enter 保存，Shift+Enter 换行`,
    });
    const shown = VIEW_COLUMNS[view];
    const columns: ColDef<Row>[] = [
      { field: 'no', headerName: '序号', width: 92, sort: 'asc', filter: false, suppressHeaderMenuButton: true },
      { field: 'title', headerName: '工作任务', flex: view === 'all' ? 3 : 2.6, minWidth: 220, wrapText: true, autoHeight: true, tooltipField: 'title' },
      {
        field: 'leadUnits',
        headerName: '牵头责任单位',
        headerTooltip: '标签为本县区在本任务中的角色：牵头、配合、市级牵头（不计入本县进度）或不适用',
        flex: 1,
        minWidth: 120,
        wrapText: true,
        autoHeight: true,
        wrapHeaderText: true,
        autoHeaderHeight: true,
        cellRenderer: LeadCell,
        getQuickFilterText: (p) => `${p.data?.part ? TASK_PART_LABELS[p.data.part] : ''} ${p.data?.leadUnits ?? ''}`,
      },
      { field: 'cooperatingUnits', headerName: '配合单位', flex: 1, minWidth: 100, wrapText: true, autoHeight: true, wrapHeaderText: true, autoHeaderHeight: true },
      { field: 'deadlineText', headerName: '时限要求', width: 140, wrapText: true, autoHeight: true },
      { colId: 'target', field: 'targetText', headerName: '本县目标', flex: 1.4, minWidth: 150, wrapText: true, autoHeight: true, cellClass: 'pre-line' },
      { colId: 'actual', field: 'actualText', headerName: '实际完成', flex: 1.4, minWidth: 150, wrapText: true, autoHeight: true, cellClass: 'pre-line' },
      {
        colId: 'light',
        field: 'light',
        headerName: '状态',
        width: 104,
        cellRenderer: LightCell,
        tooltipValueGetter: (p) => p.data?.reason ?? '',
        filterValueGetter: (p) => (p.data ? LIGHT_LABELS[p.data.light] : ''),
      },
      text('narrative', '进展情况', 1.8),
      text('problems', '存在问题', 1.3),
      text('nextSteps', '下一步打算', 1.3),
      {
        colId: 'open',
        headerName: '指标与附件',
        width: 120,
        filter: false,
        sortable: false,
        cellRenderer: ({ data }: { data?: Row }) =>
          data ? (
            <Button size="small" type="link" onClick={() => setOpenTask(data.no)} aria-label={`第 ${data.no} 项任务的指标与附件`}>
              {data.evidenceCount > 0 ? `详情（附件 ${data.evidenceCount}）` : '详情'}
            </Button>
          ) : null,
      },
    ];
    // hide is always given: the grid keeps a column's previous state where the attribute is left out
    return columns.map((c) => ({ ...c, hide: shown ? !shown.has(c.colId ?? c.field ?? '') : false }));
  }, [closed, view]);

  const onCellEditRequest = useCallback(
    (event: CellEditRequestEvent<Row>) => {
      const field = event.colDef.field as TextField;
      if (!TEXT_FIELDS.includes(field) || !quarter) return;
      const node = event.node;
      saving.current = saving.current.then(async () => {
        const current = node.data;
        if (!current) return;
        const value = (event.newValue ?? '') as string;
        if (value === current[field]) return;
        const result = await bridge.invoke('progress.saveText', { quarter, task: current.no, expectedRevision: current.revision, [field]: value });
        if (result.ok) {
          node.setData(toRow(result.value));
          void message.success(`第 ${current.no} 项任务已保存`);
        } else {
          void message.error(result.error.message, 6);
          if (result.error.code === 'CONFLICT' || result.error.code === 'STATE') void load();
        }
      });
    },
    [bridge, message, quarter, load],
  );

  const counts = useMemo(() => {
    const c = new Map<Light, number>();
    for (const r of rows ?? []) c.set(r.light, (c.get(r.light) ?? 0) + 1);
    return c;
  }, [rows]);
  const getRowId = useCallback((p: GetRowIdParams<Row>) => String(p.data.no), []);
  const current = rows?.find((r) => r.no === openTask) ?? null;
  const quarterInfo = quarters.value?.find((q) => q.quarter === quarter);

  return (
    <div className="page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space>
          <PageTitle>任务分解表</PageTitle>
          <Select
            aria-label="季度"
            style={{ width: 170 }}
            value={quarter}
            onChange={(q) => {
              setRows(null);
              setQuarter(q);
            }}
            options={quarters.value?.map((q) => ({ value: q.quarter, label: `${q.label}${q.state === 'closed' ? '（已关闭）' : ''}` })) ?? []}
          />
          {quarterInfo && <Tag color={closed ? 'default' : 'processing'}>{closed ? '已关闭' : '填报中'}</Tag>}
        </Space>
        <Space>
          <Segmented<View>
            aria-label="显示的列"
            options={VIEW_OPTIONS}
            value={view}
            onChange={(v) => {
              setView(v);
              globalThis.localStorage?.setItem(VIEW_KEY, v);
            }}
          />
          <Input.Search allowClear placeholder="搜索任务、单位或进展" style={{ width: 220 }} onChange={(e) => setQuickFilter(e.target.value)} />
        </Space>
      </Space>
      <div role="group" aria-label="按状态筛选" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography.Text type="secondary">状态：</Typography.Text>
        {LIGHTS.map((l) => (
          <Tag.CheckableTag key={l} checked={lightFilter === l} onChange={(on) => setLightFilter(on ? l : null)} style={counts.has(l) ? undefined : { opacity: 0.55 }}>
            <span style={{ color: LIGHT_COLORS[l] === '#d9d9d9' ? undefined : LIGHT_COLORS[l] }}>●</span> {LIGHT_LABELS[l]} {counts.get(l) ?? 0} 项
          </Tag.CheckableTag>
        ))}
        {lightFilter && (
          <Button size="small" type="link" onClick={() => setLightFilter(null)}>
            显示全部
          </Button>
        )}
      </div>
      <Typography.Text type="secondary">
        目标与实际完成由台账按季度末（本季度为今天）统计，计算类指标来自受益主体名录和申报拨付；状态按方案印发之日至时限均衡推进的进度判断，鼠标停在状态上可看原因。
        在「填报进展」中双击「进展情况」「存在问题」「下一步打算」可编辑；目标与实际完成在「目标与完成」中查看，填报类指标和附件在「详情」中录入。
      </Typography.Text>
      {closed && <Alert type="info" showIcon title="本季度已由审批人关闭，数据已锁定。如需更正，请在下一季度填报，或由审批人在「季度报告」中说明原因后重新打开。" />}
      <div className="grid-host">
        <AgGridReact<Row>
          ref={grid}
          rowData={rows}
          loading={rows === null}
          columnDefs={columnDefs}
          defaultColDef={{ sortable: true, resizable: true, filter: 'agTextColumnFilter' }}
          getRowId={getRowId}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          quickFilterText={quickFilter}
          isExternalFilterPresent={() => lightFilter !== null}
          doesExternalFilterPass={(node) => node.data?.light === lightFilter}
          localeText={AG_GRID_LOCALE_CN}
          tooltipShowDelay={300}
          enableCellTextSelection
          // eighteen rows: render them all, so every row's 详情 button exists (on a 768-pixel screen too);
          // the editor ends only by 保存/取消/Enter/Esc, so a click elsewhere never loses what was typed
          suppressColumnVirtualisation
          suppressRowVirtualisation
        />
      </div>
      {current && quarter && <TaskDrawer quarter={quarter} task={current} closed={closed} onClose={() => setOpenTask(null)} onChanged={replaceTask} onTargetsChanged={() => void load()} />}
    </div>
  );
}

/** Without a county (or in the city's install): the plan's table itself, read-only. */
function PlanTable({ city }: { city: boolean }) {
  const tasks = useCall('tasks.list', {});
  const columnDefs = useMemo<ColDef<Task>[]>(
    () => [
      { field: 'no', headerName: '序号', width: 92, sort: 'asc', filter: false },
      { field: 'title', headerName: '工作任务', flex: 3, minWidth: 260, wrapText: true, autoHeight: true },
      { field: 'leadUnits', headerName: '牵头责任单位', flex: 1, minWidth: 140, wrapText: true, autoHeight: true },
      { field: 'cooperatingUnits', headerName: '配合单位', flex: 1, minWidth: 140, wrapText: true, autoHeight: true },
      { field: 'deadlineText', headerName: '时限要求', width: 160 },
    ],
    [],
  );
  return (
    <div className="page">
      <PageTitle>任务分解表</PageTitle>
      <Alert
        type="info"
        showIcon
        title={city ? '本机为市级版：各县区的季度进展通过「数据报送」汇总。' : '尚未设置本机所属县区。请到「首页」选择本单位，任务表即按季度显示本县目标、实际完成和状态。'}
      />
      <div className="grid-host">
        <AgGridReact<Task> rowData={tasks.value} columnDefs={columnDefs} getRowId={(p) => String(p.data.no)} localeText={AG_GRID_LOCALE_CN} enableCellTextSelection />
      </div>
    </div>
  );
}
