import { Table, Tag, Typography } from 'antd';
import type { MethodOutput } from '../../../../shared/contract';
import { currentParameterText, describeAward, describeCondition } from '../../../../shared/domain/policy-text';
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

export function RulesTab({ policy }: { policy: PolicyView }) {
  return (
    <Table<Rule>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={policy.rules}
      columns={[
        { title: '规则', dataIndex: 'title', width: 200, render: (title: string, r) => <NamedId name={title} id={r.id} /> },
        { title: '条款', width: 260, render: (_, r) => <ClauseText clause={r.clause} /> },
        { title: '适用主体', width: 120, render: (_, r) => r.subjectTypes.map((t) => SUBJECT_TYPE_LABELS[t]).join('、') },
        { title: '频次', width: 130, render: (_, r) => FREQUENCY_LABELS[r.frequency] },
        {
          title: '条件',
          render: (_, r) => (r.conditions.length === 0 ? '县区属贫困县或含行蓄洪区' : r.conditions.map((c) => describeCondition(c, policy.facts, policy.parameters)).join('；')),
        },
        { title: '金额', width: 240, render: (_, r) => describeAward(r, policy.parameters) },
      ]}
      expandable={{ expandedRowRender: (r) => r.note ?? '', rowExpandable: (r) => Boolean(r.note) }}
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
        { title: '说明', dataIndex: 'note', width: 260 },
      ]}
    />
  );
}
