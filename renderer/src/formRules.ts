import type { FormRule } from 'antd';
import { contract, type MethodName } from '../../shared/contract';
import '../../shared/validation';

type Schema = { safeParse(value: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } } };

/**
 * A form field checked by the very schema the core checks it with, before the call is made: the
 * clerk sees 「用户名至少 2 个字符」 under the box instead of a refusal after pressing the button.
 */
export function checkedBy(method: MethodName, field: string): FormRule {
  const input = contract[method].input as unknown as { shape?: Record<string, Schema> };
  const schema = input.shape?.[field];
  if (!schema) throw new Error(`${method} 没有字段 ${field}`);
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value === '' ? undefined : value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '格式不对');
    },
  };
}
