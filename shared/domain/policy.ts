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
