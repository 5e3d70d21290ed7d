import { Table, Tag } from 'antd';
import { CLAIM_STATE_LABELS, type ClaimView } from '../../../../shared/domain/claims';
import { formatYuan } from '../../../../shared/money';
import { STATE_COLORS } from './stateColors';

/** The claims as a table: on 申报 (rows open the claim) and under each 公示 batch. */
export function ClaimTable({ claims, loading, onOpen }: { claims: ClaimView[]; loading?: boolean; onOpen?: (id: string) => void }) {
  return (
    <Table<ClaimView>
      size="small"
      rowKey="id"
      aria-label="申报列表"
      loading={loading}
      dataSource={claims}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      onRow={(c) => ({ onClick: () => onOpen?.(c.id), style: { cursor: onOpen ? 'pointer' : undefined } })}
      columns={[
        { title: '申报编号', dataIndex: 'no', width: 130 },
        { title: '受益主体', dataIndex: 'subjectName' },
        { title: '乡镇', dataIndex: 'town', width: 100 },
        { title: '奖补项目', dataIndex: 'ruleTitle' },
        { title: '金额', align: 'right', width: 140, render: (_, c) => (c.amountFen === null ? '—' : formatYuan(c.amountFen)) },
        { title: '状态', width: 100, render: (_, c) => <Tag color={STATE_COLORS[c.state]}>{CLAIM_STATE_LABELS[c.state]}</Tag> },
        { title: '疑点', width: 70, render: (_, c) => (c.flags.length ? <Tag color="red">{c.flags.length}</Tag> : '') },
      ]}
    />
  );
}
