import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { type RecheckFinding, VERDICT_LABELS, type Verdict } from '../../../../shared/domain/recheck';
import type { TraceStep } from '../../../../shared/domain/rules';
import { formatYuan } from '../../../../shared/money';
import { downloadBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { useMessage } from '../../useMessage';

// 市级复核: the city decides every approved or paid award again from the bundles alone. Counts and
// sums by county, verdict and rule; the findings; one claim's two traces side by side.

type Detail = MethodOutput<'city.recheckClaim'>;
type Finding = RecheckFinding & { county: string; name: string };

const VERDICT_COLORS: Record<Verdict, string> = { consistent: 'green', 'amount-mismatch': 'red', ineligible: 'volcano', 'rule-missing': 'orange', 'facts-incomplete': 'gold' };
const yuanOrDash = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

export function CityRecheckCard({ counties, canRun }: { counties: { code: string; name: string }[]; canRun: boolean }) {
  const bridge = useBridge();
  const message = useMessage();
  const [county, setCounty] = useState<string | null>(null);
  const filter = county ? { county } : {};
  const view = useCall('city.recheckView', filter);
  const [busy, setBusy] = useState<'run' | 'pdf' | 'xlsx' | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);

  const run = async () => {
    setBusy('run');
    const result = await bridge.invoke('city.recheck', filter);
    setBusy(null);
    if (!result.ok) return void message.error(result.error.message, 10);
    const found = result.value.counties.reduce((n, c) => n + c.findings.length, 0);
    void message.success(`已复核 ${result.value.counties.reduce((n, c) => n + c.claims, 0)} 笔奖补，发现 ${found} 笔与规则不符`);
    void view.reload();
  };
  const download = async (format: 'pdf' | 'xlsx') => {
    setBusy(format);
    const result = await bridge.invoke('city.recheckDocument', { ...filter, format });
    setBusy(null);
    if (!result.ok) return void message.error(result.error.message, 10);
    downloadBase64(result.value.fileName, result.value.contentBase64, format === 'pdf' ? 'application/pdf' : undefined);
  };
  const open = async (f: Finding | { county: string; claimNo: string }) => {
    const result = await bridge.invoke('city.recheckClaim', { county: f.county, claimNo: f.claimNo });
    if (!result.ok) return void message.error(result.error.message, 10);
    setDetail(result.value);
  };

  const summary = view.value?.summary.counties ?? [];
  const findings: Finding[] = summary.flatMap((c) => c.findings.map((f) => ({ ...f, county: c.county, name: c.name })));
  return (
    <Card
      title="市级复核"
      size="small"
      style={{ marginTop: 16 }}
      extra={
        <Space wrap>
          <Select
            aria-label="复核范围"
            size="small"
            style={{ width: 150 }}
            value={county ?? ''}
            onChange={(v) => setCounty(v || null)}
            options={[{ value: '', label: '全市' }, ...counties.map((c) => ({ value: c.code, label: c.name }))]}
          />
          <Button size="small" icon={<ReloadOutlined />} disabled={!canRun} loading={busy === 'run'} onClick={() => void run()}>
            重新复核
          </Button>
          <Button size="small" icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')}>
            导出表格
          </Button>
          <Button size="small" icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={() => void download('pdf')}>
            评估附件（PDF）
          </Button>
        </Space>
      }
      loading={!view.value && view.loading}
    >
      <Typography.Paragraph type="secondary">
        按各县区数据包所载的冻结事实、审批时的本县分档标准和解读、申报所引的政策包，逐笔重新判定已审批和已拨付的奖补。导入数据包时自动复核，也可随时重新复核；每次结果连同数据包摘要记入账本。
      </Typography.Paragraph>
      {summary.length === 0 ? (
        <Empty description="尚未复核：导入县区数据包后自动复核" />
      ) : (
        <>
          <section aria-label="复核汇总">
            <Table
              size="small"
              pagination={false}
              rowKey={(g) => `${g.county}:${g.verdict}:${g.rule}`}
              dataSource={view.value?.groups ?? []}
              columns={[
                { title: '县区', dataIndex: 'name' },
                { title: '复核结论', dataIndex: 'verdict', render: (v: Verdict) => <Tag color={VERDICT_COLORS[v]}>{VERDICT_LABELS[v]}</Tag> },
                { title: '奖补项目', dataIndex: 'ruleTitle' },
                { title: '笔数', dataIndex: 'claims', align: 'right' },
                { title: '县报金额', dataIndex: 'countyFen', align: 'right', render: (v: number) => formatYuan(v) },
                { title: '市级复核金额', dataIndex: 'cityFen', align: 'right', render: (v: number) => formatYuan(v) },
              ]}
              locale={{ emptyText: '没有已审批或已拨付的奖补' }}
            />
            <Typography.Paragraph aria-label="复核结果" style={{ marginTop: 8 }}>
              {summary.map((c) => `${c.name}：复核 ${c.claims} 笔，一致 ${c.consistent} 笔，发现 ${c.findings.length} 笔`).join('；')}
            </Typography.Paragraph>
          </section>
          <section aria-label="复核发现" style={{ marginTop: 16 }}>
            <Typography.Title level={5}>复核发现</Typography.Title>
            <Table
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              rowKey={(f) => `${f.county}:${f.claimId}`}
              dataSource={findings}
              locale={{ emptyText: '未发现与规则不符的奖补' }}
              columns={[
                { title: '县区', dataIndex: 'name' },
                { title: '申报编号', dataIndex: 'claimNo', render: (no: string, f) => <Typography.Link onClick={() => void open(f)}>{no}</Typography.Link> },
                { title: '复核结论', dataIndex: 'verdict', render: (v: Verdict) => <Tag color={VERDICT_COLORS[v]}>{VERDICT_LABELS[v]}</Tag> },
                { title: '县报金额', dataIndex: 'countyAmount', align: 'right', render: yuanOrDash },
                { title: '市级复核金额', dataIndex: 'cityAmount', align: 'right', render: yuanOrDash },
                { title: '分歧步骤', dataIndex: 'step', render: (s: Finding['step']) => (s ? `第 ${s.index} 步` : '—') },
                { title: '说明', dataIndex: 'reason' },
              ]}
            />
          </section>
        </>
      )}
      <Drawer open={detail !== null} onClose={() => setDetail(null)} width={960} title={detail ? `申报 ${detail.claimNo} 的复核` : ''}>
        {detail && <TwoTraces detail={detail} />}
      </Drawer>
    </Card>
  );
}

