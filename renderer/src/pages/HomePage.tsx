import { Button, Card, Col, Descriptions, Empty, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { formatChineseDate } from '../../../shared/dates';
import type { DashboardView, Light } from '../../../shared/domain/progress';
import { formatFen, formatYuan } from '../../../shared/money';
import { claimSlices, claimsOption, fundsOption, hasFunds, indicatorRows, indicatorsOption, lightsOption } from '../charts/dashboardOptions';
import { EChart } from '../charts/EChart';
import { useHasRole } from '../auth/AuthGate';
import { InstallCard } from '../InstallCard';
import { useNavigate } from '../navigation';
import { PageTitle } from '../PageTitle';
import { useCall } from '../useCall';
import { SetupChecklist } from './SetupChecklist';

export function HomePage() {
  const info = useCall('app.info', {});
  const quarters = useCall('progress.quarters', {});
  const [quarter, setQuarter] = useState<string>();
  const admin = useHasRole('admin');
  const [installVersion, setInstallVersion] = useState(0);
  const dashboard = useCall('progress.dashboard', quarter ? { quarter } : {});
  const install = useCall('install.get', {});
  const city = install.value?.role?.role === 'city';
  const policy = info.value?.policy;
  const view = dashboard.value;
  return (
    <div className="page">
      <PageTitle>首页</PageTitle>
      {admin && <SetupChecklist version={installVersion} />}
      <InstallCard
        onChanged={() => {
          setInstallVersion((v) => v + 1);
          void install.reload();
          void dashboard.reload();
        }}
      />
      <Card title="执行的政策文件" size="small">
        {policy ? (
          <Descriptions column={2} size="small">
            <Descriptions.Item label="文件">
              《{policy.title}》（{policy.docNo}）
            </Descriptions.Item>
            <Descriptions.Item label="发文单位">{policy.issuer}</Descriptions.Item>
            <Descriptions.Item label="印发日期">{formatChineseDate(policy.issuedOn)}</Descriptions.Item>
            <Descriptions.Item label="政策包版本">{policy.version}</Descriptions.Item>
            <Descriptions.Item label="内容摘要（SHA-256）" span={2}>
              <code>{policy.digest}</code>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          '尚未载入政策包'
        )}
      </Card>
      <Row gutter={12}>
        <Col span={6}>
          <Card size="small">
            <Statistic title="任务数" value={info.value?.tasks ?? 0} suffix="项" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="县区数" value={info.value?.counties ?? 0} suffix="个" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="账本记录" value={info.value?.journalEntries ?? 0} suffix="条" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="数据库结构版本" value={info.value?.schemaVersion ?? 0} />
          </Card>
        </Col>
      </Row>
      {city ? (
        <Card title="全市汇总" size="small">
          本机为市级版：各县区的季度进展、申报与拨付通过「数据报送」登记公钥、导入数据包后汇总，绩效评价和市级复核也在那里。
        </Card>
      ) : (
      <Card
        title="工作进展"
        size="small"
        loading={!view && dashboard.loading}
        extra={
          <Space>
            {view && <Typography.Text type="secondary">数据截至 {formatChineseDate(view.asOf)}</Typography.Text>}
            <Select
              aria-label="季度"
              size="small"
              style={{ width: 210 }}
              loading={quarters.loading}
              value={quarter ?? view?.quarter ?? quarters.value?.find((q) => q.opening)?.quarter}
              onChange={setQuarter}
              options={quarters.value?.map((q) => ({ value: q.quarter, label: q.state === 'closed' ? `${q.label}（已关闭）` : q.label }))}
            />
          </Space>
        }
      >
        {view ? (
          <Spin spinning={dashboard.loading}>
            <Dashboard view={view} />
          </Spin>
        ) : (
          <Empty description="未能载入进展数据">
            <Button onClick={() => void dashboard.reload()}>重试</Button>
          </Empty>
        )}
      </Card>
      )}
    </div>
  );
}

/** The quarter's figures and four charts; each bar or slice opens the rows behind it. */
function Dashboard({ view }: { view: DashboardView }) {
  const go = useNavigate();
  const charts = useMemo(() => {
    const rows = indicatorRows(view);
    const slices = claimSlices(view);
    return { rows, slices, indicators: indicatorsOption(rows), funds: fundsOption(view), claims: claimsOption(slices), lights: lightsOption(view) };
  }, [view]);
  const tasksIn = (light: Light) => view.lights.find((l) => l.light === light)?.tasks.length ?? 0;
  const totalTasks = view.lights.reduce((n, l) => n + l.tasks.length, 0);
  const lagging = tasksIn('behind') + tasksIn('overdue');
  const paidFen = view.months.reduce((n, m) => n + m.paidFen, 0);
  // the rate compares like with like: what was paid from the funds whose budget is registered
  const budgeted = view.funds.filter((f) => f.budgetFen !== null);
  const budgetFen = budgeted.reduce((n, f) => n + (f.budgetFen ?? 0), 0);
  const budgetedPaidFen = budgeted.reduce((n, f) => n + f.paidFen, 0);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={12}>
        <Col span={6}>
          <Card size="small">
            <Statistic title="任务已完成" value={tasksIn('done')} suffix={`/ ${totalTasks} 项`} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="滞后 + 逾期" value={lagging} suffix="项" styles={{ content: lagging ? { color: '#f5222d' } : {} }} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={`${view.year}年已拨付`} value={formatFen(paidFen)} suffix="元" />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic
              title={<span title="已登记预算的各项资金：已拨付 ÷ 年度预算合计">预算执行率</span>}
              value={budgetFen ? (budgetedPaidFen / budgetFen) * 100 : '未录入预算'}
              precision={1}
              suffix={budgetFen ? '%' : undefined}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col span={12}>
          <ChartCard title="任务状态" empty={totalTasks === 0 && '暂无任务'}>
            <EChart
              aria-label="任务状态"
              option={charts.lights}
              height={260}
              onClick={({ dataIndex }) => {
                const light = view.lights[dataIndex]?.light;
                if (light) go('tasks', { light, quarter: view.quarter });
              }}
            />
          </ChartCard>
        </Col>
        <Col span={12}>
          <ChartCard title="申报状态" empty={charts.slices.length === 0 && '暂无申报'}>
            <EChart
              aria-label="申报状态"
              option={charts.claims}
              height={260}
              onClick={({ dataIndex }) => {
                const slice = charts.slices[dataIndex];
                if (slice) go('claims', { claimState: slice.state, year: view.year });
              }}
            />
          </ChartCard>
        </Col>
        <Col span={24}>
          <ChartCard title="奖补资金（按月）" empty={!hasFunds(view) && `${view.year}年暂无预算、审批或拨付`}>
            <EChart aria-label="奖补资金（按月）" option={charts.funds} height={300} onClick={({ dataIndex }) => go('claims', { month: dataIndex + 1, year: view.year })} />
          </ChartCard>
        </Col>
        <Col span={24}>
          <FundsTable view={view} />
        </Col>
        <Col span={24}>
          <ChartCard title="指标完成情况" empty={charts.rows.length === 0 && '暂无设定了目标的指标'}>
            <EChart
              aria-label="指标完成情况"
              option={charts.indicators}
              height={Math.max(160, charts.rows.length * 28 + 40)}
              onClick={({ dataIndex }) => {
                const row = charts.rows[dataIndex];
                if (row) go('tasks', { task: row.task, quarter: view.quarter });
              }}
            />
          </ChartCard>
        </Col>
      </Row>
    </Space>
  );
}

