import { UploadOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Input, List, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { formatIndicatorValue, type IndicatorResult, type TaskQuarter } from '../../../shared/domain/progress';
import { TASK_PART_LABELS } from '../../../shared/domain/tasks';
import { useHasRole } from '../auth/AuthGate';
import { downloadBase64, fileToBase64 } from '../download';
import { useBridge } from '../useBridge';
import { LightTag } from './LightTag';
import { quarterLabel } from '../../../shared/dates';
import { useMessage } from '../useMessage';

// One task's quarter: the county's part in it and what the row must say besides its light (系统说明,
// 本县解读), its indicators (enter a value with its source, set the county's own target where the
// plan gives only a city figure, record a rate's baseline), its light and why, and evidence files.

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
  const message = useMessage();
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
        {task.cooperatingUnits && <Descriptions.Item label="配合单位">{task.cooperatingUnits}</Descriptions.Item>}
        {task.part && <Descriptions.Item label="本县角色">{TASK_PART_LABELS[task.part]}</Descriptions.Item>}
        <Descriptions.Item label="时限要求">{task.deadlineText}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Space>
            <LightTag light={task.light} />
            <Typography.Text aria-label="状态原因">{task.reason}</Typography.Text>
          </Space>
        </Descriptions.Item>
      </Descriptions>

      {task.notes && task.notes.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 12 }}
          aria-label="说明"
          dataSource={task.notes}
          renderItem={(note) => (
            <List.Item>
              <span>
                <Tag color={noteSource(note) === '系统说明' ? 'default' : 'gold'}>{noteSource(note)}</Tag>
                {note}
              </span>
            </List.Item>
          )}
        />
      )}

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
            <IndicatorDetail key={`${i.id}-${i.actual}-${i.target}-${i.baseline ?? ''}`} quarter={quarter} indicator={i} editable={editable} onSaved={onChanged} onTargetSaved={onTargetsChanged} />
          ),
          defaultExpandAllRows: true,
        }}
        columns={[
          { title: '指标', dataIndex: 'label' },
          { title: '类型', width: 64, render: (_, i) => (i.kind === 'level' ? '比率' : '计数') },
          { title: '目标', render: (_, i) => (i.target === null ? (i.counts ? '未设目标' : '—') : formatIndicatorValue(i.target, i.unit)) },
          { title: '实际', render: (_, i) => (i.actual === null ? '未填报' : `${formatIndicatorValue(i.actual, i.unit)}${i.after ? `（时限后另有 ${formatIndicatorValue(i.after, i.unit)}，不计入）` : ''}`) },
          { title: '基期值', render: (_, i) => (i.kind !== 'level' ? '—' : i.baseline === null || i.baseline === undefined ? '未登记' : formatIndicatorValue(i.baseline, i.unit)) },
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

/** A note of the county's own reading names it (本县解读 / 本县设置); every other note is the pack's (系统说明). */
function noteSource(note: string): string {
  return /本县解读：/.test(note) ? '本县解读' : /本县设置：/.test(note) ? '本县设置' : '系统说明';
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
  const message = useMessage();
  const [value, setValue] = useState(i.enteredIn === quarter && i.actual !== null ? String(i.actual) : '');
  const [source, setSource] = useState('');
  const [target, setTarget] = useState('');
  const [targetSource, setTargetSource] = useState('');
  const [baseline, setBaseline] = useState(i.baseline === null || i.baseline === undefined ? '' : String(i.baseline));
  const [baselineSource, setBaselineSource] = useState('');

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

  const saveBaseline = async () => {
    const result = await bridge.invoke('progress.setBaseline', { indicator: i.id, value: baseline, source: baselineSource });
    if (result.ok) {
      onTargetSaved();
      void message.success(`「${i.label}」的基期值已保存`);
    } else void message.error(result.error.message, 6);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <Typography.Text type="secondary">目标依据：{i.targetBasis}</Typography.Text>
      <Typography.Text type="secondary">实际：{i.actualBasis}</Typography.Text>
      <Typography.Text type="secondary">判断：{i.reason}</Typography.Text>
      {i.kind === 'level' && (i.baseline === null || i.baseline === undefined) && (
        <Typography.Text type="warning">比率类指标不从零起算：登记方案印发时的基期值（须写来源）后按进度判断，未登记的到时限再判断是否达到目标。</Typography.Text>
      )}
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
      {editable && i.kind === 'level' && (
        <Space wrap>
          <Input aria-label={`${i.label}基期值`} placeholder={`基期值（${i.unit}）`} style={{ width: 160 }} value={baseline} onChange={(e) => setBaseline(e.target.value)} />
          <Input aria-label={`${i.label}基期值数据来源`} placeholder="数据来源，如：县统计局2019年8月报表" style={{ width: 300 }} value={baselineSource} onChange={(e) => setBaselineSource(e.target.value)} />
          <Button size="small" onClick={() => void saveBaseline()}>
            保存基期值
          </Button>
        </Space>
      )}
    </Space>
  );
}
