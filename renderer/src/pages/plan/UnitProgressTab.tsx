import { Card, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { formatChineseDate } from '../../../../shared/dates';
import { useCall } from '../../useCall';
import { LightTag } from '../LightTag';
import { UNIT_KIND_LABELS } from './ResponsibilitiesTab';

// 按责任单位查看进度: each department and town with the tasks given to it and each task's light in
// the chosen quarter (the light is the task's: the plan judges the county, not its units).

type UnitTask = MethodOutput<'countyPlan.byUnit'>[number]['tasks'][number];

export function UnitProgressTab({ revision }: { revision: string }) {
  const quarters = useCall('progress.quarters', {});
  const [quarter, setQuarter] = useState<string | null>(null);
  useEffect(() => {
    if (!quarter && quarters.value) setQuarter(quarters.value.find((q) => q.current)?.quarter ?? quarters.value.at(-1)?.quarter ?? null);
  }, [quarter, quarters.value]);
  const units = useCall('countyPlan.byUnit', quarter ? { quarter } : null);
  const { reload } = units;
  // a responsibility added or removed on the other tab changes who is listed (the first load is useCall's)
  const seen = useRef(revision);
  useEffect(() => {
    if (seen.current === revision) return;
    seen.current = revision;
    void reload();
  }, [revision, reload]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>季度</Typography.Text>
        <Select
          aria-label="查看进度的季度"
          style={{ width: 190 }}
          value={quarter}
          onChange={setQuarter}
          options={quarters.value?.map((q) => ({ value: q.quarter, label: q.state === 'closed' ? `${q.label}（已关闭）` : q.label })) ?? []}
        />
        <Typography.Text type="secondary">状态为该任务在本季度的状态（方案按县区考核），鼠标停在状态上可看原因。</Typography.Text>
      </Space>
      {!units.value ? (
        <Spin />
      ) : units.value.length === 0 ? (
        <Empty description="尚未把任务分解到县直部门或乡镇" />
      ) : (
        units.value.map((u) => (
          <Card
            key={`${u.unitKind}:${u.unit}`}
            size="small"
            aria-label={u.unit}
            title={
              <Space>
                {u.unit}
                <Tag>{UNIT_KIND_LABELS[u.unitKind]}</Tag>
              </Space>
            }
          >
            <Table<UnitTask>
              size="small"
              rowKey={(t) => `${t.no}-${t.part}`}
              pagination={false}
              dataSource={u.tasks}
              columns={[
                { title: '任务', render: (_, t) => `${t.no}. ${t.title}` },
                { title: '分解内容', width: 220, render: (_, t) => t.part || '全部' },
                { title: '完成时限', width: 150, render: (_, t) => (t.deadline ? formatChineseDate(t.deadline) : '—') },
                { title: '状态', width: 110, render: (_, t) => <LightTag light={t.light} title={t.reason} /> },
              ]}
            />
          </Card>
        ))
      )}
    </Space>
  );
}
