import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListId, SubjectRow } from '../../../../shared/domain/registry';
import { useBridge } from '../../useBridge';
import { useMessage } from '../../useMessage';

const FIRST_SCREEN = 200;

/**
 * A list arrives in two steps: the first screenful at once (so a 100,000-row list paints without
 * waiting), then the whole list, which filters, sorts, flags and exports work on.
 */
export function useSubjectList(list: ListId, query: string) {
  const bridge = useBridge();
  const message = useMessage();
  const [rows, setRows] = useState<SubjectRow[] | null>(null);
  const [complete, setComplete] = useState(false);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setComplete(false);
    const base = query ? { list, query } : { list };
    const head = await bridge.invoke('registry.list', { ...base, limit: FIRST_SCREEN });
    if (mine !== generation.current) return;
    if (!head.ok) {
      void message.error(head.error.message);
      return;
    }
    setRows(head.value);
    const all = await bridge.invoke('registry.list', base);
    if (mine !== generation.current) return;
    if (all.ok) {
      setRows(all.value);
      setComplete(true);
    } else void message.error(all.error.message);
  }, [bridge, message, list, query]);

  useEffect(() => {
    setRows(null);
    void reload();
  }, [reload]);

  return { rows, complete, reload, setRows };
}
