import { App, Button, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { formatChineseDate } from '../../../../shared/dates';
import type { ClaimView, NoticeView } from '../../../../shared/domain/claims';
import { formatYuan } from '../../../../shared/money';
import { useHasRole } from '../../auth/AuthGate';
import { downloadBase64 } from '../../download';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { ClaimTable } from './ClaimTable';

/** 公示: reviewed claims into a batch with its period; the list as PDF and xlsx; ending the period. */
export function NoticesTab({ claims, onChanged }: { claims: ClaimView[]; onChanged: () => void }) {
  const bridge = useBridge();
  const { message } = App.useApp();
  const notices = useCall('notices.list', {});
  const settings = useCall('settings.get', {});
  const [selected, setSelected] = useState<string[]>([]);
  const isReviewer = useHasRole('reviewer');
  const canEnd = useHasRole('reviewer', 'director');
  const reviewed = claims.filter((c) => c.state === 'reviewed');

  const download = async (n: NoticeView, format: 'pdf' | 'xlsx') => {
    const r = await bridge.invoke('notices.document', { id: n.id, format });
    if (r.ok) downloadBase64(r.value.fileName, r.value.contentBase64, format === 'pdf' ? 'application/pdf' : undefined);
    else void message.error(r.error.message, 8);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {isReviewer && (
        <>
          <Typography.Text>审核通过、待公示的申报（{reviewed.length} 条），勾选后生成公示：</Typography.Text>
          <Table<ClaimView>
            size="small"
            rowKey="id"
            aria-label="待公示申报"
            pagination={false}
            dataSource={reviewed}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
            columns={[
              { title: '申报编号', dataIndex: 'no' },
              { title: '受益主体', dataIndex: 'subjectName' },
              { title: '奖补项目', dataIndex: 'ruleTitle' },
              { title: '金额', align: 'right', render: (_, c) => formatYuan(c.amountFen ?? 0) },
            ]}
          />
          {settings.value && (
            <Form
              layout="inline"
              initialValues={{ startsOn: dayjs(), contact: settings.value.noticeContact }}
              onFinish={async (v: { startsOn: dayjs.Dayjs; endsOn?: dayjs.Dayjs; contact: string }) => {
                const r = await bridge.invoke('notices.create', {
                  claimIds: selected,
                  startsOn: v.startsOn.format('YYYY-MM-DD'),
                  ...(v.endsOn ? { endsOn: v.endsOn.format('YYYY-MM-DD') } : {}),
                  contact: v.contact ?? '',
                });
                if (r.ok) {
                  void message.success(`已生成公示 ${r.value.no}，${formatChineseDate(r.value.startsOn)}至${formatChineseDate(r.value.endsOn)}`);
                  setSelected([]);
                  void notices.reload();
                  onChanged();
                } else void message.error(r.error.message, 8);
              }}
            >
              <Form.Item label="公示开始" name="startsOn" rules={[{ required: true, message: '请选择开始日期' }]}>
                <DatePicker aria-label="公示开始" />
              </Form.Item>
              <Form.Item label="公示结束" name="endsOn" tooltip={`不填则按设置公示 ${settings.value.noticeDays} 天`}>
                <DatePicker aria-label="公示结束" />
              </Form.Item>
              <Form.Item label="异议受理联系方式" name="contact" rules={[{ required: true, message: '请填写异议受理联系方式' }]}>
                <Input aria-label="异议受理联系方式" style={{ width: 280 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" disabled={selected.length === 0}>
                生成公示（{selected.length} 条）
              </Button>
            </Form>
          )}
        </>
      )}
      <Typography.Title level={5}>公示批次</Typography.Title>
      <Table<NoticeView>
        size="small"
        rowKey="id"
        aria-label="公示批次"
        dataSource={notices.value ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (n) => <ClaimTable claims={claims.filter((c) => c.noticeId === n.id)} /> }}
        columns={[
          { title: '编号', dataIndex: 'no' },
          { title: '标题', dataIndex: 'title' },
          { title: '公示期', render: (_, n) => `${formatChineseDate(n.startsOn)}至${formatChineseDate(n.endsOn)}` },
          { title: '条数', dataIndex: 'claims' },
          { title: '金额合计', align: 'right', render: (_, n) => formatYuan(n.totalFen) },
          { title: '状态', render: (_, n) => (n.state === 'open' ? <Tag color="purple">公示中</Tag> : <Tag>已结束</Tag>) },
          {
            title: '操作',
            render: (_, n) => (
              <Space>
                <Button size="small" onClick={() => void download(n, 'pdf')}>
                  下载公示PDF
                </Button>
                <Button size="small" onClick={() => void download(n, 'xlsx')}>
                  下载Excel
                </Button>
                {canEnd && n.state === 'open' && (
                  <Button
                    size="small"
                    onClick={async () => {
                      const r = await bridge.invoke('notices.end', { id: n.id });
                      if (r.ok) {
                        void message.success(`公示 ${n.no} 已结束`);
                        void notices.reload();
                        onChanged();
                      } else void message.error(r.error.message, 8);
                    }}
                  >
                    结束公示
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
