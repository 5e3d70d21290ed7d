import { Button, Card, Descriptions, Empty, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { currentParameterText } from '../../../../shared/domain/policy-text';
import type { EvaluationCase } from '../../../../shared/domain/rules';
import { formatYuan } from '../../../../shared/money';
import { useBridge } from '../../useBridge';
import { useMessage } from '../../useMessage';

type PolicyView = MethodOutput<'policy.get'>;
type Report = MethodOutput<'rules.whatIf'>;

const UNIT_HINTS: Record<string, string> = { fen: '元', 'usd-cents': '美元', 'basis-points': '%', flag: '是/否', choice: '' };

/** What if a parameter were different: the same cases under the changed value, compared. */
export function WhatIfCard({ policy, cases, onClear }: { policy: PolicyView; cases: EvaluationCase[]; onClear: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [parameterId, setParameterId] = useState(policy.parameters[0]?.id ?? '');
  const [value, setValue] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const parameter = policy.parameters.find((p) => p.id === parameterId);

  const run = async () => {
    const result = await bridge.invoke('rules.whatIf', { cases, overrides: [{ parameter: parameterId, value }] });
    if (result.ok) setReport(result.value);
    else void message.error(result.error.message, 8);
  };

  return (
    <Card size="small" title={`假设分析（清单中 ${cases.length} 个案例）`} extra={<Button size="small" onClick={onClear} disabled={cases.length === 0}>清空清单</Button>}>
      {cases.length === 0 ? (
        <Empty description="在上方填好案例后点击“加入假设分析清单”" />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <span>把参数</span>
            <Select aria-label="假设参数" style={{ width: 320 }} value={parameterId} onChange={setParameterId} options={policy.parameters.map((p) => ({ value: p.id, label: p.label }))} />
            <span>（现为 {parameter ? currentParameterText(parameter) : ''}）改为</span>
            <Input aria-label="假设取值" style={{ width: 160 }} value={value} suffix={parameter ? UNIT_HINTS[parameter.unit] : ''} onChange={(e) => setValue(e.target.value)} />
            <Button type="primary" onClick={() => void run()}>
              分析
            </Button>
          </Space>
          {report && (
            <>
              <Descriptions bordered size="small" column={3}>
                <Descriptions.Item label="现行：符合条件">{report.before.eligible} 个</Descriptions.Item>
                <Descriptions.Item label="假设：符合条件">{report.after.eligible} 个</Descriptions.Item>
                <Descriptions.Item label="变化">{signed(report.delta.eligible)} 个</Descriptions.Item>
                <Descriptions.Item label="现行：金额合计">{formatYuan(report.before.totalFen)}</Descriptions.Item>
                <Descriptions.Item label="假设：金额合计">{formatYuan(report.after.totalFen)}</Descriptions.Item>
                <Descriptions.Item label="变化">{report.delta.totalFen >= 0 ? '+' : ''}{formatYuan(report.delta.totalFen)}</Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={report.changed}
                locale={{ emptyText: '没有案例的结果发生变化' }}
                columns={[
                  { title: '案例', dataIndex: 'id' },
                  { title: '现行', render: (_, c) => summary(c.before) },
                  { title: '假设', render: (_, c) => summary(c.after) },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Card>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
function summary(s: { eligible: boolean; amountFen: number | null }): string {
  if (!s.eligible) return '不符合';
  return s.amountFen === null ? '符合（金额待定）' : `符合，${formatYuan(s.amountFen)}`;
}
