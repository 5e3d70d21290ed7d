import { CheckOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { formatChineseDateTime, quarterLabel } from '../../../../shared/dates';
import { ALGORITHM_LABELS, type Algorithm } from '../../../../shared/domain/exchange';
import type { AppError } from '../../../../shared/result';
import { useHasRole } from '../../auth/AuthGate';
import { fileToBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { usePackYears } from '../../usePackYears';
import { CityOverviewCard } from './CityOverview';
import { CityRecheckCard } from './CityRecheck';
import { FileRows, Fingerprint } from './parts';
import { useMessage } from '../../useMessage';

// The city's side: county public keys registered after a person compared the fingerprint with
// the county, bundles imported after a dry run shows what they carry, and the quarter's overview.

type Import = MethodOutput<'city.importBundle'>;

export function CityExchange() {
  const canSend = useHasRole('director', 'admin');
  const pack = usePackYears();
  const [chosen, setPeriod] = useState<string | null>(null);
  const period = chosen ?? pack?.defaultQuarter ?? null;
  const overview = useCall('city.overview', period ? { period } : null);
  const [recheckKey, setRecheckKey] = useState(0);
  return (
    <>
      <Typography.Text type="secondary">
        市级版登记各县区的报送公钥，核验并导入县区报送的签名数据包，按季度汇总全市任务进展、目标完成、奖补资金和跨县区重复受益。
      </Typography.Text>
      {!canSend && <Alert type="info" showIcon title="登记县区公钥和导入数据包须由审批人或管理员操作；您可以查看已登记的公钥和全市汇总。" />}
      <KeysCard canSend={canSend} />
      <ImportCard
        canSend={canSend}
        onImported={() => {
          void overview.reload();
          setRecheckKey((k) => k + 1); // an import rechecks its county
        }}
      />
      <CityOverviewCard quarters={pack?.quarters ?? []} period={period} onPeriod={setPeriod} overview={overview.value?.period === period ? overview.value : null} loading={overview.loading} />
      <CityRecheckCard key={recheckKey} canRun={canSend} counties={overview.value?.counties.map((c) => ({ code: c.code, name: c.name })) ?? []} />
    </>
  );
}

function KeysCard({ canSend }: { canSend: boolean }) {
  const bridge = useBridge();
  const message = useMessage();
  const keys = useCall('city.keys', {});
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ fingerprint: string; note?: string }>();

  const register = async (v: { fingerprint: string; note?: string }) => {
    if (!file) return void message.error('请先选择县区的公钥文件（.pub.json）');
    setBusy(true);
    const result = await bridge.invoke('city.registerKey', { contentBase64: await fileToBase64(file), fingerprint: v.fingerprint, note: v.note ?? '' });
    setBusy(false);
    if (!result.ok) {
      // a fingerprint that does not match shows under the field, where it was typed
      if ((result.error.details as { field?: string } | undefined)?.field === 'fingerprint') form.setFields([{ name: 'fingerprint', errors: [result.error.message] }]);
      else void message.error(result.error.message, 10);
      return;
    }
    void message.success(`已登记${result.value.name}（${result.value.county}）的公钥（指纹 ${result.value.fingerprint}）`);
    setFile(null);
    form.resetFields();
    void keys.reload();
  };

  return (
    <Card title="县区公钥登记" size="small">
      <Table
        size="small"
        rowKey="fingerprint"
        loading={keys.loading}
        dataSource={keys.value ?? []}
        pagination={false}
        locale={{ emptyText: '尚未登记县区公钥' }}
        columns={[
          { title: '县区', dataIndex: 'name', width: 120, render: (name: string, k) => `${name}（${k.county}）` },
          { title: '算法', dataIndex: 'algorithm', width: 140, render: (a: Algorithm) => ALGORITHM_LABELS[a] },
          { title: '指纹', dataIndex: 'fingerprint', render: (f: string) => <Fingerprint value={f} /> },
          { title: '核对人', dataIndex: 'confirmedBy', width: 100 },
          { title: '核对时间', dataIndex: 'confirmedAt', width: 160, render: formatChineseDateTime },
          { title: '说明', dataIndex: 'note' },
        ]}
      />
      {canSend && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            登记新公钥：选择县区交来的公钥文件，再请县区在电话中逐组念出其「数据报送」页面上显示的指纹（或以盖章的纸面材料为准），把核对过的指纹填在下面。指纹与公钥文件不符时不予登记。
          </Typography.Paragraph>
          <Form form={form} layout="inline" onFinish={(v) => void register(v)}>
            <Form.Item label="公钥文件">
              <Upload
                accept=".json"
                showUploadList={false}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{file ? file.name : '选择公钥文件'}</Button>
              </Upload>
            </Form.Item>
            <Form.Item label="核对过的指纹" name="fingerprint" rules={[{ required: true, message: '请填写与县区核对过的公钥指纹' }]}>
              <Input placeholder="由县区电话念出或纸面提供，不要从文件中复制" style={{ width: 380 }} autoComplete="off" />
            </Form.Item>
            <Form.Item label="说明" name="note">
              <Input placeholder="如：2020年1月3日电话核对，县商务局张三" maxLength={200} style={{ width: 300 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              登记
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

type Bundle = { fileName: string; contentBase64: string };

function ImportCard({ canSend, onImported }: { canSend: boolean; onImported: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const bundles = useCall('city.bundles', {});
  const [checked, setChecked] = useState<{ bundle: Bundle; outcome: Import } | null>(null);
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  /** A dry run (nothing written) or the import itself; a refusal replaces the summary. */
  const run = async (bundle: Bundle, commit: boolean): Promise<Import | null> => {
    setBusy(true);
    setRefusal(null);
    const result = await bridge.invoke('city.importBundle', { ...bundle, commit });
    setBusy(false);
    if (result.ok) return result.value;
    setRefusal(result.error);
    setChecked(null);
    return null;
  };

  const dryRun = async (file: File) => {
    setChecked(null);
    const bundle = { fileName: file.name, contentBase64: await fileToBase64(file) };
    const outcome = await run(bundle, false);
    if (outcome) setChecked({ bundle, outcome });
  };

  const commit = async () => {
    if (!checked) return;
    const done = await run(checked.bundle, true);
    if (!done) return;
    void message.success(`已导入${done.summary.county.name}第 ${done.summary.sequence} 号数据包`);
    setChecked(null);
    void bundles.reload();
    onImported();
  };

  const s = checked?.outcome.summary;
  return (
    <Card title="导入数据包" size="small">
      {canSend && (
        <Space wrap>
          <Upload
            accept=".cbundle"
            showUploadList={false}
            beforeUpload={(f) => {
              void dryRun(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy && !checked}>
              选择数据包（.cbundle）
            </Button>
          </Upload>
          <Typography.Text type="secondary">选择后先核验签名、文件摘要、编号和账本衔接，显示内容后再确认导入。</Typography.Text>
        </Space>
      )}
      {refusal && <Alert style={{ marginTop: 12 }} type="error" showIcon title={`数据包未导入：${refusal.message}`} description={`错误代码：${refusal.code}`} />}
      {s && checked && (
        <div style={{ marginTop: 12 }}>
          <Alert type="success" showIcon title={`「${s.file}」核验通过，尚未导入`} description="签名、文件摘要、编号和账本衔接均无误。请核对以下内容，确认后写入市级台账。" />
          <Descriptions column={2} size="small" bordered style={{ marginTop: 12 }}>
            <Descriptions.Item label="县区">
              {s.county.name}（{s.county.code}）
            </Descriptions.Item>
            <Descriptions.Item label="季度">{quarterLabel(s.period)}</Descriptions.Item>
            <Descriptions.Item label="序号">第 {s.sequence} 号</Descriptions.Item>
            <Descriptions.Item label="签名公钥指纹">
              <Fingerprint value={s.fingerprint} />
            </Descriptions.Item>
            <Descriptions.Item label="数据包摘要" span={2}>
              <code>{s.digest}</code>
            </Descriptions.Item>
            <Descriptions.Item label="数据" span={2}>
              <FileRows rows={s.rows} journal={s.journal} />
            </Descriptions.Item>
            <Descriptions.Item label="导入后更新" span={2}>
              任务进展 {checked.outcome.changes.tasks} 项，受益主体 {checked.outcome.changes.subjects} 个，申报 {checked.outcome.changes.claims} 条
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void commit()}>
              确认导入
            </Button>
            <Button onClick={() => setChecked(null)}>取消</Button>
          </Space>
        </div>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        已导入的数据包
      </Typography.Title>
      <Table
        size="small"
        rowKey="digest"
        loading={bundles.loading}
        dataSource={bundles.value ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '尚未导入数据包' }}
        columns={[
          { title: '县区', dataIndex: 'name', width: 120 },
          { title: '序号', dataIndex: 'sequence', width: 90, render: (n: number) => `第 ${n} 号` },
          { title: '季度', dataIndex: 'period', width: 140, render: quarterLabel },
          { title: '摘要', dataIndex: 'digest', render: (d: string) => <code title={d}>{d.slice(0, 16)}</code> },
          { title: '导入人', dataIndex: 'importedBy', width: 100 },
          { title: '导入时间', dataIndex: 'importedAt', width: 160, render: formatChineseDateTime },
        ]}
      />
    </Card>
  );
}
