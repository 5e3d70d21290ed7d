import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography, Upload } from 'antd';
import type dayjs from 'dayjs';
import { formatChineseDate } from '../../../../shared/dates';
import { type CountyMeasure, MEASURE_KINDS } from '../../../../shared/domain/progress';
import { formatYuan } from '../../../../shared/money';
import { useHasRole } from '../../auth/AuthGate';
import { downloadBase64, fileToBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import type { PlanView } from './CountyPlanPage';
import { useMessage } from '../../useMessage';

// 保障措施: what the county did under 二(八) (以政府购买服务方式提升农村电商公共服务) and 二(九)
// (引进电商人才、鼓励青年返乡创业): each matter with its document or contract, date, amount and files.

type Kind = CountyMeasure['kind'];
const SECTIONS: Record<Kind, string> = { 'public-service': '二(八)', talent: '二(九)' };
const KINDS = Object.keys(MEASURE_KINDS) as Kind[];

type MeasureForm = { kind: Kind; title: string; docNo: string; date: dayjs.Dayjs; amount?: string };

export function MeasuresTab({ view, onChanged }: { view: PlanView; onChanged: (view: PlanView) => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const canEdit = useHasRole('clerk', 'admin');
  const [form] = Form.useForm<MeasureForm>();

  const add = async (v: MeasureForm) => {
    const amount = v.amount?.trim();
    const r = await bridge.invoke('countyPlan.addMeasure', { kind: v.kind, title: v.title, docNo: v.docNo, date: v.date.format('YYYY-MM-DD'), ...(amount ? { amount } : {}) });
    if (r.ok) {
      onChanged(r.value);
      form.resetFields(['title', 'docNo', 'date', 'amount']);
      void message.success(`「${v.title.trim()}」已登记`);
    } else void message.error(r.error.message, 8);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canEdit ? (
        <Form form={form} layout="inline" initialValues={{ kind: 'public-service' }} onFinish={(v) => void add(v)} style={{ rowGap: 8 }}>
          <Form.Item name="kind">
            <Select aria-label="保障措施类别" style={{ width: 150 }} options={KINDS.map((k) => ({ value: k, label: `${SECTIONS[k]} ${k === 'public-service' ? '政府购买服务' : '人才引进、返乡创业'}` }))} />
          </Form.Item>
          <Form.Item label="事项" name="title" rules={[{ required: true, message: '请填写事项' }]}>
            <Input aria-label="事项" style={{ width: 240 }} maxLength={200} />
          </Form.Item>
          <Form.Item label="文号或合同编号" name="docNo" rules={[{ required: true, message: '请填写文号或合同编号' }]}>
            <Input aria-label="文号或合同编号" style={{ width: 170 }} maxLength={60} />
          </Form.Item>
          <Form.Item label="日期" name="date" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker aria-label="保障措施日期" />
          </Form.Item>
          <Form.Item label="金额（元）" name="amount">
            <Input aria-label="金额（元）" placeholder="可不填" style={{ width: 130 }} maxLength={30} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            登记
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">保障措施由录入员或管理员登记。</Typography.Text>
      )}
      {KINDS.map((kind) => (
        <Card key={kind} size="small" title={`${SECTIONS[kind]} ${MEASURE_KINDS[kind]}`}>
          <MeasureTable measures={view.measures.filter((m) => m.kind === kind)} canEdit={canEdit} onChanged={onChanged} label={MEASURE_KINDS[kind]} />
        </Card>
      ))}
    </Space>
  );
}

function MeasureTable({ measures, canEdit, onChanged, label }: { measures: CountyMeasure[]; canEdit: boolean; onChanged: (view: PlanView) => void; label: string }) {
  const bridge = useBridge();
  const message = useMessage();
  const upload = async (measure: CountyMeasure, file: File) => {
    const r = await bridge.invoke('countyPlan.addMeasureEvidence', { measureId: measure.id, fileName: file.name, contentBase64: await fileToBase64(file) });
    if (r.ok) {
      onChanged(r.value);
      void message.success(`已上传「${file.name}」`);
    } else void message.error(r.error.message, 6);
  };
  const download = async (measure: CountyMeasure, sha256: string) => {
    const r = await bridge.invoke('countyPlan.measureEvidence', { measureId: measure.id, sha256 });
    if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64, 'application/octet-stream');
    else void message.error(r.error.message, 6);
  };
  return (
    <Table<CountyMeasure>
      size="small"
      rowKey="id"
      pagination={false}
      aria-label={label}
      dataSource={measures}
      locale={{ emptyText: '尚未登记' }}
      columns={[
        { title: '事项', dataIndex: 'title' },
        { title: '文号或合同编号', dataIndex: 'docNo', width: 180 },
        { title: '日期', width: 140, render: (_, m) => formatChineseDate(m.date) },
        { title: '金额（元）', width: 140, align: 'right', render: (_, m) => (m.amountFen === null ? '—' : formatYuan(m.amountFen)) },
        {
          title: '附件',
          width: 260,
          render: (_, m) => (
            <Space orientation="vertical" size={0}>
              {m.evidence.map((e) => (
                <Button key={e.sha256} type="link" size="small" style={{ padding: 0 }} onClick={() => void download(m, e.sha256)}>
                  {e.fileName}
                </Button>
              ))}
              {canEdit && (
                <Upload
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void upload(m, file);
                    return false;
                  }}
                >
                  <Button size="small" icon={<UploadOutlined />} aria-label={`为「${m.title}」上传附件`}>
                    上传
                  </Button>
                </Upload>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