type FundRow = DashboardView['funds'][number];

const rateText = (paid: number, budget: number | null) => (budget ? `${((paid / budget) * 100).toFixed(1)}%` : '—');

/** 奖补资金 by fund: each fund's own document and budget, what it has committed and paid, and the total. */
function FundsTable({ view }: { view: DashboardView }) {
  const total = (pick: (f: FundRow) => number) => view.funds.reduce((n, f) => n + pick(f), 0);
  return (
    <Card type="inner" size="small" title={`${view.year}年度奖补资金（按资金来源）`}>
      <Table<FundRow>
        size="small"
        rowKey="fund"
        pagination={false}
        aria-label="奖补资金（按资金来源）"
        dataSource={view.funds}
        columns={[
          { title: '资金来源', dataIndex: 'label' },
          { title: '下达文号', render: (_, f) => f.docNo ?? <Typography.Text type="warning">尚未登记</Typography.Text> },
          { title: '年度预算（元）', align: 'right', render: (_, f) => (f.budgetFen === null ? '—' : formatYuan(f.budgetFen)) },
          { title: '已审批（元）', align: 'right', render: (_, f) => formatYuan(f.committedFen) },
          { title: '已拨付（元）', align: 'right', render: (_, f) => formatYuan(f.paidFen) },
          { title: '执行率', align: 'right', render: (_, f) => rateText(f.paidFen, f.budgetFen) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            <Table.Summary.Cell index={1} />
            <Table.Summary.Cell index={2} align="right">
              {view.budgetFen === null ? '—' : formatYuan(view.budgetFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {formatYuan(total((f) => f.committedFen))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              {formatYuan(total((f) => f.paidFen))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} />
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}

function ChartCard({ title, empty, children }: { title: string; empty: string | false; children: ReactNode }) {
  return (
    <Card type="inner" size="small" title={title}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : children}
    </Card>
  );
}
