import type { z } from 'zod';
import { DomainError } from '../../../shared/result';

// JSON columns are parsed where they are read, against the schema of what was written, so a
// row's type is proven rather than asserted. A column that does not parse means the database
// was changed outside the app: the ledger, not the clerk's input, is at fault.

export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('LEDGER_BROKEN', `数据库中${where}的内容不是有效的 JSON，数据可能在程序之外被改动`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError('LEDGER_BROKEN', `数据库中${where}的内容与程序写入的格式不符，数据可能在程序之外被改动`);
  return parsed.data;
}
