import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useMemo, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { ruleFacts } from '../../../../shared/domain/policy-text';
import { type CaseOutcome, type EvaluationCase, SUBJECT_TYPE_LABELS } from '../../../../shared/domain/rules';
import { chinaToday } from '../../../../shared/dates';
import { defaultPackYear } from '../../packYears';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { TraceView } from './TraceView';
import { WhatIfCard } from './WhatIfCard';
import { useMessage } from '../../useMessage';

type PolicyView = MethodOutput<'policy.get'>;

/** A clerk enters facts and sees the engine's decision and its reasons, clause by clause. */
export function TesterTab({ policy }: { policy: PolicyView }) {
  const bridge = useBridge();
  const message = useMessage();
  const install = useCall('install.get', {});
  const counties = useCall('counties.list', {});
  const [ruleId, setRuleId] = useState(policy.rules[0]?.id ?? '');
  const rule = policy.rules.find((r) => r.id === ruleId);
  const [subjectType, setSubjectType] = useState<string | undefined>();
  const [county, setCounty] = useState<string | undefined>();
  // the page already holds the active pack: its default year without another call
  const [year, setYear] = useState(() => defaultPackYear(policy.active.years, chinaToday(Date.now())));
  const [facts, setFacts] = useState<Record<string, string | boolean>>({});
  const [awardedBefore, setAwardedBefore] = useState(false);
  const [awardedYear, setAwardedYear] = useState(year);
  const [outcome, setOutcome] = useState<CaseOutcome | null>(null);
  const [whatIfCases, setWhatIfCases] = useState<EvaluationCase[]>([]);

  const factIds = useMemo(() => (rule ? ruleFacts(rule) : []), [rule]);
  const installCounty = install.value?.role?.role === 'county' ? install.value.role.county : undefined;
  const chosenCounty = county ?? installCounty ?? counties.value?.[0]?.code ?? '';
  const chosenSubject = subjectType && rule?.subjectTypes.includes(subjectType as never) ? subjectType : (rule?.subjectTypes[0] ?? '');

  const buildCase = (id: string): EvaluationCase => ({
    id,
    rule: ruleId,
    year,
    subject: { type: chosenSubject, county: chosenCounty },
    facts: Object.fromEntries(factIds.map((f) => [f, facts[f] ?? (policy.facts.find((d) => d.id === f)?.type === 'boolean' ? false : '')])),
    ...(awardedBefore ? { previousAwards: [{ rule: ruleId, year: awardedYear, ...(typeof facts.course === 'string' && facts.course ? { course: facts.course } : {}) }] } : {}),
  });

  const evaluate = async () => {
    const result = await bridge.invoke('rules.evaluate', buildCase('试算'));
    if (result.ok) setOutcome(result.value);
    else void message.error(result.error.message, 8);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title="规则试算">
        <Form layout="vertical">
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="规则">
                <Select
                  aria-label="规则"
                  value={ruleId}
                  onChange={(v) => {
                    setRuleId(v);
                    setOutcome(null);
                  }}
                  options={policy.rules.map((r) => ({ value: r.id, label: `${r.title}（${r.clause.section}）` }))}
                />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label="主体类型">
                <Select aria-label="主体类型" value={chosenSubject} onChange={setSubjectType} options={(rule?.subjectTypes ?? []).map((t) => ({ value: t, label: SUBJECT_TYPE_LABELS[t] }))} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="所属县区">
                <Select aria-label="所属县区" value={chosenCounty} onChange={setCounty} options={(counties.value ?? []).map((c) => ({ value: c.code, label: c.name }))} />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label="年度">
                <InputNumber aria-label="年度" value={year} min={2000} max={2100} onChange={(v) => setYear(v ?? year)} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            {factIds.map((id) => {
              const definition = policy.facts.find((f) => f.id === id);
              if (!definition) return null;
              return (
                <Col span={8} key={id}>
                  <Form.Item label={definition.label}>
                    {definition.type === 'boolean' ? (
                      <Switch aria-label={definition.label} checkedChildren="是" unCheckedChildren="否" checked={facts[id] === true} onChange={(v) => setFacts({ ...facts, [id]: v })} />
                    ) : (
                      <Input
                        aria-label={definition.label}
                        value={typeof facts[id] === 'string' ? (facts[id] as string) : ''}
                        suffix={definition.type === 'usd' ? '美元' : definition.type === 'yuan' ? '元' : undefined}
                        placeholder={definition.type === 'text' ? '选填' : '例如 50000 或 50,000.00'}
                        onChange={(e) => setFacts({ ...facts, [id]: e.target.value })}
                      />
                    )}
                  </Form.Item>
                </Col>
              );
            })}
          </Row>
          <Space wrap>
            <Checkbox checked={awardedBefore} onChange={(e) => setAwardedBefore(e.target.checked)}>
              该主体此前已获本项奖补，年度
            </Checkbox>
            <InputNumber aria-label="此前获奖年度" disabled={!awardedBefore} value={awardedYear} onChange={(v) => setAwardedYear(v ?? awardedYear)} />
            <Button type="primary" onClick={() => void evaluate()}>
              试算
            </Button>
            <Button
              onClick={() => {
                setWhatIfCases((list) => [...list, buildCase(`案例${list.length + 1}`)]);
                void message.success('已加入假设分析清单');
              }}
            >
              加入假设分析清单
            </Button>
          </Space>
        </Form>
      </Card>
      {outcome && <TraceView outcome={outcome} />}
      <WhatIfCard policy={policy} cases={whatIfCases} onClear={() => setWhatIfCases([])} />
    </Space>
  );
}
