import { App } from 'antd';
import type { ReactNode } from 'react';
import { useMemo } from 'react';

type Toast = (content: ReactNode, duration?: number) => PromiseLike<boolean>;
export type Messages = { error: Toast; success: Toast };

/**
 * The page's toasts, one per problem: a message is keyed by its text, so the same refusal raised
 * twice (a button pressed again, two calls refused for one reason) replaces itself instead of stacking.
 */
export function useMessage(): Messages {
  const { message } = App.useApp();
  return useMemo(() => {
    const keyed =
      (show: typeof message.error): Toast =>
      (content, duration) =>
        show({ content, duration, ...(typeof content === 'string' ? { key: content } : {}) }).then(() => true);
    return { error: keyed(message.error), success: keyed(message.success) };
  }, [message]);
}
