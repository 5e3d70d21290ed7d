import { Button, Descriptions, Drawer, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatChineseDateTime } from '../../../../shared/dates';
import { journalKindLabel } from '../../../../shared/domain/journal-labels';
import { displayFieldValue, LISTS } from '../../../../shared/domain/registry';
import { fenToYuanString } from '../../../../shared/money';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { usePackYears } from '../../usePackYears';
import { useMessage } from '../../useMessage';

/** A subject's fields, its facts by year, and its journal history (who changed what from what). */
export function SubjectDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const detail = useCall('registry.get', { id });
  const pack = usePackYears();
  const [chosenYear, setYear] = useState<number | null>(null);
  // opens on the active pack's year; any year stays enterable (the year before the pack's first
  // is the baseline the growth check compares a claim with)
  const year = chosenYear ?? pack?.defaultYear ?? null;
  const [values, setValues] = useState<Record<string, string>>({});
  const saveFacts = async () => {
    const row = detail.value?.row;
    if (!row || year === null) return;
    const result = await bridge.invoke('registry.setFacts', { id, expectedRevision: row.revision, year, values });
    if (result.ok) {
      void message.success(`${year} 年度数据已保存`);
      setValues({});
      void detail.reload();
    } else void message.error(result.error.message, 6);
  };
  const row = detail.value?.row;
  const def = row ? LISTS[row.list] : null;
  return (
    <Drawer open width={720} title={row ? String(row.fields.name ?? '') : '主体详情'} onClose={onClose}>
      {row && def && (
        <>
          <Descriptions column={2} size="small" bordered>
            {def.fields
              .filter((f) => !f.fact && f.key !== 'year')
              .map((f) => (
                <Descriptions.Item key={f.key} label={f.header}>
                  {displayFieldValue(f, row.fields[f.key])}
                </Descriptions.Item>
              ))}
          </Descriptions>
          {row.flags.length > 0 && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              {row.flags.map((f) => (
                <Tag key={f} color="orange">
                  {f}
                </Tag>
              ))}
            </Typography.Paragraph>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            各年度数据
          </Typography.Title>
          <Table
            size="small"
            rowKey="year"
            pagination={false}
            dataSource={Object.entries(row.facts).map(([year, values]) => ({ year, ...values }))}
            locale={{ emptyText: '暂无年度数据' }}
            columns={[
              { title: '年度', dataIndex: 'year' },
              ...def.fields.filter((f) => f.fact).map((f) => ({ title: f.header, dataIndex: f.key, render: (v?: number) => (v === undefined ? '' : fenToYuanString(v)) })),
            ]}
          />
          {def.fields.some((f) => f.fact) && (
            <Space wrap style={{ marginTop: 8 }}>
              <span>录入年度数据：</span>
              <InputNumber aria-label="数据年度" value={year} min={2015} max={2035} onChange={(v) => setYear(v ?? year)} suffix="年" />
              {def.fields
                .filter((f) => f.fact)
                .map((f) => (
                  <Input key={f.key} aria-label={f.header} placeholder={f.header} style={{ width: 220 }} value={values[f.key] ?? ''} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} />
                ))}
              <Button onClick={() => void saveFacts()}>保存年度数据</Button>
            </Space>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            修改记录
          </Typography.Title>
          <Table
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={detail.value?.history ?? []}
            columns={[
              { title: '账本序号', dataIndex: 'seq', width: 90 },
              { title: '时间', dataIndex: 'at', width: 150, render: formatChineseDateTime },
              { title: '操作人', dataIndex: 'actor', width: 130 },
              { title: '操作', dataIndex: 'kind', width: 130, render: journalKindLabel },
              { title: '变更', render: (_, h) => h.changes.map((c) => `${c.field}：${c.before || '（空）'} → ${c.after || '（空）'}`).join('；') },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
