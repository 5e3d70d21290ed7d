import { Table, Tag, Typography } from 'antd';
import type { MethodOutput } from '../../../../shared/contract';
import { currentParameterText, describeAward, describeCondition } from '../../../../shared/domain/policy-text';
import { type CountyReading, readingText } from '../../../../shared/domain/readings';
import { FREQUENCY_LABELS, SUBJECT_TYPE_LABELS, type Parameter, type Rule } from '../../../../shared/domain/rules';

type PolicyView = MethodOutput<'policy.get'>;

/** A name with its stable id beneath it, as the pack and the CLI spell it. */
const NamedId = ({ name, id }: { name: string; id: string }) => (
  <>
    <div>{name}</div>
    <Typography.Text type="secondary" code>
      {id}
    </Typography.Text>
  </>
);

/** A clause: its section and the plan's own words. */
const ClauseText = ({ clause }: { clause: { section: string; quote: string } }) => (
  <>
    <Tag>{clause.section}</Tag>
    {clause.quote}
  </>
);

/**
 * How often a rule pays and from which fund. Where the plan is silent these are the county's
 * (本县解读 / 本县设置, as confirmed or still the pack's default), not the pack's frequency.
 */
function FrequencyAndFund({ rule, readings }: { rule: Rule; readings: ReadonlyMap<string, CountyReading> }) {
  const frequency = readings.get(`frequency:${rule.id}`);
  const fund = readings.get(`fund:${rule.id}`);
  return (
    <>
      <div aria-label={`${rule.title}频次`}>{frequency ? readingText(frequency) : FREQUENCY_LABELS[rule.frequency]}</div>
      {fund && (
        <Typography.Text type="secondary" aria-label={`${rule.title}列支资金`}>
          {readingText(fund)}
        </Typography.Text>
      )}
    </>
  );
}

export function RulesTab({ policy, readings }: { policy: PolicyView; readings: readonly CountyReading[] }) {
  const byId = new Map(readings.map((r) => [r.id, r]));
  return (
    <Table<Rule>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={policy.rules}
      columns={[
        { title: '规则', dataIndex: 'title', width: 200, render: (title: string, r) => <NamedId name={title} id={r.id} /> },
        { title: '条款', width: 220, render: (_, r) => <ClauseText clause={r.clause} /> },
        { title: '适用主体', width: 120, render: (_, r) => r.subjectTypes.map((t) => SUBJECT_TYPE_LABELS[t]).join('、') },
        { title: '频次与列支资金', width: 200, render: (_, r) => <FrequencyAndFund rule={r} readings={byId} /> },
        {
          title: '条件',
          render: (_, r) => (r.conditions.length === 0 ? '县区属贫困县或含行蓄洪区' : r.conditions.map((c) => describeCondition(c, policy.facts, policy.parameters)).join('；')),
        },
        { title: '金额', width: 200, render: (_, r) => describeAward(r, policy.parameters) },
      ]}
      // a rule's note is the pack's reading beside the clause, never the plan's words
      expandable={{
        expandedRowRender: (r) => (
          <>
            <Tag>系统说明</Tag>
            {r.note}
          </>
        ),
        rowExpandable: (r) => Boolean(r.note),
      }}
    />
  );
}

export function ParametersTab({ policy }: { policy: PolicyView }) {
  return (
    <Table<Parameter>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={policy.parameters}
      columns={[
        { title: '参数', dataIndex: 'label', width: 240, render: (label: string, p) => <NamedId name={label} id={p.id} /> },
        { title: '取值（生效日期）', width: 240, render: (_, p) => currentParameterText(p) },
        { title: '条款依据', render: (_, p) => <ClauseText clause={p.clause} /> },
        { title: '系统说明', dataIndex: 'note', width: 260 },
      ]}
    />
  );
}
