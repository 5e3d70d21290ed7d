import { Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { formatChineseDate } from '../../../../shared/dates';
import type { Responsibility } from '../../../../shared/domain/progress';
import { countyPart, TASK_PART_LABELS } from '../../../../shared/domain/tasks';
import { useHasRole } from '../../auth/AuthGate';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import type { PlanView } from './CountyPlanPage';
import { useMessage } from '../../useMessage';

// 责任分工: a task, or a part of it, given to a county department or a town with its own deadline.
// Only the county's own tasks can be given out (not those of other counties); a removal needs its reason.

export const UNIT_KIND_LABELS = { department: '县直部门', town: '乡镇' } as const;

type AssignForm = { task: number; part?: string; unit: string; unitKind: 'department' | 'town'; deadline?: dayjs.Dayjs | null };

export function ResponsibilitiesTab({ countyName, view, onChanged }: { countyName: string; view: PlanView; onChanged: (view: PlanView) => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const canEdit = useHasRole('clerk', 'admin');
  const tasks = useCall('tasks.list', {});
  const [form] = Form.useForm<AssignForm>();
  const [removing, setRemoving] = useState<Responsibility | null>(null);

  const titles = useMemo(() => new Map((tasks.value ?? []).map((t) => [t.no, t])), [tasks.value]);
  const options = useMemo(
    () =>
      (tasks.value ?? [])
        .map((t) => ({ task: t, part: countyPart(t, countyName) }))
        .filter(({ part }) => part !== 'not-applicable')
        .map(({ task, part }) => ({ value: task.no, label: `${task.no}. ${task.title}（${TASK_PART_LABELS[part]}）` })),
    [tasks.value, countyName],
  );

  const assign = async (v: AssignForm) => {
    const r = await bridge.invoke('countyPlan.assign', {
      task: v.task,
      part: v.part?.trim() ?? '',
      unit: v.unit,
      unitKind: v.unitKind,
      deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    });
    if (r.ok) {
      onChanged(r.value);
      form.resetFields(['part', 'unit', 'deadline']);
      void message.success(`第 ${v.task} 项任务已分解到${v.unit}`);
    } else void message.error(r.error.message, 8);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canEdit ? (
        <Form form={form} layout="inline" initialValues={{ unitKind: 'department' }} onFinish={(v) => void assign(v)} style={{ rowGap: 8 }}>
          <Form.Item label="任务" name="task" rules={[{ required: true, message: '请选择任务' }]}>
            <Select aria-label="分解的任务" style={{ width: 360 }} options={options} loading={tasks.loading} showSearch={{ optionFilterProp: 'label' }} placeholder="本县牵头或配合的任务" />
          </Form.Item>
          <Form.Item label="分解内容" name="part">
            <Input aria-label="分解内容" placeholder="如：示范村 2 个（可不填）" style={{ width: 200 }} maxLength={200} />
          </Form.Item>
          <Form.Item label="责任单位" name="unit" rules={[{ required: true, message: '请填写责任单位' }]}>
            <Input aria-label="责任单位" placeholder="如：寿春镇人民政府" style={{ width: 180 }} maxLength={60} />
          </Form.Item>
          <Form.Item name="unitKind">
            <Select
              aria-label="单位类别"
              style={{ width: 110 }}
              options={Object.entries(UNIT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="完成时限" name="deadline">
            <DatePicker aria-label="完成时限" placeholder="默认同任务时限" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            添加分工
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">责任分工由录入员或管理员填写。</Typography.Text>
      )}
      <Table<Responsibility>
        size="small"
        rowKey="id"
        pagination={false}
        aria-label="责任分工"
        dataSource={view.responsibilities}
        locale={{ emptyText: '尚未把任务分解到县直部门或乡镇' }}
        columns={[
          { title: '任务', width: 320, render: (_, r) => `${r.task}. ${titles.get(r.task)?.title ?? ''}` },
          { title: '分解内容', dataIndex: 'part', render: (part: string) => part || '全部' },
          { title: '责任单位', dataIndex: 'unit' },
          { title: '类别', width: 90, render: (_, r) => <Tag>{UNIT_KIND_LABELS[r.unitKind]}</Tag> },
          {
            title: '完成时限',
            width: 170,
            render: (_, r) => (r.deadline ? formatChineseDate(r.deadline) : `同任务（${titles.get(r.task)?.deadlineText ?? ''}）`),
          },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  width: 80,
                  render: (_: unknown, r: Responsibility) => (
                    <Button size="small" type="link" danger onClick={() => setRemoving(r)} aria-label={`撤销${r.unit}的第 ${r.task} 项任务分工`}>
                      撤销
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {removing && <RemoveDialog responsibility={removing} onClose={() => setRemoving(null)} onRemoved={onChanged} />}
    </Space>
  );
}

function RemoveDialog({ responsibility: r, onClose, onRemoved }: { responsibility: Responsibility; onClose: () => void; onRemoved: (view: PlanView) => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [reason, setReason] = useState('');
  const remove = async () => {
    const result = await bridge.invoke('countyPlan.unassign', { id: r.id, reason });
    if (result.ok) {
      onRemoved(result.value);
      onClose();
      void message.success('责任分工已撤销');
    } else void message.error(result.error.message, 8);
  };
  return (
    <Modal open title={`撤销${r.unit}的第 ${r.task} 项任务分工`} okText="撤销" okButtonProps={{ danger: true }} cancelText="取消" onOk={() => void remove()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">撤销记入账本，须写明原因。</Typography.Paragraph>
      <Input.TextArea aria-label="撤销原因" rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：改由县交通运输局牵头" />
    </Modal>
  );
}
