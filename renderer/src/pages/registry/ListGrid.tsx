import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import {
  type CellEditRequestEvent,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  type ColDef,
  DateFilterModule,
  LocaleModule,
  ModuleRegistry,
  NumberFilterModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Button } from 'antd';
import { forwardRef, useCallback, useImperativeHandle, useMemo, useRef } from 'react';
import { displayFieldValue, LISTS, type ListId, type SubjectRow } from '../../../../shared/domain/registry';
import { fenToYuanString } from '../../../../shared/money';
import { useBridge } from '../../useBridge';
import { useMessage } from '../../useMessage';

ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, ColumnApiModule, TextEditorModule, SelectEditorModule, TextFilterModule, NumberFilterModule, DateFilterModule, TooltipModule, LocaleModule]);

export type ListGridHandle = {
  /** Ids in the grid's current filter and sort, for export. */
  visibleIds(): string[];
  /** The header names of the displayed columns from the focused one on, for a paste. */
  pasteHeaders(width: number): string[] | null;
};

type Props = { list: ListId; rows: SubjectRow[] | null; loading: boolean; onChanged: (row: SubjectRow) => void; onOpen: (id: string) => void };

/** One list in AG Grid: Chinese filters and sort, pinned name, masked personal fields, inline edits checked by the core. */
export const ListGrid = forwardRef<ListGridHandle, Props>(function ListGrid({ list, rows, loading, onChanged, onOpen }, ref) {
  const bridge = useBridge();
  const message = useMessage();
  const agGrid = useRef<AgGridReact<SubjectRow>>(null);
  const def = LISTS[list];
  const latestYear = useMemo(() => {
    const years = (rows ?? []).slice(0, 2000).flatMap((r) => Object.keys(r.facts));
    return years.length ? years.sort().at(-1) : undefined;
  }, [rows]);

  const columns = useMemo<ColDef<SubjectRow>[]>(() => {
    const plain = def.fields.filter((f) => !f.fact && f.key !== 'year');
    const facts = def.fields.filter((f) => f.fact);
    return [
      ...plain.map(
        (f, i): ColDef<SubjectRow> => ({
          colId: f.key,
          headerName: f.header,
          pinned: i === 0 ? 'left' : undefined,
          valueGetter: (p) => displayFieldValue(f, p.data?.fields[f.key]),
          editable: true,
          cellEditor: f.options ? 'agSelectCellEditor' : 'agTextCellEditor',
          cellEditorParams: f.options ? { values: [...f.options] } : undefined,
          headerTooltip: f.sensitive ? '个人敏感信息，界面中遮挡显示；编辑时请填写完整号码' : undefined,
          minWidth: f.type === 'idNumber' || f.type === 'uscc' || f.type === 'bankCard' ? 190 : 110,
          flex: 1,
        }),
      ),
      ...(latestYear
        ? facts.map(
            (f): ColDef<SubjectRow> => ({
              colId: `fact:${f.key}`,
              headerName: `${latestYear}年${f.header}`,
              valueGetter: (p) => p.data?.facts[latestYear]?.[f.key],
              valueFormatter: (p) => (typeof p.value === 'number' ? fenToYuanString(p.value) : ''),
              filter: 'agNumberColumnFilter',
              minWidth: 160,
              flex: 1,
            }),
          )
        : []),
      { colId: 'flags', headerName: '疑点', valueGetter: (p) => p.data?.flags.join('；') ?? '', tooltipValueGetter: (p) => p.value as string, minWidth: 160, flex: 1 },
      // double-click, typing, F2 and Enter edit a cell; the drawer has its own button, so one never takes the other's gesture
      {
        colId: 'open',
        headerName: '详情',
        pinned: 'right',
        width: 80,
        sortable: false,
        filter: false,
        resizable: false,
        cellRenderer: ({ data }: { data?: SubjectRow }) =>
          data ? (
            <Button size="small" type="link" aria-label={`${String(data.fields.name ?? '')}的详情`} onClick={() => onOpen(data.id)}>
              详情
            </Button>
          ) : null,
      },
    ];
  }, [def, latestYear, onOpen]);

  const onCellEditRequest = useCallback(
    async (event: CellEditRequestEvent<SubjectRow>) => {
      const data = event.data;
      const field = event.colDef.colId ?? '';
      const value = event.newValue === null || event.newValue === undefined ? '' : String(event.newValue);
      const result = await bridge.invoke('registry.update', { id: data.id, expectedRevision: data.revision, field, value });
      if (result.ok) {
        event.node.setData(result.value);
        onChanged(result.value);
        void message.success('已保存');
      } else void message.error(result.error.message, 6);
    },
    [bridge, message, onChanged],
  );

  useImperativeHandle(ref, () => ({
    visibleIds() {
      const ids: string[] = [];
      agGrid.current?.api?.forEachNodeAfterFilterAndSort((node) => {
        if (node.data) ids.push(node.data.id);
      });
      return ids;
    },
    pasteHeaders(width) {
      const grid = agGrid.current?.api;
      const focused = grid?.getFocusedCell();
      const displayed = grid?.getAllDisplayedColumns() ?? [];
      const start = focused ? displayed.findIndex((c) => c.getColId() === focused.column.getColId()) : 0;
      const chosen = displayed.slice(Math.max(start, 0), Math.max(start, 0) + width).map((c) => def.fields.find((f) => f.key === c.getColId())?.header);
      return chosen.length === width && chosen.every(Boolean) ? (chosen as string[]) : null;
    },
  }));

  return (
    <div className="grid-host" aria-label={`${def.label}名单`}>
      <AgGridReact<SubjectRow>
        ref={agGrid}
        rowData={rows ?? undefined}
        loading={loading && !rows}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true, filter: 'agTextColumnFilter' }}
        getRowId={(p) => p.data.id}
        readOnlyEdit
        onCellEditRequest={(e) => void onCellEditRequest(e)}
        localeText={AG_GRID_LOCALE_CN}
        enableCellTextSelection
        stopEditingWhenCellsLoseFocus
        overlayNoRowsTemplate="名单为空：可下载导入模板，填好后导入，或从 Excel/WPS 复制后在此粘贴"
      />
    </div>
  );
});
