import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useBridge } from '../../useBridge';
import { useMessage } from '../../useMessage';

/** Loads another policy pack folder (a later year's plan); its digest goes into the ledger. */
export function LoadPackCard({ onLoaded }: { onLoaded: () => void }) {
  const bridge = useBridge();
  const message = useMessage();
  const [path, setPath] = useState('');
  const load = async () => {
    const result = await bridge.invoke('policy.loadDirectory', { path });
    if (result.ok) {
      void message.success(`已载入新的政策包，摘要 ${result.value.digest.slice(0, 16)}…`);
      onLoaded();
    } else void message.error(result.error.message, 8);
  };
  return (
    <Space wrap>
      <span>载入其他政策包：</span>
      <Input aria-label="政策包文件夹" style={{ width: 420 }} placeholder="政策包所在文件夹，例如 D:\政策包\huainan-2020" value={path} onChange={(e) => setPath(e.target.value)} />
      <Button onClick={() => void load()} disabled={!path.trim()}>
        载入
      </Button>
    </Space>
  );
}
