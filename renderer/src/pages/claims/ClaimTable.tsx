import { Table, Tag } from 'antd';
import { CLAIM_STATE_LABELS, type ClaimSummary } from '../../../../shared/domain/claims';
import { formatYuan } from '../../../../shared/money';
import { useCall } from '../../useCall';
import { STATE_COLORS } from './stateColors';

/** The claims of one 公示 batch, asked of the core when the batch is expanded. */
export function NoticeClaims({ noticeId }: { noticeId: string }) {
  const page = useCall('claims.page', { noticeId, limit: 500 });
  return <ClaimTable claims={page.value?.rows ?? []} loading={page.loading} />;
}

/** Claims as a plain table (under each 公示 batch). */
export function ClaimTable({ claims, loading }: { claims: readonly ClaimSummary[]; loading?: boolean }) {
  return (
    <Table<ClaimSummary>
      size="small"
      rowKey="id"
      aria-label="公示申报"
      loading={loading}
      dataSource={[...claims]}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: '申报编号', dataIndex: 'no', width: 130 },
        { title: '受益主体', dataIndex: 'subjectName' },
        { title: '乡镇', dataIndex: 'town', width: 100 },
        { title: '奖补项目', dataIndex: 'ruleTitle' },
        { title: '金额', align: 'right', width: 140, render: (_, c) => (c.amountFen === null ? '—' : formatYuan(c.amountFen)) },
        { title: '状态', width: 100, render: (_, c) => <Tag color={STATE_COLORS[c.state]}>{CLAIM_STATE_LABELS[c.state]}</Tag> },
      ]}
    />
  );
}
