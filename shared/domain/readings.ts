import { z } from 'zod';
import { chinaToday, formatChineseDate } from '../dates';

// Where the plan is silent, the app does not speak for it. A policy pack says so in a note of its
// own (系统说明), and leaves each choice the plan leaves to a county as a reading (本县解读) or a
// setting (本县设置) that the county's administrator decides; until then the pack's default
// applies and is shown as not yet confirmed. Every choice is journaled with who made it and when.

/** The pack's own explanation beside (never inside) the plan's words. */
export const PackNote = z.object({ by: z.literal('系统说明'), text: z.string().min(1) });
export type PackNote = z.infer<typeof PackNote>;

export const READING_KINDS = { reading: '本县解读', setting: '本县设置' } as const;
export type ReadingKind = keyof typeof READING_KINDS;

/** A choice the plan leaves open, as the pack offers it to the county. */
export const ReadingDefinition = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+(:[a-z0-9-]+)?$/),
    kind: z.enum(['reading', 'setting']),
    label: z.string().min(1),
    /** Why this is a choice: what the plan says and does not say. */
    why: z.string().min(1),
    options: z.record(z.string(), z.string().min(1)),
    default: z.string(),
  })
  .refine((r) => r.default in r.options, { message: '默认取值必须是选项之一', path: ['default'] });
export type ReadingDefinition = z.infer<typeof ReadingDefinition>;

/** A reading as the county holds it now. */
export const CountyReading = z.object({
  id: z.string(),
  kind: z.enum(['reading', 'setting']),
  label: z.string(),
  why: z.string(),
  options: z.record(z.string(), z.string()),
  value: z.string(),
  valueLabel: z.string(),
  /** Null while the pack's default applies (not yet confirmed by the county). */
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
  note: z.string(),
});
export type CountyReading = z.infer<typeof CountyReading>;

/** "本县解读：每人每课程每年一次（王管理 2019年9月1日确认）" or "…（默认，本县尚未确认）". */
export function readingText(r: Pick<CountyReading, 'kind' | 'valueLabel' | 'setBy' | 'setAt'>): string {
  // setAt is the journal's instant: the day is China's
  const who = r.setBy && r.setAt ? `${r.setBy} ${formatChineseDate(chinaToday(r.setAt))}确认` : '默认，本县尚未确认';
  return `${READING_KINDS[r.kind]}：${r.valueLabel}（${who}）`;
}
