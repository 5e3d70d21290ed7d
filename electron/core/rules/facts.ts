import type { FactDefinition } from '../../../shared/domain/rules';
import { MoneyFormatError, parseYuanToFen } from '../../../shared/money';

export type FactValue = number | boolean | string | undefined;
export type Facts = Readonly<Record<string, FactValue>>;

export class FactError extends Error {
  constructor(
    readonly code: 'MISSING_FACT' | 'INVALID_AMOUNT',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads one fact of a case. Amounts (yuan or USD) come as decimal strings or numbers with at
 * most two decimals and are held in minor units (fen, US cents); negative amounts are refused.
 */
export function readFact(definition: FactDefinition, raw: unknown): FactValue {
  const name = `${definition.label}（${definition.id}）`;
  if (raw === undefined || raw === null || raw === '') {
    if (definition.optional) return undefined;
    throw new FactError('MISSING_FACT', `缺少事实：${name}`);
  }
  switch (definition.type) {
    case 'boolean':
      if (typeof raw !== 'boolean') throw new FactError('INVALID_AMOUNT', `${name}应为 true 或 false`);
      return raw;
    case 'text':
      if (typeof raw !== 'string') throw new FactError('INVALID_AMOUNT', `${name}应为文本`);
      return raw;
    case 'yuan':
    case 'usd': {
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        throw new FactError('INVALID_AMOUNT', `${name}应为金额（数字或带两位小数的文本）`);
      }
      let minor: number;
      try {
        minor = parseYuanToFen(definition.type === 'usd' && typeof raw === 'string' ? raw.replace(/美元$/, '') : raw);
      } catch (error) {
        const reason = error instanceof MoneyFormatError ? error.message : String(error);
        throw new FactError('INVALID_AMOUNT', `${name}无效：${reason}`);
      }
      if (minor < 0) throw new FactError('INVALID_AMOUNT', `${name}不能为负数`);
      return minor;
    }
  }
}
