import { Alert, Button, Card, Input, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { chinaToday, formatChineseDate } from '../../../../shared/dates';
import { type CountyReading, READING_KINDS, type ReadingKind } from '../../../../shared/domain/readings';
import { useHasRole } from '../../auth/AuthGate';
import { useBridge } from '../../useBridge';
import { useMessage } from '../../useMessage';

// 本县解读与设置: each choice the plan leaves to the county, with what the plan does and does not
// say (the pack's explanation, never the plan's own words), the county's choice and who confirmed
// it. Until confirmed the pack's default applies and every trace and report says so.

const KIND_INTRO: Record<ReadingKind, string> = {
  reading: '方案未作规定、由本县解释的事项：影响指标怎样统计、奖励能否重复获得。',
  setting: '方案未逐项规定、由本县安排的事项：各项奖补从哪项资金列支（审批时核对该资金的年度预算余额）。',
};

export function ReadingsTab({ readings: list, onSaved }: { readings: CountyReading[] | null; onSaved: (list: CountyReading[]) => void }) {
  const canDecide = useHasRole('admin', 'director');
  if (!list) return <Spin style={{ margin: 24 }} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Text type="secondary">
        下列事项方案没有规定，由本县决定。确认前按政策包的默认取值执行，判定过程、公示和季度报告都注明“默认，本县尚未确认”；确认和修改都记入账本。
      </Typography.Text>
      {!canDecide && <Alert type="info" showIcon title="本县解读与设置由管理员或审批人确认或修改；您可以查看当前取值。" />}
      {(Object.keys(READING_KINDS) as ReadingKind[]).map((kind) => {
        const ofKind = list.filter((r) => r.kind === kind);
        if (ofKind.length === 0) return null;
        const open = ofKind.filter((r) => r.setBy === null).length;
        return (
          <section key={kind} aria-label={READING_KINDS[kind]}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {READING_KINDS[kind]}（{ofKind.length} 项{open ? `，${open} 项尚未确认` : '，均已确认'}）
            </Typography.Title>
            <Typography.Paragraph type="secondary">{KIND_INTRO[kind]}</Typography.Paragraph>
            <Space orientation="vertical" style={{ width: '100%' }} size="small">
              {ofKind.map((r) => (
                <ReadingCard key={`${r.id}-${r.value}-${r.setAt ?? ''}`} reading={r} canDecide={canDecide} onSaved={onSaved} />
              ))}
            </Space>
          </section>
        );
      })}
    </Space>
  );
}

function ReadingStatus({ reading }: { reading: CountyReading }) {
  if (reading.setBy === null || reading.setAt === null) {
    return (
      <Typography.Text type="warning" aria-label={`${reading.label}状态`}>
        默认，本县尚未确认
      </Typography.Text>
    );
  }
  return (
    <Typography.Text type="success" aria-label={`${reading.label}状态`}>
      确认人 {reading.setBy}，{formatChineseDate(chinaToday(reading.setAt))}
    </Typography.Text>
  );
}

function ReadingCard({ reading, canDecide, onSaved }: { reading: CountyReading; canDecide: boolean; onSaved: (list: CountyReading[]) => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [value, setValue] = useState(reading.value);
  const [note, setNote] = useState(reading.note);
  const [saving, setSaving] = useState(false);
  const confirmed = reading.setBy !== null;
  const changed = value !== reading.value || note.trim() !== reading.note;

  const save = async () => {
    setSaving(true);
    const result = await bridge.invoke('readings.set', { id: reading.id, value, ...(note.trim() ? { note: note.trim() } : {}) });
    setSaving(false);
    if (result.ok) {
      onSaved(result.value);
      void message.success(`已${confirmed ? '保存' : '确认'}：${reading.label}`);
    } else void message.error(result.error.message, 8);
  };

  return (
    <Card size="small" title={reading.label} extra={<ReadingStatus reading={reading} />} aria-label={reading.label}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Tag>系统说明</Tag>
        <Typography.Text type="secondary">{reading.why}</Typography.Text>
      </Typography.Paragraph>
      <Space wrap>
        <span>本县取值</span>
        <Select
          aria-label={`${reading.label}取值`}
          style={{ minWidth: 300 }}
          value={value}
          disabled={!canDecide}
          onChange={setValue}
          options={Object.entries(reading.options).map(([key, label]) => ({ value: key, label }))}
        />
        <Input
          aria-label={`${reading.label}说明`}
          style={{ width: 300 }}
          placeholder={canDecide ? '说明（可选），如：经局务会研究确定' : '无说明'}
          value={note}
          maxLength={500}
          disabled={!canDecide}
          onChange={(e) => setNote(e.target.value)}
        />
        {canDecide && (
          <Button type={confirmed ? 'default' : 'primary'} loading={saving} disabled={confirmed && !changed} onClick={() => void save()}>
            {confirmed ? '保存' : '确认'}
          </Button>
        )}
      </Space>
    </Card>
  );
}
