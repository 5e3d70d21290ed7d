import { Button, Card, Descriptions, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { FLOOD_STORAGE_LABELS } from '../../shared/domain/counties';
import { useBridge } from './useBridge';
import { useCall } from './useCall';
import { useMessage } from './useMessage';

const CITY = 'city';

/** Which unit this install belongs to: set once, journaled, shown on the home page. */
export function InstallCard({ onChanged }: { onChanged?: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const install = useCall('install.get', {});
  const counties = useCall('counties.list', {});
  const [choice, setChoice] = useState<string | undefined>();

  const save = async () => {
    if (!choice) return;
    const result = await bridge.invoke('install.configure', choice === CITY ? { role: 'city' } : { role: 'county', county: choice });
    if (!result.ok) {
      void message.error(result.error.message);
      return;
    }
    install.setValue(result.value);
    void message.success('本机所属单位已保存');
    onChanged?.();
  };

  const role = install.value?.role;
  const county = install.value?.county;
  return (
    <Card title="本机所属单位" size="small">
      {role ? (
        <Descriptions column={3} size="small">
          <Descriptions.Item label="单位">{role.role === 'city' ? '淮南市商务局（市级）' : `${county?.name ?? ''}商务局`}</Descriptions.Item>
          {county && (
            <>
              <Descriptions.Item label="区划代码">
                {county.code}
                {!county.codeOfficial && <Tag style={{ marginLeft: 8 }}>非官方代码</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label="贫困县（2019年）">{county.povertyCounty2019.value ? '是' : '否'}</Descriptions.Item>
              <Descriptions.Item label="行蓄洪区">{FLOOD_STORAGE_LABELS[county.floodStorage.value]}</Descriptions.Item>
              <Descriptions.Item label="常住人口">
                {county.populationResident.value?.toLocaleString('zh-CN') ?? '未知'}（{county.populationResident.source}）
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
      ) : (
        <Space wrap>
          <span>尚未设置本机属于哪个县区，请选择：</span>
          <Select
            aria-label="所属单位"
            style={{ width: 240 }}
            placeholder="选择县区或市级"
            value={choice}
            onChange={setChoice}
            options={[
              ...(counties.value ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` })),
              { value: CITY, label: '淮南市商务局（市级）' },
            ]}
          />
          <Button type="primary" disabled={!choice} onClick={() => void save()}>
            保存
          </Button>
        </Space>
      )}
    </Card>
  );
}