function TwoTraces({ detail }: { detail: Detail }) {
  const length = Math.max(detail.countyTrace.length, detail.cityTrace.length);
  const rows = Array.from({ length }, (_, i) => ({ index: i + 1, county: detail.countyTrace[i], city: detail.cityTrace[i] }));
  const cell = (s: TraceStep | undefined, index: number) => (
    <span style={index === detail.step?.index ? { color: '#cf1322', fontWeight: 600 } : undefined}>{s ? s.text : '—'}</span>
  );
  return (
    <>
      <Typography.Paragraph>
        <Tag color={VERDICT_COLORS[detail.verdict]}>{VERDICT_LABELS[detail.verdict]}</Tag>
        {detail.ruleTitle}，{detail.year} 年度{detail.decidedOn ? `，${detail.decidedOn} 审批` : ''}；县报 {yuanOrDash(detail.countyAmount)}，市级复核 {yuanOrDash(detail.cityAmount)}。{detail.reason}
      </Typography.Paragraph>
      {detail.countyTrace.length === 0 && <Typography.Paragraph type="secondary">一致的申报，其县级判定过程留在县区数据包中，市级只留存有分歧的判定过程。</Typography.Paragraph>}
      <Table
        aria-label="判定过程对照"
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={rows}
        columns={[
          { title: '步骤', dataIndex: 'index', width: 60 },
          { title: '县区判定过程', dataIndex: 'county', render: (s: TraceStep | undefined, r) => cell(s, r.index) },
          { title: '市级复核判定过程', dataIndex: 'city', render: (s: TraceStep | undefined, r) => cell(s, r.index) },
        ]}
      />
    </>
  );
}
