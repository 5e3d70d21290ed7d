import { Alert, Button, Modal, Space, Table, Tag } from 'antd';
import type { MethodOutput } from '../../../../shared/contract';
import { displayFieldValue, LISTS, type ListId } from '../../../../shared/domain/registry';

type Report = MethodOutput<'registry.import'>;

const STATUS = { new: <Tag color="green">新增</Tag>, update: <Tag color="blue">更新</Tag>, error: <Tag color="red">错误</Tag> };

/** Every row before anything is written: new, update or error with its reasons. */
export function ImportPreview({
  list,
  report,
  busy,
  onCommit,
  onDownloadRejects,
  onCancel,
}: {
  list: ListId;
  report: Report;
  busy: boolean;
  onCommit: () => void;
  onDownloadRejects: () => void;
  onCancel: () => void;
}) {
  const fields = LISTS[list].fields.filter((f) => !f.fact && f.key !== 'year').slice(0, 5);
  const errorRows = report.preview.filter((r) => r.status === 'error').length;
  const valid = report.new + report.updates;
  return (
    <Modal
      open
      width={1100}
      title="导入预览"
      onCancel={onCancel}
      footer={
        <Space>
          {report.rejects && <Button onClick={onDownloadRejects}>下载未导入的行</Button>}
          <Button onClick={onCancel}>取消</Button>
          <Button type="primary" disabled={valid === 0} loading={busy} onClick={onCommit}>
            确认导入 {valid} 行
          </Button>
        </Space>
      }
    >
      <Alert
        type={errorRows ? 'warning' : 'success'}
        showIcon
        title={`共 ${report.rows} 行：新增 ${report.new} 行，更新 ${report.updates} 行，错误 ${errorRows} 行${report.encoding ? `（编码 ${report.encoding}）` : ''}`}
        description={errorRows ? '有错误的行不会导入；可下载“未导入的行”修改后重新导入。导入为一次完整的写入，不会只导入一半。' : '确认后一次性写入并记入账本。'}
        style={{ marginBottom: 12 }}
      />
      {report.warnings.length > 0 && <Alert type="info" title={report.warnings.slice(0, 5).join('；')} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="row"
        aria-label="导入预览"
        dataSource={report.preview}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 70 },
          { title: '状态', dataIndex: 'status', width: 80, render: (s: 'new' | 'update' | 'error') => STATUS[s] },
          ...fields.map((f) => ({ title: f.header, render: (_: unknown, r: Report['preview'][number]) => displayFieldValue(f, r.fields[f.key]) })),
          { title: '错误原因', render: (_: unknown, r: Report['preview'][number]) => r.reasons.join('；') },
        ]}
      />
    </Modal>
  );
}
