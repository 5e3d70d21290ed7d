import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, Space, Statistic, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { type ClaimView, type Fund, FUND_LABELS, FUNDS } from '../../../../shared/domain/claims';
import { chinaToday } from '../../../../shared/dates';
import { formatYuan } from '../../../../shared/money';
import { useHasRole } from '../../auth/AuthGate';
import { downloadBase64, fileToBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { AmountInput, amountRule, DateInput, dateRule, isoOf, yuanOf } from '../../TypedInputs';
import { useMessage } from '../../useMessage';

type SubsidyRow = { key: string; claims: number; committedFen: number; paidFen: number };

const subsidyColumns = (label: string) => [
  { title: label, dataIndex: 'key' },
  { title: '笔数', dataIndex: 'claims', align: 'right' as const },
  { title: '已审批', align: 'right' as const, render: (_: unknown, r: SubsidyRow) => formatYuan(r.committedFen) },
  { title: '已拨付', align: 'right' as const, render: (_: unknown, r: SubsidyRow) => formatYuan(r.paidFen) },
];

function useExport() {
  const bridge = useBridge();
  const message = useMessage();
  return async (year: number, report: 'subsidies' | 'budget', fund?: Fund) => {
    const r = await bridge.invoke('reports.export', { year, report, ...(fund ? { fund } : {}) });
    if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64);
    else void message.error(r.error.message);
  };
}

/** 预算: each fund's allocation for the year with its document number, committed and paid. */
export function BudgetTab({ year }: { year: number }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Text type="secondary">
        各项奖补按“政策与规则 › 本县解读与设置”中的列支资金审批，审批时核对该资金当年预算余额；预算未登记或余额不足的不能审批。
      </Typography.Text>
      {FUNDS.map((fund) => (
        <FundBudget key={fund} year={year} fund={fund} />
      ))}
    </Space>
  );
}

