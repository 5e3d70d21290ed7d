import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { type ClaimFacts, RULE_LISTS } from '../../../../shared/domain/claims';
import { LISTS, type ListId } from '../../../../shared/domain/registry';
import { formatYuan } from '../../../../shared/money';
import { useHasRole } from '../../auth/AuthGate';
import { useNavFilter } from '../../navigation';
import { PageTitle } from '../../PageTitle';
import { useBridge } from '../../useBridge';
import { useCall } from '../../useCall';
import { MissingSettingAlert } from './MissingSetting';
import { AmountInput, typedFacts } from '../../TypedInputs';
import { type PackYears, usePackYears } from '../../usePackYears';
import { BudgetTab, PaymentsTab, ReportsTab } from './MoneyTabs';
import { ClaimDrawer } from './ClaimDrawer';
import { ClaimList, type ClaimListState, initialListState } from './ClaimList';
import { NoticesTab } from './NoticesTab';
import { useMessage } from '../../useMessage';

/** 申报与拨付: claims from the clerk's draft to the payment, with 公示, budget and reports. */
export function ClaimsPage() {
  const pack = usePackYears();
  // every tab is for one year: wait for the pack's years rather than load a guessed one
  if (!pack) return <div className="page" />;
  return <YearClaims pack={pack} />;
}

