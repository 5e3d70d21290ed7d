import { z } from 'zod';

// The administrator's setup checklist on 首页: what must be set before the first 提交 is refused
// for it, each item naming the page where it is set.

export const SETUP_PAGES = ['home', 'policy', 'claims', 'exchange', 'accounts'] as const;

export const SetupItem = z.object({
  key: z.string(),
  label: z.string(),
  done: z.boolean(),
  /** Where it is set, in the clerk's words. */
  hint: z.string(),
  page: z.enum(SETUP_PAGES),
});
export type SetupItem = z.infer<typeof SetupItem>;
