import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Spin, Tabs, Typography, Upload } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { formatChineseDate } from '../../../../shared/dates';
import { useHasRole } from '../../auth/AuthGate';
import { downloadBase64, fileToBase64 } from '../../download';
import { PageTitle } from '../../PageTitle';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { MeasuresTab } from './MeasuresTab';
import { ResponsibilitiesTab } from './ResponsibilitiesTab';
import { UnitProgressTab } from './UnitProgressTab';
import { useMessage } from '../../useMessage';

// 本县方案: what the plan asks of each county beyond its task table (三、工作要求): its own detailed
// plan (细化方案), who in the county answers for each task (责任分工) and how they are doing, and
// what it did under 二(八) and 二(九) (保障措施).

export type PlanView = MethodOutput<'countyPlan.get'>;

export function CountyPlanPage() {
  const install = useCall('install.get', {});
  const plan = useCall('countyPlan.get', {});
  const county = install.value?.county ?? null;
  if (!install.value) return <Spin style={{ margin: 40 }} />;
  if (install.value.role?.role !== 'county' || !county) {
    return (
      <div className="page">
        <PageTitle>本县方案</PageTitle>
        <Alert type="info" showIcon title="本县方案只在县区版中登记。请先在「首页」选择本机所属县区。" />
      </div>
    );
  }
  const view = plan.value;
  return (
    <div className="page">
      <PageTitle>本县方案</PageTitle>
      <Typography.Text type="secondary">
        方案“三、工作要求”：各县区要及时制定细化方案，明确县直区直各部门和乡（镇）村工作责任。细化方案、责任分工和保障措施都记入账本，并列入季度报告。
      </Typography.Text>
      {view ? (
        <>
          <PlanDocument plan={view.plan} onSaved={plan.setValue} />
          <Tabs
            items={[
              { key: 'responsibilities', label: `责任分工（${view.responsibilities.length}）`, children: <ResponsibilitiesTab countyName={county.name} view={view} onChanged={plan.setValue} /> },
              { key: 'units', label: '按责任单位查看进度', children: <UnitProgressTab revision={view.responsibilities.map((r) => r.id).join()} /> },
              { key: 'measures', label: `保障措施（${view.measures.length}）`, children: <MeasuresTab view={view} onChanged={plan.setValue} /> },
            ]}
          />
        </>
      ) : (
        <Spin />
      )}
    </div>
  );
}

type PlanForm = { docNo: string; title: string; issuedOn: dayjs.Dayjs };

/** 细化方案: the county's own plan document, with its file. */
function PlanDocument({ plan, onSaved }: { plan: PlanView['plan']; onSaved: (view: PlanView) => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const canDecide = useHasRole('admin', 'director');
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm<PlanForm>();

  const save = async (v: PlanForm) => {
    const upload = file ? { fileName: file.name, contentBase64: await fileToBase64(file) } : undefined;
    const r = await bridge.invoke('countyPlan.save', { docNo: v.docNo, title: v.title, issuedOn: v.issuedOn.format('YYYY-MM-DD'), ...(upload ? { file: upload } : {}) });
    if (r.ok) {
      onSaved(r.value);
      setFile(null);
      form.resetFields();
      void message.success('本县细化方案已登记');
    } else void message.error(r.error.message, 8);
  };
  const download = async () => {
    const r = await bridge.invoke('countyPlan.file', {});
    if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64, 'application/octet-stream');
    else void message.error(r.error.message, 6);
  };

  return (
    <Card size="small" title="细化方案">
      {plan ? (
        <Descriptions size="small" column={3} aria-label="本县细化方案">
          <Descriptions.Item label="文号">{plan.docNo}</Descriptions.Item>
          <Descriptions.Item label="名称">{plan.title}</Descriptions.Item>
          <Descriptions.Item label="印发日期">{formatChineseDate(plan.issuedOn)}</Descriptions.Item>
          <Descriptions.Item label="文件" span={3}>
            {plan.fileName ? (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => void download()}>
                下载「{plan.fileName}」
              </Button>
            ) : (
              '未上传'
            )}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" showIcon title="本县尚未登记细化方案。" style={{ marginBottom: 8 }} />
      )}
      {canDecide ? (
        <Form form={form} layout="inline" onFinish={(v) => void save(v)} style={{ rowGap: 8, marginTop: 8 }}>
          <Form.Item label="文号" name="docNo" rules={[{ required: true, message: '请填写文号' }]}>
            <Input aria-label="细化方案文号" placeholder="如：寿政办〔2019〕45号" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="名称" name="title" rules={[{ required: true, message: '请填写细化方案名称' }]}>
            <Input aria-label="细化方案名称" style={{ width: 300 }} />
          </Form.Item>
          <Form.Item label="印发日期" name="issuedOn" rules={[{ required: true, message: '请选择印发日期' }]}>
            <DatePicker aria-label="细化方案印发日期" />
          </Form.Item>
          <Form.Item>
            <Upload
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'plan', name: file.name, status: 'done' }] : []}
            >
              <Button icon={<UploadOutlined />}>选择文件（可选）</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {plan ? '登记新版本' : '登记细化方案'}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">细化方案由管理员或审批人登记。</Typography.Text>
      )}
    </Card>
  );
}
