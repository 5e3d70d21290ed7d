import { Button, Card, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { BackupSummary } from '../../../../shared/contract-system';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { PathAction } from './PathAction';
import { useMessage } from '../../useMessage';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function SummaryView({ summary }: { summary: BackupSummary }) {
  return (
    <Descriptions size="small" column={1} bordered aria-label="备份内容">
      <Descriptions.Item label="单位">{summary.install.county ? `${summary.install.county.name}（${summary.install.county.code}）` : summary.install.role === 'city' ? '市级' : '未设置'}</Descriptions.Item>
      <Descriptions.Item label="备份时间">{new Date(summary.createdAt).toLocaleString('zh-CN', { hour12: false })}（{summary.appVersion} 版）</Descriptions.Item>
      <Descriptions.Item label="账本">
        {summary.ledger.entries} 条记录，末尾 <Typography.Text code>{summary.ledger.headHash.slice(0, 16)}…</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="最近关闭的季度">{summary.lastClosedQuarter ?? '无'}</Descriptions.Item>
      <Descriptions.Item label="文件">{summary.files} 个，共 {size(summary.bytes)}</Descriptions.Item>
    </Descriptions>
  );
}

/** Restoring: the backup is checked whole and shown first; only the confirmation replaces the data. */
export function RestorePanel({ onRestored }: { onRestored: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [staged, setStaged] = useState<{ staged: string; summary: BackupSummary } | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <PathAction
        label="选择备份文件并核对"
        placeholder="备份文件的完整路径（.zip）"
        run={async (path) => {
          const result = await bridge.invokeWithPath('system.inspectBackup', {}, path);
          if (result.ok) setStaged(result.value);
          else if (result.error.code !== 'CANCELLED') void message.error(result.error.message, 8);
        }}
      />
      {staged && (
        <>
          <Typography.Text>备份已核对：清单中每个文件的 SHA-256 相符，账本校验通过。恢复后当前数据将移到数据文件夹中的 replaced-… 文件夹保留。</Typography.Text>
          <SummaryView summary={staged.summary} />
          <Popconfirm
            title="用这份备份替换当前数据？"
            okText="恢复"
            cancelText="取消"
            onConfirm={async () => {
              const result = await bridge.invoke('system.restore', { staged: staged.staged });
              if (!result.ok) return void message.error(result.error.message, 8);
              void message.success('已从备份恢复，请重新登录');
              setStaged(null);
              onRestored();
            }}
          >
            <Button danger type="primary">
              从备份恢复
            </Button>
          </Popconfirm>
        </>
      )}
    </Space>
  );
}

/** 备份与恢复 (administrators). */
export function BackupCard({ backupDir, onChanged }: { backupDir: string; onChanged: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const backups = useCall('system.backups', {});
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title="备份与恢复">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">每天第一次启动时自动备份（保留最近 7 天和最近 12 个月各一份），每次升级数据库结构前也会先备份。备份文件夹：{backupDir}</Typography.Text>
        <Space wrap>
          <Button
            type="primary"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              const result = await bridge.invoke('system.backup', {});
              setBusy(false);
              if (!result.ok) return void message.error(result.error.message, 8);
              void message.success(`已备份：${result.value.path}`, 8);
              void backups.reload();
            }}
          >
            备份
          </Button>
          <PathAction
            label="更改备份文件夹"
            placeholder="备份文件夹（可选 U 盘或网络共享，如 E:\台账备份）"
            run={async (path) => {
              const result = await bridge.invokeWithPath('system.setBackupDir', {}, path);
              if (result.ok) {
                void message.success(`备份文件夹已改为 ${result.value.dir}`);
                onChanged();
                void backups.reload();
              } else if (result.error.code !== 'CANCELLED') void message.error(result.error.message, 8);
            }}
          />
        </Space>
        <Table
          size="small"
          rowKey="fileName"
          aria-label="备份文件"
          loading={backups.loading}
          dataSource={backups.value?.files.slice(0, 20) ?? []}
          pagination={false}
          columns={[
            { title: '备份文件', dataIndex: 'fileName' },
            { title: '大小', render: (_, f) => size(f.bytes) },
            { title: '时间', render: (_, f) => new Date(f.modifiedAt).toLocaleString('zh-CN', { hour12: false }) },
          ]}
        />
        <Typography.Title level={5}>从备份恢复</Typography.Title>
        <RestorePanel onRestored={() => window.location.reload()} />
      </Space>
    </Card>
  );
}