/** One fund: its document and amount (the uplift of 二(九) only on the city's commerce fund), and its execution. */
function FundBudget({ year, fund }: { year: number; fund: Fund }) {
  const bridge = useBridge();
  const message = useMessage();
  const budget = useCall('budget.get', { year, fund });
  const canSet = useHasRole('director', 'admin');
  const exportReport = useExport();
  const label = FUND_LABELS[fund];
  const commerce = fund === 'commerce';
  const amountLabel = commerce ? '市级专项资金基础分配额（元）' : '下达金额（元）';
  const b = budget.value;
  return (
    <Card size="small" title={`${year}年度${label}`} aria-label={label} extra={b && (b.docNo ? <Tag color="green">{b.docNo}</Tag> : <Tag color="warning">尚未登记</Tag>)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {canSet && (
          <Form
            layout="inline"
            key={`${year}-${b?.docNo ?? ''}`}
            initialValues={{ docNo: b?.docNo ?? '', base: b?.baseFen ? (b.baseFen / 100).toFixed(2) : '' }}
            onFinish={async (v: { docNo: string; base: string }) => {
              const r = await bridge.invoke('budget.set', { year, fund, docNo: v.docNo, base: v.base });
              if (r.ok) {
                budget.setValue(r.value);
                void message.success(`${label}预算已登记`);
              } else void message.error(r.error.message, 8);
            }}
          >
            <Form.Item label="下达文号" name="docNo" rules={[{ required: true, message: '请填写下达文号' }]}>
              <Input aria-label={`${label}下达文号`} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label={amountLabel} name="base" rules={[{ required: true, message: '请填写金额' }]}>
              <Input aria-label={`${label}金额`} style={{ width: 160 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存预算
            </Button>
          </Form>
        )}
        {b && (
          <>
            <Space size="large" wrap>
              <Statistic title={commerce ? '基础分配额' : '下达金额'} value={formatYuan(b.baseFen)} />
              {commerce && <Statistic title="上浮" value={formatYuan(b.upliftFen)} />}
              <Statistic title="预算合计" value={formatYuan(b.totalFen)} />
              <Statistic title="已审批（承诺）" value={formatYuan(b.committedFen)} />
              <Statistic title="已拨付" value={formatYuan(b.paidFen)} />
              <Statistic title="剩余可用" value={formatYuan(b.remainingFen)} />
            </Space>
            {commerce && b.upliftTrace.length > 0 && (
              <Card size="small" title="上浮的依据">
                <Timeline items={b.upliftTrace.map((t) => ({ color: t.passed === false ? 'red' : 'green', children: `${t.text}${t.clause ? `（${t.clause}）` : ''}` }))} />
              </Card>
            )}
            {b.byRule.length > 0 && (
              <Table<SubsidyRow> size="small" rowKey="key" pagination={false} dataSource={b.byRule.map((r) => ({ ...r, key: r.title }))} columns={subsidyColumns('奖补项目')} />
            )}
            {b.byMonth.length > 0 && (
              <Table
                size="small"
                rowKey="month"
                pagination={false}
                dataSource={b.byMonth}
                columns={[{ title: '月份', dataIndex: 'month' }, { title: '审批', align: 'right', render: (_, r) => formatYuan(r.committedFen) }, { title: '拨付', align: 'right', render: (_, r) => formatYuan(r.paidFen) }]}
              />
            )}
            <Button onClick={() => void exportReport(year, 'budget', fund)}>导出{label}执行情况</Button>
          </>
        )}
      </Space>
    </Card>
  );
}

/** 拨付: the payment file (full bank details, director and admin only), payments recorded back. */
export function PaymentsTab({ year, claims, onChanged }: { year: number; claims: readonly Pick<ClaimView, 'id' | 'no' | 'state' | 'subjectName' | 'ruleTitle' | 'amountFen'>[]; onChanged: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const canPay = useHasRole('director', 'admin');
  const approved = claims.filter((c) => c.state === 'approved');
  const [form] = Form.useForm();
  if (!canPay) return <Typography.Text type="secondary">拨付清单含完整银行账号，只有审批人和管理员可以导出和登记拨付。</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button
          type="primary"
          disabled={approved.length === 0}
          onClick={async () => {
            const r = await bridge.invoke('payments.file', { year });
            if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64);
            else void message.error(r.error.message);
          }}
        >
          下载拨付清单（{approved.length} 条）
        </Button>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void (async () => {
              const r = await bridge.invoke('payments.import', { fileName: file.name, contentBase64: await fileToBase64(file) });
              if (r.ok) {
                void message.success(`已按回单登记拨付 ${r.value.recorded} 条`);
                onChanged();
              } else void message.error(r.error.message, 10);
            })();
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>导入银行回单</Button>
        </Upload>
      </Space>
      <Typography.Text type="secondary">拨付清单含完整身份证号和银行账号，每次导出都记入台账。银行回单可直接在拨付清单上填写凭证号、支付日期和实付金额后导入；任一行不符则整份不导入。</Typography.Text>
      <Card size="small" title="手工登记拨付">
        <Form
          form={form}
          layout="inline"
          initialValues={{ paidOn: chinaToday(Date.now()) }}
          onFinish={async (v: { claimNo: string; voucherNo: string; paidOn: string; amount: string }) => {
            // the date and amount as typed (2019年12月20日, 1.2万): never today's date in place of an unconfirmed one
            const r = await bridge.invoke('payments.record', { claimNo: v.claimNo, voucherNo: v.voucherNo, paidOn: isoOf(v.paidOn), amount: yuanOf(v.amount) });
            if (r.ok) {
              void message.success(`申报 ${r.value.no} 已登记拨付`);
              form.resetFields();
              onChanged();
            } else void message.error(r.error.message, 8);
          }}
        >
          <Form.Item label="申报编号" name="claimNo" rules={[{ required: true, message: '请填写申报编号' }]}>
            <Input aria-label="申报编号" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label="凭证号" name="voucherNo" rules={[{ required: true, message: '请填写凭证号' }]}>
            <Input aria-label="凭证号" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label="支付日期" name="paidOn" rules={[dateRule('支付日期')]}>
            <DateInput aria-label="支付日期" />
          </Form.Item>
          <Form.Item label="实付金额（元）" name="amount" rules={[amountRule('实付金额')]}>
            <AmountInput aria-label="实付金额" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            登记
          </Button>
        </Form>
      </Card>
      <Descriptions size="small" title="待拨付" column={1}>
        {approved.map((c) => (
          <Descriptions.Item key={c.id} label={c.no}>
            {c.subjectName}，{c.ruleTitle}，{formatYuan(c.amountFen ?? 0)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Space>
  );
}

/** 统计报表: subsidies by rule, by town and by month; exported as xlsx. */
export function ReportsTab({ year }: { year: number }) {
  const report = useCall('reports.subsidies', { year });
  const exportReport = useExport();
  const r = report.value;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={() => void exportReport(year, 'subsidies')}>导出统计表（Excel）</Button>
      {r && (
        <>
          <Table<SubsidyRow> size="small" rowKey="key" title={() => '按奖补项目'} pagination={false} dataSource={r.byRule} columns={subsidyColumns('奖补项目')} />
          <Table<SubsidyRow> size="small" rowKey="key" title={() => '按乡镇'} pagination={false} dataSource={r.byTown} columns={subsidyColumns('乡镇')} />
          <Table<SubsidyRow> size="small" rowKey="key" title={() => '按审批月份'} pagination={false} dataSource={r.byMonth} columns={subsidyColumns('月份')} />
        </>
      )}
    </Space>
  );
}
