import { useCallback, useEffect, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { useBridge } from './useBridge';
import { useMessage } from './useMessage';

/**
 * Loads one contract method's result; errors show as a Chinese message and leave value null.
 * A null input waits (loading, nothing asked) until the input is known, rather than asking for a
 * guessed one.
 */
export function useCall<K extends MethodName>(method: K, input: MethodInput<K> | null) {
  const bridge = useBridge();
  const message = useMessage();
  const [value, setValue] = useState<MethodOutput<K> | null>(null);
  const [loading, setLoading] = useState(true);
  const key = input === null ? null : JSON.stringify(input);

  const reload = useCallback(async () => {
    if (key === null) return;
    setLoading(true);
    const result = await bridge.invoke(method, JSON.parse(key) as MethodInput<K>);
    setLoading(false);
    if (result.ok) setValue(result.value);
    // keyed by its text (useMessage): two calls refused for the same reason show one message, not two
    else void message.error(result.error.message);
  }, [bridge, message, method, key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { value, loading, reload, setValue };
}
