import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Input, List, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { formatIndicatorValue, type IndicatorResult, type TaskQuarter } from '../../../shared/domain/progress';
import { useHasRole } from '../auth/AuthGate';
import { downloadBase64, fileToBase64 } from '../download';
import { useBridge } from '../useBridge';
import { LightTag } from './LightTag';
import { quarterLabel } from '../../../shared/dates';

// One task's quarter: its indicators (enter a value with its source, or set the county's own
// target where the plan gives only a city figure), its light and why, and evidence files.

type Props = {
  quarter: string;
  task: TaskQuarter;
  closed: boolean;
  onClose: () => void;
  onChanged: (task: TaskQuarter) => void;
  onTargetsChanged: () => void;
};

export function TaskDrawer({ quarter, task, closed, onClose, onChanged, onTargetsChanged }: Props) {
  const bridge = useBridge();
  const { message } = App.useApp();
  const canEdit = useHasRole('clerk', 'admin');
  const editable = canEdit && !closed;

  const upload = async (file: File) => {
    const result = await bridge.invoke('progress.addEvidence', { quarter, task: task.no, fileName: file.name, contentBase64: await fileToBase64(file) });
    if (result.ok) {
      onChanged(result.value);
      void message.success(`已上传「${file.name}」`);
    } else void message.error(result.error.message, 6);
  };

  const download = async (sha256: string) => {
    const result = await bridge.invoke('progress.evidence', { quarter, task: task.no, sha256 });
    if (result.ok) downloadBase64(result.value.fileName, result.value.contentBase64, 'application/octet-stream');
    else void message.error(result.error.message, 6);
  };

  return (
    <Drawer open width={760} title={`第 ${task.no} 项任务 · ${quarterLabel(quarter)}`} onClose={onClose}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="工作任务">{task.title}</Descriptions.Item>
        <Descriptions.Item label="牵头责任单位">{task.leadUnits}</Descriptions.Item>
        <Descriptions.Item label="时限要求">{task.deadlineText}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Space>
            <LightTag light={task.light} />
            <Typography.Text aria-label="状态原因">{task.reason}</Typography.Text>
          </Space>
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        指标
      </Typography.Title>
      <Table<IndicatorResult>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={task.indicators}
        locale={{ emptyText: '方案未向本县区下达本项任务的量化指标' }}
        expandable={{
          expandedRowRender: (i) => (
            <IndicatorDetail key={`${i.id}-${i.actual}-${i.target}`} quarter={quarter} indicator={i} editable={editable} onSaved={onChanged} onTargetSaved={onTargetsChanged} />
          ),
          defaultExpandAllRows: true,
        }}
        columns={[
          { title: '指标', dataIndex: 'label' },
          { title: '目标', render: (_, i) => (i.target === null ? (i.counts ? '未设目标' : '—') : formatIndicatorValue(i.target, i.unit)) },
          { title: '实际', render: (_, i) => (i.actual === null ? '未填报' : `${formatIndicatorValue(i.actual, i.unit)}${i.after ? `（时限后另有 ${formatIndicatorValue(i.after, i.unit)}，不计入）` : ''}`) },
          { title: '来源', render: (_, i) => (i.source === 'computed' ? '台账统计' : '填报') },
          { title: '状态', render: (_, i) => <LightTag light={i.light} title={i.reason} /> },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        附件（佐证材料）
      </Typography.Title>
      <List
        size="small"
        bordered
        locale={{ emptyText: '暂无附件' }}
        dataSource={task.evidence}
        renderItem={(e) => (
          <List.Item
            actions={[
              <Button key="dl" size="small" type="link" onClick={() => void download(e.sha256)}>
                下载
              </Button>,
            ]}
          >
            {e.fileName}（{(e.size / 1024).toFixed(1)} KB，SHA-256 {e.sha256.slice(0, 12)}…，{e.addedBy}）
          </List.Item>
        )}
      />
      {editable && (
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} style={{ marginTop: 8 }}>
            上传附件
          </Button>
        </Upload>
      )}
    </Drawer>
  );
}

function IndicatorDetail({
  quarter,
  indicator: i,
  editable,
  onSaved,
  onTargetSaved,
}: {
  quarter: string;
  indicator: IndicatorResult;
  editable: boolean;
  onSaved: (task: TaskQuarter) => void;
  onTargetSaved: () => void;
}) {
  const bridge = useBridge();
  const { message } = App.useApp();
  const [value, setValue] = useState(i.enteredIn === quarter && i.actual !== null ? String(i.actual) : '');
  const [source, setSource] = useState('');
  const [target, setTarget] = useState('');
  const [targetSource, setTargetSource] = useState('');

  const save = async () => {
    const result = await bridge.invoke('progress.enterValue', { quarter, indicator: i.id, value, source });
    if (result.ok) {
      onSaved(result.value);
      void message.success(`「${i.label}」已保存`);
    } else void message.error(result.error.message, 6);
  };
  const saveTarget = async () => {
    const result = await bridge.invoke('progress.setTarget', { indicator: i.id, value: target, source: targetSource });
    if (result.ok) {
      onTargetSaved();
      void message.success(`「${i.label}」的本县目标已保存`);
    } else void message.error(result.error.message, 6);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <Typography.Text type="secondary">目标依据：{i.targetBasis}</Typography.Text>
      <Typography.Text type="secondary">实际：{i.actualBasis}</Typography.Text>
      <Typography.Text type="secondary">判断：{i.reason}</Typography.Text>
      {editable && i.source === 'entered' && (
        <Space wrap>
          <Input aria-label={`${i.label}本季度数值`} placeholder={`本季度数值（${i.unit}）`} style={{ width: 160 }} value={value} onChange={(e) => setValue(e.target.value)} />
          <Input aria-label={`${i.label}数据来源`} placeholder="数据来源，如：县统计局12月报表" style={{ width: 300 }} value={source} onChange={(e) => setSource(e.target.value)} />
          <Button type="primary" size="small" onClick={() => void save()}>
            保存数值
          </Button>
        </Space>
      )}
      {i.hint && editable && i.source === 'entered' && <Typography.Text type="secondary">{i.hint}</Typography.Text>}
      {editable && i.targetType === 'local' && (
        <Space wrap>
          <Input aria-label={`${i.label}本县目标`} placeholder={`本县目标（${i.unit}）`} style={{ width: 160 }} value={target} onChange={(e) => setTarget(e.target.value)} />
          <Input aria-label={`${i.label}目标依据`} placeholder="目标依据，如：下达任务的文件文号" style={{ width: 300 }} value={targetSource} onChange={(e) => setTargetSource(e.target.value)} />
          <Button size="small" onClick={() => void saveTarget()}>
            设定本县目标
          </Button>
        </Space>
      )}
    </Space>
  );
}
