import { Input, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { formatChineseDate } from '../../shared/dates';
import { fenToYuanString, formatYuan } from '../../shared/money';
import { amountInWords } from '../../shared/money-words';
import { parseTypedAmount, parseTypedDate } from '../../shared/typed';

// Date and amount boxes that take what a clerk types (2019年9月1日, 2019.9.1, 20190901; 30万,
// 1.2万元, 12,000元), show back what was understood before anything is saved, and never swap a
// typed value for another (a date picker left with unconfirmed text kept today's date).

type TextProps = { value?: string; onChange?: (text: string) => void; 'aria-label': string; width?: number; placeholder?: string };

function readBack(text: string | undefined, read: (t: string) => string): { ok: boolean; message: string } | null {
  if (!text?.trim()) return null;
  try {
    return { ok: true, message: read(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A date typed as text; shown back as 2019年9月1日 beside the box. */
export function DateInput({ value, onChange, width = 150, placeholder = '如 2019年9月1日', ...rest }: TextProps) {
  return <ReadBackInput {...rest} value={value} onChange={onChange} width={width} placeholder={placeholder} read={(t) => formatChineseDate(parseTypedDate(t))} />;
}

/** An amount typed as text; shown back in figures and 大写 beside the box. */
export function AmountInput({ value, onChange, width = 140, placeholder = '如 12000 或 1.2万', ...rest }: TextProps) {
  return (
    <ReadBackInput
      {...rest}
      value={value}
      onChange={onChange}
      width={width}
      placeholder={placeholder}
      read={(t) => {
        const fen = parseTypedAmount(t);
        return `${formatYuan(fen)}（${amountInWords(fen)}）`;
      }}
    />
  );
}

/** The text box both inputs share, with what was understood shown beside it. */
function ReadBackInput({ value, onChange, width, placeholder, read, ...rest }: TextProps & { width: number; placeholder: string; read: (text: string) => string }) {
  const shown = readBack(value, read);
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <Input aria-label={rest['aria-label']} value={value ?? ''} onChange={(e) => onChange?.(e.target.value)} placeholder={placeholder} style={{ width }} />
      {shown?.ok && (
        <Typography.Text type="secondary" role="status">
          {shown.message}
        </Typography.Text>
      )}
    </span>
  );
}

/** Form rule: the text is a date we can read, or the Chinese reason it is not. */
export const dateRule = (label: string, required = true): Rule => ({
  validator: async (_rule, value: string | undefined) => {
    if (!value?.trim()) {
      if (required) throw new Error(`请填写${label}`);
      return;
    }
    try {
      parseTypedDate(value);
    } catch (error) {
      throw new Error(`${label}：${error instanceof Error ? error.message : String(error)}`);
    }
  },
});

/** Form rule: the text is an amount we can read exactly, or the Chinese reason it is not. */
export const amountRule = (label: string): Rule => ({
  validator: async (_rule, value: string | undefined) => {
    if (!value?.trim()) throw new Error(`请填写${label}`);
    try {
      parseTypedAmount(value);
    } catch (error) {
      throw new Error(`${label}：${error instanceof Error ? error.message : String(error)}`);
    }
  },
});

/** The ISO date of a typed date (after dateRule passed). */
export const isoOf = (typed: string): string => parseTypedDate(typed);
/** Yuan text with two decimals, as the contract takes amounts, of a typed amount (after amountRule passed). */
export const yuanOf = (typed: string): string => fenToYuanString(parseTypedAmount(typed));

/**
 * Amount facts as the clerk typed them (30万, 1.2万元) turned into the yuan text the core takes;
 * an amount that cannot be read exactly throws its Chinese reason, naming the fact.
 */
export function typedFacts<V extends string | boolean>(facts: Record<string, V>, defs: readonly { id: string; label: string; type: string }[]): Record<string, V | string> {
  const out: Record<string, V | string> = { ...facts };
  for (const def of defs) {
    const value = facts[def.id];
    if ((def.type !== 'yuan' && def.type !== 'usd') || typeof value !== 'string' || value.trim() === '') continue;
    try {
      out[def.id] = fenToYuanString(parseTypedAmount(value));
    } catch (error) {
      throw new Error(`${def.label}：${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}
