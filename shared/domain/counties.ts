import { z } from 'zod';

// Huainan's county-level units. Uncertain facts are data with their source, never constants.

export const FloodStorageStatus = z.enum(['yes', 'no', 'unconfirmed', 'not-found']);
export type FloodStorageStatus = z.infer<typeof FloodStorageStatus>;

export const FLOOD_STORAGE_LABELS: Record<FloodStorageStatus, string> = {
  yes: '含行蓄洪区',
  no: '不含',
  unconfirmed: '待核实',
  'not-found': '未查到',
};

export const SourcedFact = <T extends z.ZodType>(value: T) =>
  z.object({ value, source: z.string().min(1) });

export const County = z.object({
  code: z.string().regex(/^\d{6}$/, { message: '区划代码应为 6 位数字' }),
  /** false where the code is not an official division code (毛集实验区). */
  codeOfficial: z.boolean(),
  name: z.string().min(1),
  kind: z.enum(['县', '区', '实验区']),
  populationResident: SourcedFact(z.number().int().positive().nullable()),
  populationRegistered: SourcedFact(z.number().int().positive().nullable()),
  povertyCounty2019: SourcedFact(z.boolean()),
  floodStorage: SourcedFact(FloodStorageStatus),
  note: z.string(),
});
export type County = z.infer<typeof County>;
