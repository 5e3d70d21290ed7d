import { Alert, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { formatChineseDateTime } from '../../../shared/dates';
import { journalKindLabel } from '../../../shared/domain/journal-labels';
import { PageTitle } from '../PageTitle';
import { useBridge } from '../useBridge';
import { useCall } from '../useCall';

type Verification = MethodOutput<'ledger.verify'>;

export function LedgerPage() {
  const bridge = useBridge();
  const recent = useCall('ledger.recent', { limit: 200 });
  const [verification, setVerification] = useState<Verification | null>(null);
  const [checking, setChecking] = useState(false);

  const verify = async () => {
    setChecking(true);
    const result = await bridge.invoke('ledger.verify', {});
    setChecking(false);
    setVerification(result.ok ? result.value : { ok: false, entries: 0, firstBadSeq: 0, reason: result.error.message });
  };

  return (
    <div className="page">
      <PageTitle>账本校验</PageTitle>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        每一次修改都作为一条记录追加到账本，每条记录都含有上一条记录的哈希值，任何事后改动都会被发现。
      </Typography.Paragraph>
      <Space>
        <Button type="primary" loading={checking} onClick={() => void verify()}>
          校验整个账本
        </Button>
        <Button onClick={() => void recent.reload()}>刷新记录</Button>
      </Space>
      {verification &&
        (verification.ok ? (
          <Alert
            type="success"
            showIcon
            title={`账本完好：共 ${verification.entries} 条记录，哈希链连续无误`}
            description={`最新记录第 ${verification.headSeq} 条，哈希 ${verification.headHash}`}
          />
        ) : (
          <Alert type="error" showIcon title="账本校验未通过" description={verification.reason} />
        ))}
      <Table
        size="small"
        rowKey="seq"
        loading={recent.loading}
        dataSource={recent.value ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `最近 ${n} 条` }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 80 },
          { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => formatChineseDateTime(at) },
          { title: '操作人', dataIndex: 'actorName', width: 120 },
          { title: '操作', dataIndex: 'kind', width: 140, render: journalKindLabel },
          { title: '对象', dataIndex: 'entityLabel', width: 260 },
          { title: '哈希', dataIndex: 'hash', render: (h: string) => <code>{h.slice(0, 16)}…</code> },
        ]}
      />
    </div>
  );
}