function YearClaims({ pack }: { pack: PackYears }) {
  const filter = useNavFilter();
  const [year, setYear] = useState(filter.year ?? pack.defaultYear);
  const navMonth = filter.month && filter.year ? `${filter.year}-${String(filter.month).padStart(2, '0')}` : null;
  const [list, setList] = useState<ClaimListState>(() => initialListState({ claimState: filter.claimState, month: navMonth }));
  const [openId, setOpenId] = useState<string | null>(null);
  const [lastOpened, setLastOpened] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const canCreate = useHasRole('clerk');
  const reload = () => setVersion((v) => v + 1);
  const open = (id: string) => {
    setOpenId(id);
    setLastOpened(id);
  };

  return (
    <div className="page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <PageTitle>申报与拨付</PageTitle>
        <Space>
          <span>年度</span>
          <Select
            aria-label="年度"
            value={year}
            onChange={(y) => {
              setYear(y);
              setList({ ...list, month: null, page: 1 });
            }}
            options={pack.years.map((y) => ({ value: y, label: `${y}年` }))}
            style={{ width: 100 }}
          />
        </Space>
      </Space>
      <Tabs
        items={[
          {
            key: 'claims',
            label: '申报',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                {canCreate && (
                  <Button type="primary" onClick={() => setCreating(true)}>
                    新建申报
                  </Button>
                )}
                {list.month && (
                  <Alert
                    type="info"
                    showIcon
                    title={`仅显示 ${list.month.replace('-', '年').replace(/年0?/, '年')}月 审批或拨付的申报`}
                    action={
                      <Button size="small" onClick={() => setList({ ...list, month: null, page: 1 })}>
                        显示全部
                      </Button>
                    }
                  />
                )}
                <ClaimList year={year} state={list} onState={setList} current={lastOpened} onOpen={open} version={version} />
              </Space>
            ),
          },
          { key: 'notices', label: '公示', children: <NoticesTab year={year} version={version} onChanged={reload} /> },
          { key: 'budget', label: '预算', children: <BudgetTab year={year} /> },
          { key: 'payments', label: '拨付', children: <ApprovedClaims year={year} version={version} onChanged={reload} /> },
          { key: 'reports', label: '统计报表', children: <ReportsTab year={year} /> },
        ]}
      />
      {creating && (
        <NewClaimModal
          year={year}
          onClose={(id) => {
            setCreating(false);
            reload();
            if (id) open(id);
          }}
        />
      )}
      {openId && (
        <ClaimDrawer
          id={openId}
          onClose={() => {
            setOpenId(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

/** 拨付 needs the approved, unpaid claims only: asked of the core by state, not the whole year. */
function ApprovedClaims({ year, version, onChanged }: { year: number; version: number; onChanged: () => void }) {
  const approved = useCall('claims.page', { year, states: ['approved'], limit: 500 });
  const { reload } = approved;
  useEffect(() => {
    if (version > 0) void reload();
  }, [version, reload]);
  return <PaymentsTab year={year} claims={approved.value?.rows ?? []} onChanged={onChanged} />;
}

type Prefill = MethodOutput<'claims.prefill'>;

function NewClaimModal({ year, onClose }: { year: number; onClose: (id: string | null) => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const policy = useCall('policy.get', {});
  const [rule, setRule] = useState<string | null>(null);
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [facts, setFacts] = useState<ClaimFacts>({});
  const [purchases, setPurchases] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const lists = (rule ? (RULE_LISTS[rule] ?? []) : []) as ListId[];
  const factDefs = policy.value?.facts ?? [];

  const search = async (query: string) => {
    const found = await Promise.all(lists.map((list) => bridge.invoke('registry.list', { list, ...(query ? { query } : {}), limit: 50 })));
    setOptions(found.flatMap((r) => (r.ok ? r.value : [])).map((s) => ({ value: s.id, label: `${String(s.fields.name ?? '')}（${LISTS[s.list].label}${s.fields.town ? `，${String(s.fields.town)}` : ''}）` })));
  };
  useEffect(() => {
    setSubjectId(null);
    setPrefill(null);
    if (rule) void search('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rule]);
  useEffect(() => {
    if (!rule || !subjectId) return;
    void bridge.invoke('claims.prefill', { rule, subjectId, year }).then((r) => {
      if (r.ok) {
        setPrefill(r.value);
        setFacts(r.value.facts);
        setPurchases(r.value.purchases.filter((p) => !p.claimId).map((p) => p.id));
      } else void message.error(r.error.message);
    });
  }, [bridge, message, rule, subjectId, year]);

  const ruleDef = policy.value?.rules.find((r) => r.id === rule);
  const shownFacts = ruleDef ? Object.keys(prefill?.facts ?? {}).concat(factDefs.filter((f) => !(f.id in (prefill?.facts ?? {})) && JSON.stringify(ruleDef).includes(`"${f.id}"`)).map((f) => f.id)) : [];
  const changed = prefill ? shownFacts.filter((k) => k !== 'purchaseFromPoor' && facts[k] !== prefill.facts[k]) : [];

  const create = async () => {
    if (!rule || !subjectId) return;
    let typed: ClaimFacts;
    try {
      typed = typedFacts(facts, factDefs);
    } catch (error) {
      return void message.error(error instanceof Error ? error.message : String(error), 8);
    }
    const result = await bridge.invoke('claims.create', { rule, subjectId, year, facts: typed, ...(rule === 'poverty-purchase' ? { purchases } : {}), ...(reason ? { reason } : {}) });
    if (result.ok) {
      void message.success(`已录入申报 ${result.value.no}`);
      onClose(result.value.id);
    } else void message.error(result.error.message, 8);
  };

  return (
    <Modal open title={`新建 ${year} 年度申报`} width={720} okText="保存为草稿" cancelText="取消" onOk={() => void create()} onCancel={() => onClose(null)} okButtonProps={{ disabled: !subjectId }}>
      <Form layout="vertical">
        <Form.Item label="奖补项目">
          <Select
            aria-label="奖补项目"
            value={rule}
            onChange={setRule}
            options={(policy.value?.rules ?? []).filter((r) => RULE_LISTS[r.id]).map((r) => ({ value: r.id, label: `${r.title}（${r.clause.section}）` }))}
          />
        </Form.Item>
        <MissingSettingAlert policy={policy.value} rule={rule} />
        {rule && (
          <Form.Item label="受益主体" extra={`从「受益主体」中的${lists.map((l) => LISTS[l].label).join('、')}名单选择，可输入名称或拼音首字母搜索`}>
            <Select aria-label="受益主体" showSearch filterOption={false} onSearch={(q) => void search(q)} value={subjectId} onChange={setSubjectId} options={options} />
          </Form.Item>
        )}
        {prefill &&
          shownFacts.map((id) => {
            const def = factDefs.find((f) => f.id === id);
            const value = facts[id];
            if (id === 'purchaseFromPoor') return null;
            return (
              <Form.Item key={id} label={def?.label ?? id} extra={prefill.facts[id] !== undefined ? '已按受益主体名单中的数据填写' : undefined}>
                {def?.type === 'boolean' ? (
                  <Switch aria-label={def.label} checked={value === true} checkedChildren="是" unCheckedChildren="否" onChange={(v) => setFacts({ ...facts, [id]: v })} />
                ) : (
                  def?.type === 'yuan' || def?.type === 'usd' ? (
                    <AmountInput aria-label={def.label} value={typeof value === 'string' ? value : ''} width={200} placeholder={def.type === 'usd' ? '美元，如 50000' : '如 300000 或 30万'} onChange={(v) => setFacts({ ...facts, [id]: v })} />
                  ) : (
                    <Input aria-label={def?.label ?? id} value={typeof value === 'string' ? value : ''} onChange={(e) => setFacts({ ...facts, [id]: e.target.value })} />
                  )
                )}
              </Form.Item>
            );
          })}
        {prefill && rule === 'poverty-purchase' && (
          <Form.Item label="用于本次申报的收购记录（同一记录只能支持一次申报）">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={prefill.purchases}
              rowSelection={{ selectedRowKeys: purchases, onChange: (keys) => setPurchases(keys as string[]), getCheckboxProps: (p) => ({ disabled: p.claimId !== null }) }}
              columns={[
                { title: '收购日期', dataIndex: 'date' },
                { title: '贫困户或贫困村', dataIndex: 'seller' },
                { title: '凭证号', dataIndex: 'voucherNo' },
                { title: '金额', align: 'right', render: (_, p) => formatYuan(p.amountFen) },
                { title: '', render: (_, p) => (p.claimId ? '已用于其他申报' : '') },
              ]}
            />
          </Form.Item>
        )}
        {changed.length > 0 && (
          <Form.Item label="修改原因" required help="改动了名单中的数据，须说明原因（记入台账）">
            <Input.TextArea aria-label="修改原因" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
          </Form.Item>
        )}
        {!prefill && rule && <Typography.Text type="secondary">选择受益主体后，将按名单中的年度数据预填事实。</Typography.Text>}
      </Form>
    </Modal>
  );
}
