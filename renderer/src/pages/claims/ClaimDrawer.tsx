import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Form, Input, List, Modal, Space, Switch, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { MethodInput, MethodName } from '../../../../shared/contract';
import { chinaToday, formatChineseDateTime } from '../../../../shared/dates';
import { CLAIM_STATE_LABELS, type ClaimView } from '../../../../shared/domain/claims';
import { formatYuan } from '../../../../shared/money';
import { amountInWords } from '../../../../shared/money-words';
import { useHasRole, useSession } from '../../auth/AuthGate';
import { downloadBase64, fileToBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { MissingSettingAlert } from './MissingSetting';
import { AmountInput, DateInput, dateRule, isoOf, typedFacts } from '../../TypedInputs';
import { STATE_COLORS } from './stateColors';
import { useMessage } from '../../useMessage';

type Ask = { title: string; label: string; run: (text: string) => Promise<void> } | null;

/** One claim: its facts, the engine's decision and trace, flags, evidence, objections, and every step with who took it. */
export function ClaimDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const { session } = useSession();
  const detail = useCall('claims.get', { id });
  const policy = useCall('policy.get', {});
  const factLabel = (k: string) => policy.value?.facts.find((f) => f.id === k)?.label ?? k;
  const isAmount = (k: string) => ['yuan', 'usd'].includes(policy.value?.facts.find((f) => f.id === k)?.type ?? '');
  const [ask, setAsk] = useState<Ask>(null);
  const [objecting, setObjecting] = useState(false);
  const [editing, setEditing] = useState(false);
  const isClerk = useHasRole('clerk');
  const isReviewer = useHasRole('reviewer');
  const isDirector = useHasRole('director');
  const claim = detail.value?.claim;

  async function act<K extends MethodName>(method: K, input: MethodInput<K>, done: string): Promise<boolean> {
    const result = await bridge.invoke(method, input);
    if (result.ok) {
      void message.success(done);
      await detail.reload();
      return true;
    }
    void message.error(result.error.message, 8);
    return false;
  }

  const flags = detail.value?.currentFlags ?? [];
  const s = claim?.state;

  return (
    <Drawer open width={820} title={claim ? `申报 ${claim.no}：${claim.subjectName}` : '申报'} onClose={onClose}>
      {claim && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label="状态">
              <Tag color={STATE_COLORS[claim.state]}>{CLAIM_STATE_LABELS[claim.state]}</Tag>
              {claim.frozen && <Tag color="gold">金额已冻结</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="金额">{claim.amountFen === null ? '提交后由规则引擎计算' : `${formatYuan(claim.amountFen)}（${amountInWords(claim.amountFen)}）`}</Descriptions.Item>
            <Descriptions.Item label="奖补项目" span={2}>
              {claim.ruleTitle}（{claim.year} 年度）
            </Descriptions.Item>
            <Descriptions.Item label="依据" span={2}>
              {claim.clause}
            </Descriptions.Item>
            <Descriptions.Item label="乡镇、村">{[claim.town, claim.village].filter(Boolean).join(' ')}</Descriptions.Item>
            <Descriptions.Item label="录入 / 提交">
              {claim.enteredBy} / {claim.submittedBy ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="审核 / 审批">
              {claim.reviewedBy ?? '—'} / {claim.approvedBy ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="拨付">{claim.voucherNo ? `${claim.voucherNo}，${claim.paidOn}，${formatYuan(claim.paidFen ?? 0)}` : '—'}</Descriptions.Item>
            {Object.entries(claim.facts).map(([k, v]) => (
              <Descriptions.Item key={k} label={factLabel(k)}>
                {typeof v === 'boolean' ? (v ? '是' : '否') : v}
              </Descriptions.Item>
            ))}
            {claim.returnReason && <Descriptions.Item label="退回原因" span={2}>{claim.returnReason}</Descriptions.Item>}
            {claim.voidReason && <Descriptions.Item label="作废原因" span={2}>{claim.voidReason}</Descriptions.Item>}
            {claim.flagsAck && <Descriptions.Item label="核查说明" span={2}>{claim.flagsAck}</Descriptions.Item>}
          </Descriptions>

          {flags.length > 0 && (
            <Alert type="warning" showIcon message={`疑点 ${flags.length} 个（需审核员书面核查说明后才能通过）`} description={<ul style={{ margin: 0 }}>{flags.map((f) => <li key={f}>{f}</li>)}</ul>} />
          )}

          {isClerk && (s === 'draft' || s === 'returned') && <MissingSettingAlert policy={policy.value} rule={claim.rule} />}
          <Space wrap>
            {isClerk && (s === 'draft' || s === 'returned') && (
              <Button type="primary" onClick={() => void act('claims.submit', { id }, '已提交，规则引擎已计算金额')}>
                提交
              </Button>
            )}
            {isClerk && (s === 'draft' || s === 'returned') && <Button onClick={() => setEditing(true)}>修改事实</Button>}
            {isReviewer && s === 'submitted' && (
              <Button
                type="primary"
                onClick={() =>
                  flags.length
                    ? setAsk({ title: '审核通过', label: '核查说明', run: async (text) => void (await act('claims.pass', { id, acknowledgement: text }, '审核通过')) })
                    : void act('claims.pass', { id }, '审核通过')
                }
              >
                审核通过
              </Button>
            )}
            {isReviewer && s === 'submitted' && (
              <Button onClick={() => setAsk({ title: '退回申报', label: '退回原因', run: async (text) => void (await act('claims.return', { id, reason: text }, '已退回')) })}>退回</Button>
            )}
            {isDirector && s === 'noticed' && (
              <Button type="primary" onClick={() => void act('claims.approve', { id }, '已审批，金额已冻结')}>
                审批
              </Button>
            )}
            {(s === 'noticing' || s === 'noticed') && (
              <Button onClick={() => setObjecting(true)}>登记异议</Button>
            )}
            {s !== 'paid' && s !== 'voided' && (
              <Button danger onClick={() => setAsk({ title: '作废申报', label: '作废原因', run: async (text) => void (await act('claims.void', { id, reason: text }, '已作废')) })}>
                作废
              </Button>
            )}
            <Button
              onClick={async () => {
                const r = await bridge.invoke('reports.export', { year: claim.year, report: 'claim-history', claimId: id });
                if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64);
                else void message.error(r.error.message);
              }}
            >
              导出全过程记录
            </Button>
            <Button
              onClick={async () => {
                const r = await bridge.invoke('claims.approvalSheet', { id });
                if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64, 'application/pdf');
                else void message.error(r.error.message);
              }}
            >
              打印审批表
            </Button>
          </Space>

          <Typography.Title level={5}>证据文件</Typography.Title>
          <List
            size="small"
            bordered
            dataSource={claim.evidence}
            locale={{ emptyText: '尚无证据文件' }}
            renderItem={(e) => (
              <List.Item
                actions={[
                  <Button
                    key="open"
                    size="small"
                    onClick={async () => {
                      const r = await bridge.invoke('claims.evidence', { id, sha256: e.sha256 });
                      if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64, 'application/octet-stream');
                      else void message.error(r.error.message, 8);
                    }}
                  >
                    下载
                  </Button>,
                ]}
              >
                {e.fileName}（{(e.size / 1024).toFixed(1)} KB，SHA-256 {e.sha256.slice(0, 12)}…，{e.addedBy}）
              </List.Item>
            )}
          />
          {isClerk && (s === 'draft' || s === 'returned') && (
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                void (async () => act('claims.addEvidence', { id, fileName: file.name, contentBase64: await fileToBase64(file) }, `已上传「${file.name}」`))();
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>上传证据文件</Button>
            </Upload>
          )}

          {claim.objections.length > 0 && (
            <>
              <Typography.Title level={5}>异议</Typography.Title>
              <List
                size="small"
                bordered
                dataSource={claim.objections}
                renderItem={(o) => (
                  <List.Item
                    actions={
                      o.resolution === null && (isReviewer || isDirector)
                        ? [
                            <Button key="ok" size="small" onClick={() => setAsk({ title: '异议不成立', label: '核实情况', run: async (text) => void (await act('objections.resolve', { id: o.id, resolution: text, upheld: false }, '已处理')) })}>
                              不成立
                            </Button>,
                            <Button key="up" size="small" danger onClick={() => setAsk({ title: '异议成立', label: '核实情况', run: async (text) => void (await act('objections.resolve', { id: o.id, resolution: text, upheld: true }, '已处理')) })}>
                              成立
                            </Button>,
                          ]
                        : []
                    }
                  >
                    {o.receivedOn}：{o.text}
                    {o.resolution !== null && `（${o.upheld ? '成立' : '不成立'}：${o.resolution}，${o.resolvedBy}）`}
                  </List.Item>
                )}
              />
            </>
          )}

          {claim.trace.length > 0 && (
            <>
              <Typography.Title level={5}>规则引擎判定过程</Typography.Title>
              <ClaimTrace claim={claim} />
            </>
          )}

          <Typography.Title level={5}>全过程记录</Typography.Title>
          <Timeline
            aria-label="全过程记录"
            items={(detail.value?.history ?? []).map((h) => ({
              children: (
                <div>
                  <strong>{h.action}</strong>
                  {h.state && <Tag style={{ marginLeft: 8 }}>{h.state}</Tag>}
                  <Typography.Text type="secondary">
                    {' '}
                    {h.actor} · {formatChineseDateTime(h.at)}
                  </Typography.Text>
                  {h.detail && <div>{h.detail}</div>}
                </div>
              ),
            }))}
          />
          <Typography.Text type="secondary">当前用户：{session.displayName}</Typography.Text>
        </Space>
      )}
      {ask && <AskModal ask={ask} onClose={() => setAsk(null)} />}
      {editing && claim && (
        <Modal open title="修改事实" footer={null} onCancel={() => setEditing(false)}>
          <Form
            layout="vertical"
            initialValues={claim.facts}
            onFinish={async (values: Record<string, string | boolean>) => {
              const { reason, ...typed } = values;
              let facts: Record<string, string | boolean>;
              try {
                facts = typedFacts(typed, policy.value?.facts ?? []);
              } catch (error) {
                return void message.error(error instanceof Error ? error.message : String(error), 8);
              }
              if (await act('claims.edit', { id, expectedRevision: claim.revision, facts, reason: String(reason ?? '') }, '已修改，请重新提交')) setEditing(false);
            }}
          >
            {Object.entries(claim.facts).map(([k, v]) => (
              <Form.Item key={k} label={factLabel(k)} name={k} valuePropName={typeof v === 'boolean' ? 'checked' : 'value'}>
                {typeof v === 'boolean' ? <Switch checkedChildren="是" unCheckedChildren="否" /> : isAmount(k) ? <AmountInput aria-label={factLabel(k)} width={200} /> : <Input aria-label={factLabel(k)} />}
              </Form.Item>
            ))}
            <Form.Item label="修改原因" name="reason" rules={[{ required: true, message: '请填写修改原因' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存
            </Button>
          </Form>
        </Modal>
      )}
      {objecting && (
        <Modal open title="登记异议" footer={null} onCancel={() => setObjecting(false)}>
          <Form
            layout="vertical"
            initialValues={{ receivedOn: chinaToday(Date.now()) }}
            onFinish={async (v: { receivedOn: string; text: string }) => {
              if (await act('objections.record', { claimId: id, receivedOn: isoOf(v.receivedOn), text: v.text }, '已登记异议')) setObjecting(false);
            }}
          >
            <Form.Item label="收到日期" name="receivedOn" rules={[dateRule('收到日期')]}>
              <DateInput aria-label="收到日期" />
            </Form.Item>
            <Form.Item label="异议内容" name="text" rules={[{ required: true, message: '请填写异议内容' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              登记
            </Button>
          </Form>
        </Modal>
      )}
    </Drawer>
  );
}

function ClaimTrace({ claim }: { claim: ClaimView }) {
  return (
    <Timeline
      items={claim.trace.map((t) => ({
        color: t.passed === false ? 'red' : t.passed === null ? 'gray' : 'green',
        children: (
          <div>
            {t.text}
            {t.clause && (
              <div>
                <Typography.Text type="secondary">依据：{t.clause}</Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

function AskModal({ ask, onClose }: { ask: NonNullable<Ask>; onClose: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={ask.title}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !text.trim() }}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        await ask.run(text.trim());
        setBusy(false);
        onClose();
      }}
    >
      <Typography.Paragraph>{ask.label}（必填，记入台账）</Typography.Paragraph>
      <Input.TextArea aria-label={ask.label} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
    </Modal>
  );
}
