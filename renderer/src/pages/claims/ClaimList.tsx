import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useState } from 'react';
import { CLAIM_STATE_LABELS, CLAIM_STATES, type ClaimPageQuery, type ClaimSort, type ClaimState, type ClaimSummary } from '../../../../shared/domain/claims';
import { formatYuan } from '../../../../shared/money';
import { useCall } from '../../useCall';
import { STATE_COLORS } from './stateColors';

// 申报 at county scale: the core filters, sorts and pages (claims.page); this keeps the clerk's
// place — search, filters, sort, page and the row last opened — while a claim's drawer is open and
// after it closes, and across visits to the page within the session.

export type ClaimListState = {
  query: string;
  states: ClaimState[];
  rule: string | null;
  flagged: boolean | null;
  month: string | null;
  sort: ClaimSort | null;
  descending: boolean;
  page: number;
  pageSize: number;
};

const STORE_KEY = 'county-ledger-claims-list';

export function initialListState(from: { claimState?: string | undefined; month?: string | null }): ClaimListState {
  const empty: ClaimListState = { query: '', states: [], rule: null, flagged: null, month: null, sort: null, descending: false, page: 1, pageSize: 50 };
  const navigated = from.claimState !== undefined || from.month;
  if (navigated) return { ...empty, states: CLAIM_STATES.filter((s) => s === from.claimState), month: from.month ?? null };
  try {
    const saved = sessionStorage.getItem(STORE_KEY);
    return saved ? { ...empty, ...(JSON.parse(saved) as Partial<ClaimListState>) } : empty;
  } catch {
    return empty;
  }
}

const COLUMN_SORTS: Record<string, ClaimSort> = { no: 'no', subjectName: 'subjectName', town: 'town', ruleTitle: 'ruleTitle', amount: 'amount', state: 'state', flags: 'flags' };

type Props = {
  year: number;
  state: ClaimListState;
  onState: (next: ClaimListState) => void;
  /** The claim whose drawer is (or was last) open: highlighted, and its page reloaded on return. */
  current: string | null;
  onOpen: (id: string) => void;
  /** Changes when a claim may have changed (the drawer closed), to reload the same page. */
  version: number;
};

export function ClaimList({ year, state, onState, current, onOpen, version }: Props) {
  const rules = useCall('policy.get', {});
  const [typed, setTyped] = useState(state.query);
  const query: ClaimPageQuery = {
    year,
    offset: (state.page - 1) * state.pageSize,
    limit: state.pageSize,
    ...(state.query ? { query: state.query } : {}),
    ...(state.states.length ? { states: state.states } : {}),
    ...(state.rule ? { rule: state.rule } : {}),
    ...(state.flagged !== null ? { flagged: state.flagged } : {}),
    ...(state.month ? { month: state.month } : {}),
    ...(state.sort ? { sort: state.sort, descending: state.descending } : {}),
  };
  const page = useCall('claims.page', query);
  const { reload } = page;
  useEffect(() => {
    if (version > 0) void reload();
  }, [version, reload]);
  useEffect(() => {
    sessionStorage.setItem(STORE_KEY, JSON.stringify({ ...state, month: null }));
  }, [state]);
  // a search waits for a pause in typing, not for every keystroke
  useEffect(() => {
    if (typed.trim() === state.query) return;
    const timer = setTimeout(() => onState({ ...state, query: typed.trim(), page: 1 }), 250);
    return () => clearTimeout(timer);
  }, [typed, state, onState]);
  const set = (patch: Partial<ClaimListState>) => onState({ ...state, page: 1, ...patch });
  const sortOrder = (key: ClaimSort) => (state.sort === key ? (state.descending ? 'descend' : 'ascend') : null);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search aria-label="搜索申报" placeholder="主体名称、拼音首字母、申报编号或乡镇" allowClear value={typed} onChange={(e) => setTyped(e.target.value)} onSearch={(v) => set({ query: v.trim() })} style={{ width: 300 }} />
        <Select
          aria-label="按状态筛选"
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder="全部状态"
          value={state.states}
          onChange={(states: ClaimState[]) => set({ states })}
          options={CLAIM_STATES.map((s) => ({ value: s, label: CLAIM_STATE_LABELS[s] }))}
          style={{ width: 200 }}
        />
        <Select
          aria-label="按奖补项目筛选"
          allowClear
          placeholder="全部奖补项目"
          value={state.rule}
          onChange={(rule: string | undefined) => set({ rule: rule ?? null })}
          options={(rules.value?.rules ?? []).map((r) => ({ value: r.id, label: r.title }))}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
        />
        <Select
          aria-label="按疑点筛选"
          allowClear
          placeholder="疑点：全部"
          value={state.flagged === null ? undefined : state.flagged ? 'yes' : 'no'}
          onChange={(v: string | undefined) => set({ flagged: v === undefined ? null : v === 'yes' })}
          options={[
            { value: 'yes', label: '有疑点' },
            { value: 'no', label: '无疑点' },
          ]}
          style={{ width: 120 }}
        />
        {page.value && (
          <Typography.Text type="secondary" aria-label="筛选结果">
            共 {page.value.total.toLocaleString('zh-CN')} 条，金额合计 {formatYuan(page.value.totalFen)}
          </Typography.Text>
        )}
      </Space>
      <Table<ClaimSummary>
        size="small"
        rowKey="id"
        aria-label="申报列表"
        loading={page.loading}
        dataSource={page.value?.rows ?? []}
        scroll={{ x: 'max-content' }}
        rowClassName={(c) => (c.id === current ? 'claim-row-current' : '')}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: page.value?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 条`,
        }}
        onChange={(pagination, _filters, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<ClaimSummary> | undefined;
          const key = s?.order ? COLUMN_SORTS[String(s.columnKey)] : undefined;
          const sortChanged = (key ?? null) !== state.sort || (s?.order === 'descend') !== state.descending;
          onState({
            ...state,
            sort: key ?? null,
            descending: s?.order === 'descend',
            pageSize: pagination.pageSize ?? state.pageSize,
            page: sortChanged || pagination.pageSize !== state.pageSize ? 1 : (pagination.current ?? 1),
          });
        }}
        onRow={(c) => ({ onClick: () => onOpen(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'no', title: '申报编号', dataIndex: 'no', width: 130, sorter: true, sortOrder: sortOrder('no') },
          { key: 'subjectName', title: '受益主体', dataIndex: 'subjectName', sorter: true, sortOrder: sortOrder('subjectName') },
          { key: 'town', title: '乡镇', dataIndex: 'town', width: 110, sorter: true, sortOrder: sortOrder('town') },
          { key: 'ruleTitle', title: '奖补项目', dataIndex: 'ruleTitle', sorter: true, sortOrder: sortOrder('ruleTitle') },
          { key: 'amount', title: '金额', align: 'right', width: 140, sorter: true, sortOrder: sortOrder('amount'), render: (_, c) => (c.amountFen === null ? '—' : formatYuan(c.amountFen)) },
          { key: 'state', title: '状态', width: 100, sorter: true, sortOrder: sortOrder('state'), render: (_, c) => <Tag color={STATE_COLORS[c.state]}>{CLAIM_STATE_LABELS[c.state]}</Tag> },
          { key: 'flags', title: '疑点', width: 80, sorter: true, sortOrder: sortOrder('flags'), render: (_, c) => (c.flags ? <Tag color="red">{c.flags}</Tag> : '') },
        ]}
      />
    </Space>
  );
}
