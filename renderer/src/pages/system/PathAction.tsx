import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useBridge } from '../../useBridge';

/**
 * An action on a file or folder. In the desktop app a button: the main process shows its own
 * dialog (the page never hands it a path). In a browser beside `npm run web`, the path is typed.
 */
export function PathAction({ label, placeholder, run, disabled }: { label: string; placeholder: string; run: (typedPath: string) => Promise<void>; disabled?: boolean }) {
  const bridge = useBridge();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await run(path.trim());
    } finally {
      setBusy(false);
    }
  };
  if (bridge.desktop) {
    return (
      <Button onClick={() => void go()} loading={busy} disabled={disabled}>
        {label}
      </Button>
    );
  }
  return (
    <Space.Compact style={{ width: 520 }}>
      <Input aria-label={placeholder} placeholder={placeholder} value={path} onChange={(e) => setPath(e.target.value)} />
      <Button onClick={() => void go()} loading={busy} disabled={disabled || !path.trim()}>
        {label}
      </Button>
    </Space.Compact>
  );
}
