import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import {
  type CellEditRequestEvent,
  type ColDef,
  ClientSideRowModelModule,
  LargeTextEditorModule,
  LocaleModule,
  ModuleRegistry,
  QuickFilterModule,
  RowAutoHeightModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  type GetRowIdParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, App, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { PROGRESS_MAX_CHARS, REMARK_MAX_CHARS, TASK_STATUSES, type Task, type TaskStatus } from '../../../shared/domain/tasks';
import { PageTitle } from '../PageTitle';
import { STATUS_COLORS } from '../statusColors';
import { useBridge } from '../useBridge';
import { useCall } from '../useCall';
import { cityTargetText, countyTargetText } from '../targetText';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  LocaleModule,
  TextEditorModule,
  LargeTextEditorModule,
  SelectEditorModule,
  TextFilterModule,
  QuickFilterModule,
  TooltipModule,
  RowAutoHeightModule,
]);

type EditableField = 'progress' | 'status' | 'remark';
/** A task as the grid shows it: with the target beside it (so a late-arriving target refreshes the row). */
type TaskRow = Task & { targetText: string; targetBasis: string };

const EDITABLE: EditableField[] = ['progress', 'status', 'remark'];

function StatusCell({ value }: { value: TaskStatus | undefined }) {
  return value ? <Tag color={STATUS_COLORS[value]}>{value}</Tag> : null;
}

export function TasksPage() {
  const bridge = useBridge();
  const { message } = App.useApp();
  const tasks = useCall('tasks.list', {});
  const install = useCall('install.get', {});
  const targets = useCall('targets.list', {});
  const counties = useCall('counties.list', {});
  const policy = useCall('policy.get', {});
  const [quickFilter, setQuickFilter] = useState('');
  const role = install.value?.role ?? null;

  // The target beside each task: this county's (county install) or the city's (city install).
  const targetByTask = useMemo(() => {
    const byTask = new Map<number, { text: string; basis: string }>();
    if (role?.role === 'county' && targets.value) {
      for (const no of new Set(targets.value.map((t) => t.task))) {
        const own = targets.value.filter((t) => t.task === no);
        byTask.set(no, { text: countyTargetText(own, counties.value ?? []), basis: own.map((t) => t.basis).join('\n') });
      }
    } else if (role?.role === 'city' && policy.value) {
      for (const no of new Set(policy.value.cityTargets.map((t) => t.task))) {
        if (no === null) continue;
        const own = policy.value.cityTargets.filter((t) => t.task === no);
        byTask.set(no, { text: cityTargetText(own), basis: own.map((t) => `${t.clause.section} ${t.clause.quote}`).join('\n') });
      }
    }
    return byTask;
  }, [role, targets.value, counties.value, policy.value]);
  const targetHeader = role?.role === 'city' ? '全市目标' : '本县目标';
  // Edits are saved one after another, each against the revision the previous one returned.
  const saving = useRef<Promise<void>>(Promise.resolve());

  const columnDefs = useMemo<ColDef<TaskRow>[]>(
    () => [
      { field: 'no', headerName: '序号', width: 100, sort: 'asc', filter: false },
      { field: 'title', headerName: '工作任务', flex: 3, minWidth: 240, wrapText: true, autoHeight: true, tooltipField: 'title' },
      { field: 'leadUnits', headerName: '牵头责任单位', flex: 1, minWidth: 120, wrapText: true, autoHeight: true },
      { field: 'cooperatingUnits', headerName: '配合单位', flex: 1, minWidth: 120, wrapText: true, autoHeight: true },
      { field: 'deadlineText', headerName: '时限要求', width: 168 },
      { colId: 'target', field: 'targetText', headerName: targetHeader, flex: 1, minWidth: 160, wrapText: true, autoHeight: true, tooltipField: 'targetBasis' },
      {
        field: 'progress',
        headerName: '进展情况',
        flex: 2,
        minWidth: 180,
        editable: true,
        wrapText: true,
        autoHeight: true,
        cellEditor: 'agLargeTextCellEditor',
        cellEditorPopup: true,
        cellEditorParams: { maxLength: PROGRESS_MAX_CHARS, rows: 10, cols: 60 },
        headerTooltip: '双击编辑；Shift+Enter 换行，Enter 保存',
      },
      {
        field: 'status',
        headerName: '完成状态',
        width: 120,
        editable: true,
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: [...TASK_STATUSES] },
        cellRenderer: StatusCell,
      },
      { field: 'remark', headerName: '备注', flex: 1, minWidth: 110, editable: true, wrapText: true, autoHeight: true },
    ],
    [targetHeader],
  );

  const withTarget = useCallback(
    (task: Task): TaskRow => ({ ...task, targetText: targetByTask.get(task.no)?.text ?? '', targetBasis: targetByTask.get(task.no)?.basis ?? '' }),
    [targetByTask],
  );
  const rows = useMemo(() => tasks.value?.map(withTarget), [tasks.value, withTarget]);

  const onCellEditRequest = useCallback(
    (event: CellEditRequestEvent<TaskRow>) => {
      const field = event.colDef.field as EditableField;
      if (!EDITABLE.includes(field)) return;
      const node = event.node;
      saving.current = saving.current.then(async () => {
        const current = node.data;
        if (!current) return;
        const newValue = (event.newValue ?? '') as string;
        if (newValue === current[field]) return;
        const result = await bridge.invoke('tasks.updateProgress', {
          no: current.no,
          expectedRevision: current.revision,
          [field]: newValue,
        });
        if (result.ok) {
          node.setData(withTarget(result.value));
          void message.success(`第 ${current.no} 项任务已保存`);
        } else {
          // The grid never changed its data (readOnlyEdit), so the cell still shows the saved value.
          void message.error(result.error.message, 6);
          if (result.error.code === 'CONFLICT') void tasks.reload();
        }
      });
    },
    [bridge, message, tasks, withTarget],
  );

  const getRowId = useCallback((p: GetRowIdParams<TaskRow>) => String(p.data.no), []);

  return (
    <div className="page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <PageTitle>任务分解表</PageTitle>
        <Input.Search
          allowClear
          placeholder="搜索任务、单位或进展"
          style={{ width: 280 }}
          onChange={(e) => setQuickFilter(e.target.value)}
        />
      </Space>
      <Typography.Text type="secondary">
        淮府办秘〔2019〕55号附件《具体任务分解表》。双击「进展情况」「完成状态」「备注」单元格可编辑，修改即时保存并记入账本；备注不超过
        {REMARK_MAX_CHARS} 字。
      </Typography.Text>
      {install.value && !role && <Alert type="info" showIcon title="尚未设置本机所属县区。请到「首页」选择本单位，任务表即显示本县目标。" />}
      <div className="grid-host">
        <AgGridReact<TaskRow>
          rowData={rows}
          loading={tasks.loading && !tasks.value}
          columnDefs={columnDefs}
          defaultColDef={{ sortable: true, resizable: true, filter: 'agTextColumnFilter' }}
          getRowId={getRowId}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          quickFilterText={quickFilter}
          localeText={AG_GRID_LOCALE_CN}
          tooltipShowDelay={300}
          enableCellTextSelection
          singleClickEdit={false}
          stopEditingWhenCellsLoseFocus
        />
      </div>
    </div>
  );
}
