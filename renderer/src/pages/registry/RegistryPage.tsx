import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Input, Space, Tabs, Typography, Upload } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../../shared/contract';
import { LIST_IDS, LISTS, type ListId, type SubjectRow } from '../../../../shared/domain/registry';
import { downloadBase64, fileToBase64 } from '../../download';
import { PageTitle } from '../../PageTitle';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { ImportPreview } from './ImportPreview';
import { ListGrid, type ListGridHandle } from './ListGrid';
import { SubjectDrawer } from './SubjectDrawer';
import { useSubjectList } from './useSubjectList';
import { useMessage } from '../../useMessage';

type Report = MethodOutput<'registry.import'>;
type Pending = { report: Report; commit: () => Promise<Report | null>; downloadRejects: () => Promise<void> };

/** 受益主体: one grid per list, Excel/WPS in and out, paste from a spreadsheet, duplicates flagged. */
export function RegistryPage() {
  const bridge = useBridge();
  const message = useMessage();
  const [list, setList] = useState<ListId>(() => {
    const linked = new URLSearchParams(window.location.search).get('list');
    return (LIST_IDS as readonly string[]).includes(linked ?? '') ? (linked as ListId) : 'service-points';
  });
  const [query, setQuery] = useState('');
  const summary = useCall('registry.summary', {});
  const rows = useSubjectList(list, query);
  const grid = useRef<ListGridHandle>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const refresh = useCallback(() => {
    void rows.reload();
    void summary.reload();
  }, [rows, summary]);

  const preview = async (call: (commit: boolean) => Promise<Report | null>, downloadRejects: () => Promise<void>) => {
    const report = await call(false);
    if (report) setPending({ report, commit: () => call(true), downloadRejects });
  };

  /** The refused rows hold personal data in full: the core hands them out on request and journals it. */
  const saveRejects = async (input: MethodInput<'registry.rejects'>) => {
    const result = await bridge.invoke('registry.rejects', input);
    if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
    else void message.error(result.error.message, 8);
  };

  const importFile = (file: File) =>
    preview(
      async (commit) => {
        const result = await bridge.invoke('registry.import', { list, fileName: file.name, contentBase64: await fileToBase64(file), commit });
        if (!result.ok) void message.error(result.error.message, 8);
        return result.ok ? result.value : null;
      },
      async () => saveRejects({ list, fileName: file.name, contentBase64: await fileToBase64(file) }),
    );

  const onPaste = (event: React.ClipboardEvent) => {
    if ((event.target as HTMLElement).closest('input, textarea')) return; // editing a cell: let the editor have it
    const text = event.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.includes('\n')) return;
    event.preventDefault();
    const cells = text.replace(/\r/g, '').replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
    const known = new Set(LISTS[list].fields.flatMap((f) => [f.header, ...(f.aliases ?? [])]));
    const hasHeader = cells[0]?.some((c) => known.has(c.replace(/[*＊\s]/g, '')));
    const headers = hasHeader ? cells[0]! : grid.current?.pasteHeaders(cells[0]?.length ?? 0);
    if (!headers) {
      void message.error('粘贴的列数超出了表格，请选中要粘贴的起始列，或连同表头一起复制');
      return;
    }
    const data = hasHeader ? cells.slice(1) : cells;
    void preview(
      async (commit) => {
        const result = await bridge.invoke('registry.importTable', { list, headers, rows: data, commit });
        if (!result.ok) void message.error(result.error.message, 8);
        return result.ok ? result.value : null;
      },
      () => saveRejects({ list, headers, rows: data }),
    );
  };

  const commit = async () => {
    if (!pending) return;
    setBusy(true);
    const report = await pending.commit();
    setBusy(false);
    if (!report) return;
    setPending(null);
    void message.success(`已导入 ${report.new + report.updates} 行（新增 ${report.new}，更新 ${report.updates}）`);
    refresh();
  };

  const template = async () => {
    const result = await bridge.invoke('registry.template', { list });
    if (result.ok) downloadBase64(`${LISTS[list].label}导入模板.xlsx`, result.value.contentBase64);
    else void message.error(result.error.message);
  };

  const exportGrid = async () => {
    const ids = grid.current?.visibleIds() ?? [];
    const result = await bridge.invoke('registry.export', { list, ids });
    if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64);
    else void message.error(result.error.message);
  };

  return (
    <div className="page" onPaste={onPaste}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <PageTitle>受益主体</PageTitle>
        <Space wrap>
          <Input.Search aria-label="搜索主体" allowClear placeholder="名称、拼音首字母或完整证件号" style={{ width: 280 }} onSearch={setQuery} />
          <Button icon={<DownloadOutlined />} onClick={() => void template()}>
            下载导入模板
          </Button>
          <Upload accept=".xlsx,.xls,.ods,.et,.csv" showUploadList={false} beforeUpload={(file) => (void importFile(file), false)}>
            <Button type="primary" icon={<UploadOutlined />}>
              导入名单
            </Button>
          </Upload>
          <Button disabled={!rows.complete} onClick={() => void exportGrid()}>
            {rows.complete ? '导出当前表格' : '正在载入全部行…'}
          </Button>
        </Space>
      </Space>
      <Tabs
        activeKey={list}
        onChange={(key) => setList(key as ListId)}
        items={LIST_IDS.map((id) => ({ key: id, label: `${LISTS[id].label}（${summary.value?.[id] ?? 0}）` }))}
      />
      <Typography.Text type="secondary">
        双击单元格（或选中后直接输入、按 F2 或 Enter）编辑，回车保存；点行末「详情」查看详情和修改记录；可从 Excel/WPS 复制一块单元格，选中起始列后按 Ctrl+V 粘贴（会先预览再导入）。身份证号、手机号、银行账号遮挡显示。
      </Typography.Text>
      <ListGrid
        ref={grid}
        key={list}
        list={list}
        rows={rows.rows}
        loading={!rows.rows}
        onChanged={(row: SubjectRow) => rows.setRows((current) => (current ?? []).map((r) => (r.id === row.id ? row : r)))}
        onOpen={setOpenId}
      />
      {pending && (
        <ImportPreview list={list} report={pending.report} busy={busy} onCommit={() => void commit()} onDownloadRejects={() => void pending.downloadRejects()} onCancel={() => setPending(null)} />
      )}
      {openId && <SubjectDrawer id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}
