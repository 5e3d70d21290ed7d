import { Card, Empty, Select, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatChineseDate, formatChineseDateTime, quarterLabel } from '../../../../shared/dates';
import type { CityOverview } from '../../../../shared/domain/exchange';
import { formatIndicatorValue } from '../../../../shared/domain/progress';
import { formatYuan } from '../../../../shared/money';
import { LightTag } from '../LightTag';

// The city's view of one quarter, from the bundles it accepted: who has reported, the 18 tasks ×
// the counties, city-wide targets against the counties' sum, subsidies, and cross-county payees.

type TaskRow = CityOverview['tasks'][number];
type CountyRow = CityOverview['counties'][number];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ marginBottom: 20 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** `quarters`: the active pack's (see usePackYears); the city keeps no quarter list of its own. */
export function CityOverviewCard({
  quarters,
  period,
  onPeriod,
  overview,
  loading,
}: {
  quarters: string[];
  period: string | null;
  onPeriod: (q: string) => void;
  overview: CityOverview | null;
  loading: boolean;
}) {
  return (
    <Card
      title="全市汇总"
      size="small"
      extra={
        <Select
          aria-label="季度"
          size="small"
          style={{ width: 170 }}
          value={period}
          onChange={onPeriod}
          options={quarters.map((q) => ({ value: q, label: quarterLabel(q) }))}
        />
      }
      loading={!overview && loading}
    >
      {overview ? <Overview overview={overview} /> : <Empty description="未能载入全市汇总" />}
    </Card>
  );
}

function Overview({ overview }: { overview: CityOverview }) {
  const reported = new Set(overview.counties.filter((c) => c.reported).map((c) => c.code));
  // a clerk reads the rule's title, never its id (enterprise-10m)
  const ruleTitles = new Map(overview.subsidiesByRule.map((r) => [r.rule, r.title]));
  const yuanOrDash = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));
  return (
    <>
      <Typography.Paragraph type="secondary">
        {quarterLabel(overview.period)}：已报送 {reported.size} 个县区，共 {overview.counties.length} 个。汇总只来自已导入的数据包，未报送的县区不计入。
      </Typography.Paragraph>
      <Section title="报送情况">
        <Table<CountyRow>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={overview.counties}
          columns={[
            { title: '县区', dataIndex: 'name', width: 120 },
            { title: '状态', dataIndex: 'reported', width: 100, render: (r: boolean) => (r ? <Tag color="green">已报送</Tag> : <Tag color="red">未报送</Tag>) },
            { title: '数据包', dataIndex: 'sequence', width: 100, render: (n: number | null) => (n === null ? '—' : `第 ${n} 号`) },
            { title: '统计截至', dataIndex: 'asOf', width: 140, render: (d: string | null) => (d ? formatChineseDate(d) : '—') },
            { title: '导入时间', dataIndex: 'importedAt', render: (t: string | null) => (t ? formatChineseDateTime(t) : '—') },
          ]}
        />
      </Section>
      <Section title="各县区任务状态">
        <Table<TaskRow>
          size="small"
          rowKey="no"
          pagination={false}
          scroll={{ x: 1100 }}
          dataSource={overview.tasks}
          columns={[
            { title: '序号', dataIndex: 'no', width: 60, fixed: 'left' },
            { title: '工作任务', dataIndex: 'title', width: 280, fixed: 'left' },
            ...overview.counties.map((c) => ({
              key: c.code,
              title: c.name,
              width: 96,
              render: (_: unknown, t: TaskRow) => {
                const light = t.lights[c.code];
                return light ? <LightTag light={light} title={t.reasons[c.code]} /> : '—';
              },
            })),
          ]}
        />
      </Section>
      <Section title="全市目标">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={overview.totals}
          columns={[
            { title: '指标', dataIndex: 'label' },
            { title: '目标', key: 'target', width: 140, render: (_, t) => `${formatIndicatorValue(t.target, t.unit)}${t.atLeast ? '以上' : ''}` },
            { title: '各县区合计', key: 'sum', width: 140, render: (_, t) => formatIndicatorValue(t.sum, t.unit) },
            { title: '已报送县区数', dataIndex: 'counties', width: 120, render: (n: number) => `${n} / ${overview.counties.length}` },
            { title: '完成情况', key: 'done', width: 110, render: (_, t) => (t.sum >= t.target ? <Tag color="green">已完成</Tag> : <Tag color="orange">未完成</Tag>) },
          ]}
        />
      </Section>
      <Section title="奖补资金">
        <Table
          size="small"
          rowKey="county"
          pagination={false}
          dataSource={overview.subsidies}
          columns={[
            { title: '县区', dataIndex: 'name', width: 120 },
            { title: '已批准', dataIndex: 'committedFen', render: yuanOrDash },
            { title: '已拨付', dataIndex: 'paidFen', render: yuanOrDash },
            { title: '年度预算', dataIndex: 'budgetFen', render: yuanOrDash },
          ]}
        />
      </Section>
      <Section title="跨县区重复受益">
        {overview.duplicates.length === 0 ? (
          <Typography.Text type="secondary">未发现：已导入的数据包中没有同一个人或单位在两个以上县区获批或获得拨付。</Typography.Text>
        ) : (
          overview.duplicates.map((d) => (
            <Table
              key={d.payee}
              size="small"
              bordered
              rowKey={(c) => `${c.county}:${c.claimNo}`}
              pagination={false}
              style={{ marginBottom: 12 }}
              title={() => (
                <>
                  受益人身份摘要 <code>{d.payee}</code>：在 {new Set(d.claims.map((c) => c.county)).size} 个县区获批或获得拨付
                </>
              )}
              dataSource={d.claims}
              columns={[
                { title: '县区', dataIndex: 'name', width: 120 },
                { title: '申报编号', dataIndex: 'claimNo', width: 200 },
                { title: '项目', dataIndex: 'rule', render: (rule: string, c) => `${ruleTitles.get(rule) ?? rule}（${c.year}年）` },
                { title: '金额', dataIndex: 'amountFen', width: 160, render: (fen: number | null) => (fen === null ? '—' : formatYuan(fen)) },
              ]}
            />
          ))
        )}
      </Section>
    </>
  );
}
