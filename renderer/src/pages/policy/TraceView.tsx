import { Card, Descriptions, Tag, Timeline, Typography } from 'antd';
import type { CaseOutcome } from '../../../../shared/domain/rules';
import { formatYuan } from '../../../../shared/money';

const yuanText = (fen: number | null) => (fen === null ? '待本县设定分档后确定' : formatYuan(fen));

export function TraceView({ outcome }: { outcome: CaseOutcome }) {
  if ('error' in outcome) {
    return (
      <Card size="small" title="试算结果">
        <Typography.Text type="danger">{outcome.error.message}</Typography.Text>
      </Card>
    );
  }
  return (
    <Card size="small" title="试算结果" aria-label="试算结果">
      <Descriptions column={3} size="small">
        <Descriptions.Item label="结论">
          {outcome.eligible ? <Tag color="success">符合条件</Tag> : <Tag color="error">不符合条件</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="金额">{outcome.eligible ? yuanText(outcome.amountFen) : formatYuan(0)}</Descriptions.Item>
        <Descriptions.Item label="上限">{outcome.maxAmountFen === null ? '—' : formatYuan(outcome.maxAmountFen)}</Descriptions.Item>
      </Descriptions>
      <Timeline
        items={outcome.trace.map((step) => ({
          color: step.passed === false ? 'red' : step.passed === null ? 'gray' : 'green',
          content: (
            <div>
              <div>{step.text}</div>
              {step.clause && <Typography.Text type="secondary">依据：{step.clause}</Typography.Text>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
