import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { useBridge } from './useBridge';

/** Loads one contract method's result; errors show as a Chinese message and leave value null. */
export function useCall<K extends MethodName>(method: K, input: MethodInput<K>) {
  const bridge = useBridge();
  const { message } = App.useApp();
  const [value, setValue] = useState<MethodOutput<K> | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);

  const reload = useCallback(async () => {
    setLoading(true);
    const result = await bridge.invoke(method, JSON.parse(key) as MethodInput<K>);
    setLoading(false);
    if (result.ok) setValue(result.value);
    else void message.error(result.error.message);
  }, [bridge, message, method, key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { value, loading, reload, setValue };
}
