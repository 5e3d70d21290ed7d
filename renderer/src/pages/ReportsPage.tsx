import { FileExcelOutlined, FilePdfOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatChineseDate, formatChineseDateTime } from '../../../shared/dates';
import { LIGHT_LABELS, LIGHTS } from '../../../shared/domain/progress';
import { useHasRole } from '../auth/AuthGate';
import { LIGHT_COLORS } from '../charts/lightColors';
import { downloadBase64 } from '../download';
import { useNavigate } from '../navigation';
import { PageTitle } from '../PageTitle';
import { useBridge } from '../useBridge';
import { useCall } from '../useCall';
import { useMessage } from '../useMessage';

// The quarter's report: generate it as PDF or Excel in the plan's table layout, and — for the
// director — close the quarter on what the report showed, or reopen it with a reason.

const PDF = 'application/pdf';

export function ReportsPage() {
  const install = useCall('install.get', {});
  if (!install.value) return <div className="page" />;
  if (install.value.role?.role !== 'county') {
    return (
      <div className="page">
        <PageTitle>季度报告</PageTitle>
        <Alert type="info" showIcon title="季度报告由县区版生成。请先在「首页」选择本机所属县区；市级版在「数据报送」中汇总各县区的报告。" />
      </div>
    );
  }
  return <QuarterReports />;
}

function QuarterReports() {
  const bridge = useBridge();
  const message = useMessage();
  const go = useNavigate();
  const isDirector = useHasRole('director');
  const quarters = useCall('progress.quarters', {});
  const [quarter, setQuarter] = useState<string | null>(null);
  // nothing asked until the install's quarter list has named one (no guessed quarter)
  const view = useCall('progress.get', quarter ? { quarter } : null);
  const [busy, setBusy] = useState<string | null>(null);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (!quarter && quarters.value) setQuarter(quarters.value.find((q) => q.current)?.quarter ?? quarters.value.at(-1)?.quarter ?? null);
  }, [quarter, quarters.value]);

  const generate = async (format: 'pdf' | 'xlsx') => {
    if (!quarter) return;
    setBusy(format);
    const result = await bridge.invoke('progress.report', { quarter, format });
    setBusy(null);
    if (!result.ok) return void message.error(result.error.message, 8);
    downloadBase64(result.value.fileName, result.value.contentBase64, format === 'pdf' ? PDF : undefined);
    void message.success(`已生成「${result.value.fileName}」`);
    void view.reload();
  };

  const close = async () => {
    if (!quarter) return;
    const result = await bridge.invoke('progress.close', { quarter });
    if (!result.ok) return void message.error(result.error.message, 8);
    view.setValue(result.value);
    void quarters.reload();
    void message.success(`${result.value.label}已关闭`);
  };

  const reopen = async () => {
    if (!quarter) return;
    const result = await bridge.invoke('progress.reopen', { quarter, reason });
    if (!result.ok) return void message.error(result.error.message, 8);
    setReopening(false);
    setReason('');
    view.setValue(result.value);
    void quarters.reload();
    void message.success(`${result.value.label}已重新打开`);
  };

  const v = quarter && view.value?.quarter === quarter ? view.value : null;
  const upToDate = v !== null && v.reportedDigest === v.digest;

  return (
    <div className="page">
      <Space>
        <PageTitle>季度报告</PageTitle>
        <Select
          aria-label="季度"
          style={{ width: 170 }}
          value={quarter}
          onChange={setQuarter}
          options={quarters.value?.map((q) => ({ value: q.quarter, label: `${q.label}${q.state === 'closed' ? '（已关闭）' : ''}` })) ?? []}
        />
      </Space>
      <Typography.Text type="secondary">
        按方案《具体任务分解表》的格式生成本县区的季度进展报告（PDF 与 Excel），含封面、18 项任务的目标、实际完成、状态、进展情况和存在问题。
        季度结束后，审批人核对最近一次生成的报告，无误后关闭季度：关闭后数据锁定，报告按关闭时的内容生成，同样的内容也随数据包报送市里。
      </Typography.Text>
      {v && (
        <Card size="small" title={`${v.label}进展报告`} extra={<Tag color={v.state === 'closed' ? 'default' : 'processing'}>{v.state === 'closed' ? '已关闭' : '填报中'}</Tag>}>
          <Descriptions column={2} size="small">
            <Descriptions.Item label="统计截至">{formatChineseDate(v.asOf)}</Descriptions.Item>
            <Descriptions.Item label="内容摘要（SHA-256）">
              <code>{v.digest.slice(0, 16)}…</code>
            </Descriptions.Item>
            <Descriptions.Item label="最近生成的报告">
              {v.reportedDigest === null ? '尚未生成' : upToDate ? '与当前内容一致' : '生成后数据有变动，请重新生成'}
            </Descriptions.Item>
            {v.state === 'closed' && (
              <Descriptions.Item label="关闭">
                {v.closedBy}，{v.closedAt ? formatChineseDateTime(v.closedAt) : ''}
              </Descriptions.Item>
            )}
            <Descriptions.Item label="任务状态" span={2}>
              <Space wrap>
                {LIGHTS.filter((l) => (v.lights[l] ?? 0) > 0).map((l) => (
                  <Tag key={l} color={LIGHT_COLORS[l]} style={{ cursor: 'pointer' }} onClick={() => go('tasks', { quarter: v.quarter, light: l })}>
                    {LIGHT_LABELS[l]} {v.lights[l]} 项
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginTop: 12 }}>
            <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => void generate('pdf')}>
              生成 PDF 报告
            </Button>
            <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => void generate('xlsx')}>
              生成 Excel 报告
            </Button>
            {isDirector && v.state === 'open' && (
              <Popconfirm
                title={`关闭${v.label}？`}
                description="关闭后本季度数据锁定，报告按此时的内容生成；如需更正须说明原因重新打开。"
                okText="关闭季度"
                cancelText="取消"
                onConfirm={() => void close()}
              >
                <Button icon={<LockOutlined />} type="primary" disabled={!upToDate} title={upToDate ? undefined : '请先生成报告并核对'}>
                  关闭季度
                </Button>
              </Popconfirm>
            )}
            {isDirector && v.state === 'closed' && (
              <Button icon={<UnlockOutlined />} onClick={() => setReopening(true)}>
                重新打开
              </Button>
            )}
          </Space>
          {!isDirector && v.state === 'open' && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>关闭季度须由审批人操作。</Typography.Paragraph>}
        </Card>
      )}
      {reopening && v && (
        <Modal open title={`重新打开${v.label}`} okText="重新打开" cancelText="取消" onOk={() => void reopen()} onCancel={() => setReopening(false)}>
          <Typography.Paragraph>重新打开后可修改本季度数据，原关闭时的报告内容仍保留在账本中。请写明原因：</Typography.Paragraph>
          <Input.TextArea aria-label="重新打开的原因" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Modal>
      )}
    </div>
  );
}
