import type { Parameter, ParameterValue } from '../../../shared/domain/rules';
import { MoneyFormatError, parseYuanToFen, toHalfWidth } from '../../../shared/money';
import { DomainError } from '../../../shared/result';

/** The value in force on the last day of `year`, or null when the parameter had none yet. */
export function valueInForce(parameter: Parameter, year: number): ParameterValue | null {
  const lastDay = `${year}-12-31`;
  let found: ParameterValue | null = null;
  for (const dated of parameter.values) {
    if (dated.from <= lastDay) found = dated.value;
  }
  return found;
}

/**
 * A value typed by a person for a what-if or an edit: yuan for amounts, dollars for USD,
 * a percentage for rates ("5" or "5%"), 是/否 for flags, an option key for choices.
 */
export function parseParameterInput(parameter: Parameter, text: string): ParameterValue {
  const input = toHalfWidth(text).trim();
  try {
    switch (parameter.unit) {
      case 'fen':
      case 'usd-cents': {
        const minor = parseYuanToFen(input.replace(/美元$/, ''));
        if (minor < 0) throw new RangeError('不能为负数');
        return minor;
      }
      case 'basis-points': {
        const bp = parseYuanToFen(input.replace(/%$/, ''));
        if (bp < 0 || bp > 10_000) throw new RangeError('比例应在 0% 到 100% 之间');
        return bp;
      }
      case 'flag':
        if (['true', '是', '1'].includes(input)) return true;
        if (['false', '否', '0'].includes(input)) return false;
        throw new RangeError('应为“是”或“否”');
      case 'choice':
        if (input in parameter.options) return input;
        throw new RangeError(`应为 ${Object.keys(parameter.options).join('、')} 之一`);
    }
  } catch (error) {
    const reason = error instanceof MoneyFormatError ? '数值格式不正确（最多两位小数）' : (error as Error).message;
    throw new DomainError('VALIDATION', `参数「${parameter.label}」（${parameter.id}）的值「${text}」无效：${reason}`, { parameter: parameter.id });
  }
}
