import { Card, Descriptions, Spin, Tabs, Tag } from 'antd';
import { formatChineseDate } from '../../../../shared/dates';
import { PageTitle } from '../../PageTitle';
import { useCall } from '../../useCall';
import { LoadPackCard } from './LoadPackCard';
import { ReadingsTab } from './ReadingsTab';
import { ParametersTab, RulesTab } from './RulesTab';
import { SettingsTab } from './SettingsTab';
import { TesterTab } from './TesterTab';

export function PolicyPage() {
  const policy = useCall('policy.get', {});
  // one list for both tabs: a reading confirmed on its tab shows at once beside the rule it governs
  const readings = useCall('readings.list', {});
  const view = policy.value;
  if (!view) return <Spin style={{ margin: 40 }} />;
  const active = view.active;
  return (
    <div className="page">
      <PageTitle>政策与规则</PageTitle>
      <Card size="small">
        <Descriptions column={3} size="small">
          <Descriptions.Item label="政策文件">
            《{active.title}》（{active.docNo}）
          </Descriptions.Item>
          <Descriptions.Item label="印发">
            {active.issuer}，{formatChineseDate(active.issuedOn)}
          </Descriptions.Item>
          <Descriptions.Item label="政策包版本">
            {active.version} <Tag color="green">当前</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="内容摘要（SHA-256，已记入账本）" span={3}>
            <code>{active.digest}</code>
          </Descriptions.Item>
          {view.loaded.length > 1 && (
            <Descriptions.Item label="历次载入" span={3}>
              {view.loaded.map((p) => `${p.version}（账本第 ${p.loadedSeq} 条，摘要 ${p.digest.slice(0, 12)}…）`).join('；')}
            </Descriptions.Item>
          )}
        </Descriptions>
        <LoadPackCard onLoaded={() => void policy.reload()} />
      </Card>
      <Tabs
        items={[
          { key: 'rules', label: '奖补规则', children: <RulesTab policy={view} readings={readings.value ?? []} /> },
          { key: 'parameters', label: '参数', children: <ParametersTab policy={view} /> },
          { key: 'readings', label: '本县解读与设置', children: <ReadingsTab readings={readings.value} onSaved={readings.setValue} /> },
          { key: 'settings', label: '本县分档与比例', children: <SettingsTab policy={view} onSaved={() => void policy.reload()} /> },
          { key: 'tester', label: '规则试算', children: <TesterTab policy={view} /> },
        ]}
      />
    </div>
  );
}
