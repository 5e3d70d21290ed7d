import { z } from 'zod';
import { IsoDate } from './tasks';

/** A policy pack's identity: which plan, which version, and the digest of its content. */
export const PolicyPackMeta = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  docNo: z.string().min(1),
  title: z.string().min(1),
  issuer: z.string().min(1),
  issuedOn: IsoDate,
  years: z.array(z.number().int()).min(1),
  version: z.string().min(1),
});
export type PolicyPackMeta = z.infer<typeof PolicyPackMeta>;

export const LoadedPolicyPack = PolicyPackMeta.extend({ digest: z.string().regex(/^[0-9a-f]{64}$/) });
export type LoadedPolicyPack = z.infer<typeof LoadedPolicyPack>;

/** Which unit an install belongs to: one county, or the city's commerce bureau (淮南市商务局). */
export const InstallRole = z.discriminatedUnion('role', [
  z.object({ role: z.literal('county'), county: z.string().regex(/^\d{6}$/, { message: '区划代码应为 6 位数字' }) }),
  z.object({ role: z.literal('city') }),
]);
export type InstallRole = z.infer<typeof InstallRole>;
