import { DownloadOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { formatChineseDateTime, quarterLabel } from '../../../../shared/dates';
import { ALGORITHM_LABELS } from '../../../../shared/domain/exchange';
import { VERDICT_LABELS, type Verdict } from '../../../../shared/domain/recheck';
import { formatYuan } from '../../../../shared/money';
import { useHasRole } from '../../auth/AuthGate';
import { downloadBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { rowsText } from './bundleText';
import { FileRows, Fingerprint } from './parts';
import { useMessage } from '../../useMessage';

// The county's side: the install's signing key (made once, its public key handed to the city and
// its fingerprint compared by phone), the signed bundle for a closed quarter, and what was sent.

type Status = MethodOutput<'exchange.status'>;
type Preview = MethodOutput<'exchange.preview'>;

const JSON_TYPE = 'application/json';
const BUNDLE_TYPE = 'application/zip';

export function CountyExchange() {
  const status = useCall('exchange.status', {});
  const canSend = useHasRole('director', 'admin');
  const key = status.value?.key ?? null;
  return (
    <>
      <Typography.Text type="secondary">
        每季度关闭后，把本县区的季度进展、受益主体、申报拨付和账本记录打成一个签名数据包报送市商务局。身份证号和银行账号只以加密摘要报送，个人姓名按公示规则隐去。
      </Typography.Text>
      {!canSend && <Alert type="info" showIcon title="生成签名密钥、下载公钥和生成数据包须由审批人或管理员操作；您可以查看已报送的数据包。" />}
      <KeyCard signingKey={key} loading={!status.value} canSend={canSend} onChanged={() => void status.reload()} />
      <ExportCard hasKey={key !== null} canSend={canSend} onExported={() => void status.reload()} />
      <Card title="已报送的数据包" size="small">
        <Table
          size="small"
          rowKey="sequence"
          loading={status.loading}
          dataSource={status.value?.exports ?? []}
          pagination={false}
          locale={{ emptyText: '尚未生成数据包' }}
          columns={[
            { title: '序号', dataIndex: 'sequence', width: 90, render: (n: number) => `第 ${n} 号` },
            { title: '季度', dataIndex: 'period', width: 140, render: quarterLabel },
            { title: '文件名', dataIndex: 'fileName' },
            { title: '摘要', dataIndex: 'digest', width: 170, render: (d: string) => <code title={d}>{d.slice(0, 16)}</code> },
            { title: '生成人', dataIndex: 'createdBy', width: 100 },
            { title: '时间', dataIndex: 'createdAt', width: 160, render: formatChineseDateTime },
            { title: '数据行数', dataIndex: 'rows', render: rowsText },
          ]}
        />
      </Card>
    </>
  );
}

function KeyCard({ signingKey, loading, canSend, onChanged }: { signingKey: Status['key']; loading: boolean; canSend: boolean; onChanged: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [busy, setBusy] = useState(false);

  const download = async (passphrase?: string) => {
    setBusy(true);
    const result = await bridge.invoke('exchange.publicKey', passphrase ? { passphrase } : {});
    setBusy(false);
    if (!result.ok) return void message.error(result.error.message, 8);
    downloadBase64(result.value.fileName, result.value.contentBase64, JSON_TYPE);
    void message.success(`已下载「${result.value.fileName}」`);
    if (passphrase) onChanged();
  };

  return (
    <Card title="报送签名密钥" size="small" loading={loading}>
      {signingKey ? (
        <>
          <Descriptions column={2} size="small">
            <Descriptions.Item label="签名算法">{ALGORITHM_LABELS[signingKey.algorithm]}</Descriptions.Item>
            <Descriptions.Item label="生成时间">{formatChineseDateTime(signingKey.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="公钥指纹" span={2}>
              <Fingerprint value={signingKey.fingerprint} large />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary">
            请把公钥文件交市商务局，并在电话中逐组念出上面的指纹，由市里核对一致后登记。市里只接收用已登记公钥签名的数据包。
          </Typography.Paragraph>
          {canSend && (
            <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download()}>
              下载公钥文件
            </Button>
          )}
        </>
      ) : (
        <>
          <Typography.Paragraph>
            本机尚未生成签名密钥。数据包须用本机的签名密钥签名，市里凭登记的公钥核验数据包确由本县区生成、报送后未被改动。
            请设置签名密钥口令（至少 8 个字符）：口令保护本机保存的私钥，每次生成数据包都要输入，请妥善保管，忘记口令将无法再签名。
            生成后会下载公钥文件，请交市商务局并与市里核对指纹。
          </Typography.Paragraph>
          {canSend && (
            <Form layout="inline" onFinish={(v: { passphrase: string }) => void download(v.passphrase)}>
              <Form.Item
                label="签名密钥口令"
                name="passphrase"
                rules={[
                  { required: true, message: '请设置签名密钥口令' },
                  { min: 8, message: '签名密钥口令至少 8 个字符' },
                ]}
              >
                <Input.Password autoComplete="new-password" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item
                label="再次输入口令"
                name="confirm"
                dependencies={['passphrase']}
                rules={[
                  { required: true, message: '请再次输入口令' },
                  ({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error('两次输入的口令不一致'))) }),
                ]}
              >
                <Input.Password autoComplete="new-password" style={{ width: 220 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={busy}>
                生成密钥并下载公钥
              </Button>
            </Form>
          )}
        </>
      )}
    </Card>
  );
}

/**
 * While `running`, asks the app every 300 ms how many of the bundle's lines are written (the
 * export lets such calls in between its pieces); the caller shows 100% when the export returns.
 */
function useExportPercent(running: boolean): number {
  const bridge = useBridge();
  const [percent, setPercent] = useState(0);
  useEffect(() => {
    if (!running) return;
    setPercent(0);
    let stopped = false;
    const ask = async () => {
      const result = await bridge.invoke('exchange.exportProgress', {});
      if (stopped || !result.ok || !result.value.running || result.value.total === 0) return;
      setPercent(Math.min(99, (100 * result.value.done) / result.value.total));
    };
    const timer = window.setInterval(() => void ask(), 300);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [running, bridge]);
  return percent;
}

function ExportCard({ hasKey, canSend, onExported }: { hasKey: boolean; canSend: boolean; onExported: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const quarters = useCall('progress.quarters', {});
  const [quarter, setQuarter] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<'preview' | 'export' | null>(null);
  const [exported, setExported] = useState<{ fileName: string; digest: string; sequence: number } | null>(null);
  const percent = useExportPercent(busy === 'export');

  useEffect(() => {
    if (!quarter && quarters.value) setQuarter(quarters.value.filter((q) => q.state === 'closed').at(-1)?.quarter ?? null);
  }, [quarter, quarters.value]);

  const choose = (q: string) => {
    setQuarter(q);
    setPreview(null);
    setExported(null);
  };

  const runPreview = async () => {
    if (!quarter) return;
    setBusy('preview');
    setExported(null);
    const result = await bridge.invoke('exchange.preview', { period: quarter });
    setBusy(null);
    if (result.ok) setPreview(result.value);
    else void message.error(result.error.message, 8);
  };

  const runExport = async () => {
    if (!quarter) return;
    setBusy('export');
    const result = await bridge.invoke('exchange.export', { period: quarter, passphrase });
    setBusy(null);
    if (!result.ok) return void message.error(result.error.message, 8);
    downloadBase64(result.value.fileName, result.value.contentBase64, BUNDLE_TYPE);
    setExported(result.value);
    setPreview(null);
    setPassphrase('');
    void message.success(`已生成第 ${result.value.sequence} 号数据包「${result.value.fileName}」`);
    onExported();
  };

  return (
    <Card title="生成数据包" size="small">
      <Space wrap>
        <Select
          aria-label="季度"
          style={{ width: 220 }}
          loading={quarters.loading}
          value={quarter}
          onChange={choose}
          placeholder="选择已关闭的季度"
          options={quarters.value?.map((q) => ({ value: q.quarter, label: q.state === 'closed' ? q.label : `${q.label}（未关闭）`, disabled: q.state !== 'closed' })) ?? []}
        />
        <Button disabled={!canSend || !quarter} loading={busy === 'preview'} onClick={() => void runPreview()}>
          预览
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        只能报送已由审批人关闭的季度。先预览数据包的内容，核对无误后输入签名密钥口令生成；数据包同时保存在本机数据文件夹的 exports 中。
      </Typography.Paragraph>
      {preview && (
        <div style={{ marginTop: 12 }}>
          <Descriptions column={1} size="small" bordered title="数据包内容（尚未生成）">
            <Descriptions.Item label="序号">第 {preview.sequence} 号</Descriptions.Item>
            <Descriptions.Item label="文件名">{preview.fileName}</Descriptions.Item>
            <Descriptions.Item label="数据">
              <FileRows rows={preview.rows} journal={preview} />
            </Descriptions.Item>
          </Descriptions>
          <RecheckPreview findings={preview.recheck} />
          {hasKey ? (
            <Space wrap style={{ marginTop: 12 }}>
              <Input.Password aria-label="签名密钥口令" placeholder="签名密钥口令" autoComplete="off" style={{ width: 240 }} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
              <Button type="primary" icon={<DownloadOutlined />} disabled={passphrase.length < 8} loading={busy === 'export'} onClick={() => void runExport()}>
                生成并下载
              </Button>
            </Space>
          ) : (
            <Alert style={{ marginTop: 12 }} type="warning" showIcon title="本机尚未生成签名密钥：请先在上方设置签名密钥口令，并与市里核对公钥指纹。" />
          )}
        </div>
      )}
      {(busy === 'export' || exported) && <Progress percent={exported ? 100 : Math.round(percent)} status={exported ? 'success' : 'active'} aria-label="生成进度" style={{ marginTop: 12 }} />}
      {exported && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={`已生成第 ${exported.sequence} 号数据包「${exported.fileName}」`}
          description={
            <>
              数据包摘要（SHA-256）：<code aria-label="数据包摘要">{exported.digest}</code>
              <br />
              请把数据包文件交市商务局；市里导入时会显示同样的摘要。
            </>
          }
        />
      )}
    </Card>
  );
}

/** The city's recheck run here first: claims whose frozen amount the rules would not give again. */
function RecheckPreview({ findings }: { findings: Preview['recheck'] }) {
  if (findings.length === 0) return <Alert style={{ marginTop: 12 }} type="success" showIcon title="市级复核预检：已审批、已拨付的奖补按规则重新判定，金额全部一致。" />;
  return (
    <section aria-label="市级复核预检" style={{ marginTop: 12 }}>
      <Alert type="warning" showIcon title={`市级复核预检：${findings.length} 笔奖补按规则重新判定与记载不符，报送后市里会看到同样的结果，请先核实。`} />
      <Table
        size="small"
        pagination={false}
        rowKey="claimId"
        dataSource={findings}
        columns={[
          { title: '申报编号', dataIndex: 'claimNo' },
          { title: '复核结论', dataIndex: 'verdict', render: (v: Verdict) => VERDICT_LABELS[v] },
          { title: '记载金额', dataIndex: 'countyAmount', align: 'right', render: (v: number | null) => (v === null ? '—' : formatYuan(v)) },
          { title: '按规则应为', dataIndex: 'cityAmount', align: 'right', render: (v: number | null) => (v === null ? '—' : formatYuan(v)) },
          { title: '说明', dataIndex: 'reason' },
        ]}
      />
    </section>
  );
}
