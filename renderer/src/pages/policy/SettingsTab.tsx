import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { ClientSideRowModelModule, type ColDef, LocaleModule, ModuleRegistry, TextEditorModule } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { currentParameterText, formatPercent } from '../../../../shared/domain/policy-text';
import type { Rule, RuleSetting } from '../../../../shared/domain/rules';
import { fenToYuanString, parseYuanToFen } from '../../../../shared/money';
import { useHasRole } from '../../auth/AuthGate';
import { useBridge } from '../../useBridge';
import { useMessage } from '../../useMessage';

ModuleRegistry.registerModules([ClientSideRowModelModule, TextEditorModule, LocaleModule]);

type PolicyView = MethodOutput<'policy.get'>;
type TierRow = { index: number; atLeast: string; award: string };

/** A county sets its tier tables and rates here (administrator or director), within the city's caps (checked again in the core). */
export function SettingsTab({ policy, onSaved }: { policy: PolicyView; onSaved: () => void }) {
  const editable = policy.rules.filter((r) => r.award.type === 'tiered' || r.award.type === 'percentage');
  const canDecide = useHasRole('admin', 'director');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Text type="secondary">
        方案只规定了“以内”的上限，具体档次和比例由本县确定；未设定前只显示上限，相应的申报不能提交。保存前会核对上限，超过上限的设置不会被保存。
      </Typography.Text>
      {!canDecide && <Alert type="info" showIcon title="分档标准和比例由管理员或审批人设定；您可以查看当前设置。" />}
      {editable.map((rule) =>
        rule.award.type === 'tiered' ? (
          <TierEditor key={rule.id} rule={rule} policy={policy} onSaved={onSaved} canDecide={canDecide} />
        ) : (
          <RateEditor key={rule.id} rule={rule} policy={policy} onSaved={onSaved} canDecide={canDecide} />
        ),
      )}
    </Space>
  );
}

function capText(rule: Rule, policy: PolicyView): string {
  const award = rule.award;
  const id = award.type === 'tiered' ? award.capParameter : award.type === 'percentage' ? award.capRateParameter : '';
  const parameter = policy.parameters.find((p) => p.id === id);
  return parameter ? currentParameterText(parameter) : '';
}

function TierEditor({ rule, policy, onSaved, canDecide }: { rule: Rule; policy: PolicyView; onSaved: () => void; canDecide: boolean }) {
  const bridge = useBridge();
  const message = useMessage();
  const basisFact = rule.award.type === 'tiered' ? rule.award.basisFact : '';
  const usd = policy.facts.find((f) => f.id === basisFact)?.type === 'usd';
  const saved = policy.settings.find((s): s is Extract<RuleSetting, { type: 'tiers' }> => s.rule === rule.id && s.type === 'tiers');
  const [rows, setRows] = useState<TierRow[]>(
    saved?.tiers.map((t, index) => ({ index, atLeast: fenToYuanString(t.atLeast), award: fenToYuanString(t.awardFen) })) ?? [],
  );
  const unit = usd ? '美元' : '元';
  const columns: ColDef<TierRow>[] = [
    { headerName: '档次', valueGetter: (p) => `第 ${(p.node?.rowIndex ?? 0) + 1} 档`, width: 100 },
    { field: 'atLeast', headerName: `起点（${unit}，含本数）`, editable: canDecide, flex: 1 },
    { field: 'award', headerName: '奖励（元）', editable: canDecide, flex: 1 },
  ];

  const save = async () => {
    const tiers: { atLeast: number; awardFen: number }[] = [];
    for (const [i, row] of rows.entries()) {
      try {
        tiers.push({ atLeast: parseYuanToFen(row.atLeast), awardFen: parseYuanToFen(row.award) });
      } catch (error) {
        void message.error(`第 ${i + 1} 档：${(error as Error).message}`);
        return;
      }
    }
    if (tiers.length === 0) {
      void message.error('请至少设置一档');
      return;
    }
    const result = await bridge.invoke('policy.saveSetting', { type: 'tiers', rule: rule.id, tiers });
    if (result.ok) {
      void message.success(`「${rule.title}」分档标准已保存`);
      onSaved();
    } else void message.error(result.error.message, 8);
  };

  return (
    <Card size="small" title={`${rule.title}（${rule.clause.section}）`} extra={<Tag color="gold">上限 {capText(rule, policy)}</Tag>}>
      <div style={{ height: 44 + 42 * Math.max(rows.length, 1) + 8 }} aria-label={`${rule.title}分档标准`}>
        <AgGridReact<TierRow>
          rowData={rows}
          columnDefs={columns}
          localeText={AG_GRID_LOCALE_CN}
          getRowId={(p) => String(p.data.index)}
          stopEditingWhenCellsLoseFocus
          onCellValueChanged={(e) => setRows((current) => current.map((r) => (r.index === e.data.index ? { ...e.data } : r)))}
          overlayNoRowsTemplate={canDecide ? '尚未设置分档，点击“添加一档”' : '尚未设置分档'}
        />
      </div>
      {canDecide && (
        <Space style={{ marginTop: 8 }}>
          <Button onClick={() => setRows((r) => [...r, { index: Math.max(-1, ...r.map((x) => x.index)) + 1, atLeast: '', award: '' }])}>添加一档</Button>
          <Button disabled={rows.length === 0} onClick={() => setRows((r) => r.slice(0, -1))}>
            删除末档
          </Button>
          <Button type="primary" onClick={() => void save()}>
            保存分档标准
          </Button>
        </Space>
      )}
    </Card>
  );
}

function RateEditor({ rule, policy, onSaved, canDecide }: { rule: Rule; policy: PolicyView; onSaved: () => void; canDecide: boolean }) {
  const bridge = useBridge();
  const message = useMessage();
  const saved = policy.settings.find((s): s is Extract<RuleSetting, { type: 'rate' }> => s.rule === rule.id && s.type === 'rate');
  const [text, setText] = useState(saved ? formatPercent(saved.rateBasisPoints).replace('%', '') : '');
  const save = async () => {
    let basisPoints: number;
    try {
      // a percentage with up to two decimals is hundredths of a percent: "8" → 800 basis points
      basisPoints = parseYuanToFen(text.trim().replace(/[%％]$/, ''));
    } catch {
      void message.error('比例应为百分数，最多两位小数，例如 8 或 2.5');
      return;
    }
    const result = await bridge.invoke('policy.saveSetting', { type: 'rate', rule: rule.id, rateBasisPoints: basisPoints });
    if (result.ok) {
      void message.success(`「${rule.title}」比例已保存`);
      onSaved();
    } else void message.error(result.error.message, 8);
  };
  return (
    <Card size="small" title={`${rule.title}（${rule.clause.section}）`} extra={<Tag color="gold">上限 {capText(rule, policy)}</Tag>}>
      <Space wrap>
        <span>本县比例</span>
        {saved ? (
          <Tag color="green" aria-label={`${rule.title}当前比例`}>
            本县已设定 {formatPercent(saved.rateBasisPoints)}
          </Tag>
        ) : (
          <Typography.Text type="warning" aria-label={`${rule.title}当前比例`}>
            尚未设定：申报不能提交
          </Typography.Text>
        )}
        {canDecide && (
          <>
            <Input aria-label={`${rule.title}比例`} style={{ width: 140 }} suffix="%" value={text} placeholder="如 8" onChange={(e) => setText(e.target.value)} />
            <Button type="primary" onClick={() => void save()}>
              保存比例
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}
