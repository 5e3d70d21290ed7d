import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { addDays, chinaToday, formatChineseDate } from '../../../../shared/dates';
import type { ClaimPageQuery, ClaimSummary, NoticeView } from '../../../../shared/domain/claims';
import { formatYuan } from '../../../../shared/money';
import { amountInWords } from '../../../../shared/money-words';
import { useHasRole } from '../../auth/AuthGate';
import { downloadBase64 } from '../../download';
import { DateInput, dateRule, isoOf } from '../../TypedInputs';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { useMessage } from '../../useMessage';
import { NoticeClaims } from './ClaimTable';

// 公示: the controls first (period, contact, generate), then the reviewed claims to choose from —
// filtered and paged by the core, 全选 taking every claim the filter leaves — then the batches,
// where one whose period has run out says so and asks to be ended.

type Draft = { startsOn: string; endsOn?: string; contact: string };

export function NoticesTab({ year, version, onChanged }: { year: number; version: number; onChanged: () => void }) {
  const bridge = useBridge();
  const { modal } = App.useApp();
  const message = useMessage();
  const notices = useCall('notices.list', {});
  const settings = useCall('settings.get', {});
  const isReviewer = useHasRole('reviewer');
  const canEnd = useHasRole('reviewer', 'director');
  const [selected, setSelected] = useState<string[]>([]);
  const [filter, setFilter] = useState<{ query: string; rule: string | null; page: number; pageSize: number }>({ query: '', rule: null, page: 1, pageSize: 20 });
  const base: ClaimPageQuery = { year, states: ['reviewed'], ...(filter.query ? { query: filter.query } : {}), ...(filter.rule ? { rule: filter.rule } : {}) };
  const candidates = useCall('claims.page', isReviewer ? { ...base, offset: (filter.page - 1) * filter.pageSize, limit: filter.pageSize } : null);
  const policy = useCall('policy.get', {});
  const [form] = Form.useForm<Draft>();
  const today = chinaToday(Date.now());
  const { reload: reloadCandidates } = candidates;
  const { reload: reloadNotices } = notices;
  useEffect(() => {
    if (version > 0) {
      void reloadCandidates();
      void reloadNotices();
    }
  }, [version, reloadCandidates, reloadNotices]);

  const download = async (n: NoticeView, format: 'pdf' | 'xlsx') => {
    const r = await bridge.invoke('notices.document', { id: n.id, format });
    if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64, format === 'pdf' ? 'application/pdf' : undefined);
    else void message.error(r.error.message, 8);
  };

  const end = async (n: NoticeView) => {
    const r = await bridge.invoke('notices.end', { id: n.id });
    if (r.ok) {
      void message.success(`公示 ${n.no} 已结束`);
      void notices.reload();
      onChanged();
    } else void message.error(r.error.message, 8);
  };

  /** Every reviewed claim the filter leaves, page by page (the contract's page is at most 500). */
  const selectAll = async () => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await bridge.invoke('claims.page', { ...base, offset, limit: 500 });
      if (!r.ok) return void message.error(r.error.message);
      ids.push(...r.value.rows.map((c) => c.id));
      if (ids.length >= r.value.total || r.value.rows.length === 0) break;
    }
    setSelected(ids);
  };

  const create = async (v: Draft) => {
    const startsOn = isoOf(v.startsOn);
    const days = settings.value?.noticeDays ?? 7;
    const late = startsOn < addDays(today, -days);
    const go = async () => {
      const r = await bridge.invoke('notices.create', { claimIds: selected, startsOn, ...(v.endsOn?.trim() ? { endsOn: isoOf(v.endsOn) } : {}), contact: v.contact ?? '' });
      if (r.ok) {
        void message.success(`已生成公示 ${r.value.no}，${formatChineseDate(r.value.startsOn)}至${formatChineseDate(r.value.endsOn)}`);
        setSelected([]);
        void notices.reload();
        onChanged();
      } else void message.error(r.error.message, 8);
    };
    // a start long past is usually a typing slip (2018 for 2019): ask before the period is fixed
    if (!late) return go();
    modal.confirm({
      title: '公示开始日期早于今天较多',
      content: `公示开始日期 ${formatChineseDate(startsOn)} 比今天早 ${daysBetween(startsOn, today)} 天，超过设置的公示期 ${days} 天，公示期可能已经结束。确定按这个日期生成公示吗？`,
      okText: '确定生成',
      cancelText: '返回修改',
      onOk: go,
    });
  };

  const lapsed = (notices.value ?? []).filter((n) => n.state === 'open' && n.endsOn < today);
  const selectedHere = (candidates.value?.rows ?? []).filter((c) => selected.includes(c.id));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {isReviewer && settings.value && (
        <Card size="small" title="生成公示">
          <Form form={form} layout="inline" initialValues={{ startsOn: today, contact: settings.value.noticeContact }} onFinish={(v) => void create(v)}>
            <Form.Item label="公示开始" name="startsOn" rules={[dateRule('公示开始日期')]}>
              <DateInput aria-label="公示开始" width={140} />
            </Form.Item>
            <Form.Item label="公示结束" name="endsOn" rules={[dateRule('公示结束日期', false)]} tooltip={`不填则按设置公示 ${settings.value.noticeDays} 天`}>
              <DateInput aria-label="公示结束" width={140} placeholder={`不填则公示 ${settings.value.noticeDays} 天`} />
            </Form.Item>
            <Form.Item
              label="异议受理联系方式"
              name="contact"
              rules={[{ required: true, whitespace: true, message: '请填写异议受理联系方式（可在“用户与设置”中设默认值）' }]}
              extra={settings.value.noticeContact ? undefined : '未设默认值：管理员可在“用户与设置”中填写'}
            >
              <Input aria-label="异议受理联系方式" style={{ width: 260 }} maxLength={200} />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={selected.length === 0}>
              生成公示（{selected.length} 条）
            </Button>
          </Form>
        </Card>
      )}
      {isReviewer && (
        <>
          <Space wrap>
            <Typography.Text>审核通过、待公示的申报（{candidates.value?.total ?? 0} 条）：</Typography.Text>
            <Input.Search aria-label="搜索待公示申报" allowClear placeholder="主体名称、拼音首字母、申报编号或乡镇" onSearch={(q) => setFilter({ ...filter, query: q.trim(), page: 1 })} style={{ width: 280 }} />
            <Select
              aria-label="待公示奖补项目"
              allowClear
              placeholder="全部奖补项目"
              value={filter.rule}
              onChange={(rule: string | undefined) => setFilter({ ...filter, rule: rule ?? null, page: 1 })}
              options={(policy.value?.rules ?? []).map((r) => ({ value: r.id, label: r.title }))}
              style={{ width: 220 }}
              popupMatchSelectWidth={false}
            />
            <Button onClick={() => void selectAll()} disabled={!candidates.value?.total}>
              全选（{candidates.value?.total ?? 0} 条）
            </Button>
            <Button onClick={() => setSelected([])} disabled={selected.length === 0}>
              清除选择
            </Button>
            {selected.length > 0 && <Typography.Text type="secondary">已选 {selected.length} 条{selectedHere.length < selected.length ? `（本页 ${selectedHere.length} 条）` : ''}</Typography.Text>}
          </Space>
          <Table<ClaimSummary>
            size="small"
            rowKey="id"
            aria-label="待公示申报"
            loading={candidates.loading}
            dataSource={candidates.value?.rows ?? []}
            rowSelection={{ selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys as string[]) }}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: candidates.value?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => `共 ${total} 条`,
              onChange: (page, pageSize) => setFilter({ ...filter, page: pageSize === filter.pageSize ? page : 1, pageSize }),
            }}
            columns={[
              { title: '申报编号', dataIndex: 'no', width: 130 },
              { title: '受益主体', dataIndex: 'subjectName' },
              { title: '乡镇', dataIndex: 'town', width: 110 },
              { title: '奖补项目', dataIndex: 'ruleTitle' },
              { title: '金额', align: 'right', width: 140, render: (_, c) => formatYuan(c.amountFen ?? 0) },
            ]}
          />
        </>
      )}
      <Typography.Title level={5}>公示批次</Typography.Title>
      {lapsed.map((n) => (
        <Alert
          key={n.id}
          type="warning"
          showIcon
          title={`公示 ${n.no} 的公示期已于 ${formatChineseDate(n.endsOn)} 届满，请处理异议后结束公示，申报才能审批`}
          action={
            canEnd ? (
              <Button size="small" onClick={() => void end(n)}>
                结束公示
              </Button>
            ) : undefined
          }
        />
      ))}
      <Table<NoticeView>
        size="small"
        rowKey="id"
        aria-label="公示批次"
        dataSource={notices.value ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (n) => <NoticeClaims noticeId={n.id} /> }}
        columns={[
          { title: '编号', dataIndex: 'no' },
          { title: '标题', dataIndex: 'title' },
          { title: '公示期', render: (_, n) => `${formatChineseDate(n.startsOn)}至${formatChineseDate(n.endsOn)}` },
          { title: '条数', dataIndex: 'claims' },
          { title: '金额合计', align: 'right', render: (_, n) => <span title={amountInWords(n.totalFen)}>{formatYuan(n.totalFen)}</span> },
          { title: '金额合计（大写）', render: (_, n) => amountInWords(n.totalFen) },
          {
            title: '状态',
            render: (_, n) => (n.state === 'ended' ? <Tag>已结束</Tag> : n.endsOn < today ? <Tag color="orange">公示期已满，待结束</Tag> : <Tag color="purple">公示中</Tag>),
          },
          {
            title: '操作',
            render: (_, n) => (
              <Space>
                <Button size="small" onClick={() => void download(n, 'pdf')}>
                  下载公示PDF
                </Button>
                <Button size="small" onClick={() => void download(n, 'xlsx')}>
                  下载Excel
                </Button>
                {canEnd && n.state === 'open' && (
                  <Button size="small" onClick={() => void end(n)}>
                    结束公示
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
