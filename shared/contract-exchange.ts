import { z } from 'zod';
import { UploadBase64 } from './limits';
import { Base64File } from './contract-workflow';
import { Algorithm, BundleSummary, CityOverview } from './domain/exchange';
import { Quarter } from './domain/progress';
import { RecheckClaimDetail, RecheckFinding, RecheckSummary, RecheckView } from './domain/recheck';

// The contract's methods for bundles: the county's key and exports, and the city's key
// registry, imports (dry run, then commit) and overview.

const SENDERS = ['director', 'admin'] as const;
const Passphrase = z.string().min(8, { message: '签名密钥口令至少 8 个字符' }).max(200);

const PublicKey = z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), createdAt: z.string() });
const Rows = z.record(z.string(), z.number().int());
const CountyCode = z.string().regex(/^\d{6}$/, { message: '县区代码应为 6 位数字' });
const RecheckFilter = z.object({ county: CountyCode.optional(), period: Quarter.optional() }).strict();

export const exchangeMethods = {
  'exchange.status': {
    input: z.object({}).strict(),
    output: z.object({
      key: PublicKey.nullable(),
      exports: z.array(z.object({ sequence: z.number().int(), period: z.string(), fileName: z.string(), digest: z.string(), createdBy: z.string(), createdAt: z.string(), rows: Rows })),
    }),
  },
  'exchange.preview': {
    input: z.object({ period: Quarter }).strict(),
    output: z.object({ sequence: z.number().int(), fileName: z.string(), rows: Rows, fromSeq: z.number().int(), headSeq: z.number().int(), recheck: z.array(RecheckFinding) }),
    access: SENDERS,
  },
  'exchange.export': {
    /** The passphrase is not needed in the desktop app, where the OS key store seals the key. */
    input: z.object({ period: Quarter, passphrase: Passphrase.optional() }).strict(),
    output: Base64File.extend({ digest: z.string(), sequence: z.number().int() }),
    access: SENDERS,
  },
  /** How far the export under way has got (lines written of all lines), polled by the progress bar. */
  'exchange.exportProgress': {
    input: z.object({}).strict(),
    output: z.object({ running: z.boolean(), period: z.string().nullable(), fileName: z.string().nullable(), done: z.number().int().min(0), total: z.number().int().min(0) }),
    access: SENDERS,
  },
  'exchange.publicKey': { input: z.object({ passphrase: Passphrase.optional() }).strict(), output: Base64File.extend({ fingerprint: z.string() }), access: SENDERS },
  'city.keys': {
    input: z.object({}).strict(),
    output: z.array(z.object({ county: z.string(), name: z.string(), algorithm: Algorithm, fingerprint: z.string(), confirmedBy: z.string(), confirmedAt: z.string(), note: z.string() })),
  },
  'city.registerKey': {
    input: z
      .object({
        contentBase64: z.string().min(1).max(100_000),
        fingerprint: z.string().trim().min(1, { message: '请填写与县区核对过的公钥指纹' }),
        note: z.string().max(200).default(''),
      })
      .strict(),
    output: z.object({ county: z.string(), name: z.string(), fingerprint: z.string() }),
    access: SENDERS,
  },
  'city.importBundle': {
    input: z.object({ fileName: z.string().min(1).max(255), contentBase64: UploadBase64.min(1), commit: z.boolean() }).strict(),
    output: z.object({ summary: BundleSummary, committed: z.boolean(), changes: z.object({ tasks: z.number().int(), subjects: z.number().int(), claims: z.number().int() }) }),
    access: SENDERS,
  },
  'city.bundles': {
    input: z.object({}).strict(),
    output: z.array(z.object({ county: z.string(), name: z.string(), sequence: z.number().int(), period: z.string(), digest: z.string(), importedBy: z.string(), importedAt: z.string() })),
  },
  'city.overview': { input: z.object({ period: Quarter }).strict(), output: CityOverview },
  /** Task 18's evaluation: city-wide, or one county's report rebuilt from its bundle. */
  'city.evaluation': { input: z.object({ period: Quarter, format: z.enum(['pdf', 'xlsx']), county: z.string().regex(/^\d{6}$/).optional() }).strict(), output: Base64File },
  /** 市级复核 on demand: every county's approved and paid claims decided again, journaled. */
  'city.recheck': { input: RecheckFilter, output: RecheckSummary, access: SENDERS },
  /** The 复核 view: counts and sums by county, verdict and rule, and the findings, as last rechecked. */
  'city.recheckView': { input: RecheckFilter, output: RecheckView },
  /** One claim decided again, both traces side by side. */
  'city.recheckClaim': { input: z.object({ county: CountyCode, claimNo: z.string().min(1).max(40) }).strict(), output: RecheckClaimDetail },
  /** The 复核 appendix of task 18's evaluation, as xlsx or PDF. */
  'city.recheckDocument': { input: RecheckFilter.extend({ format: z.enum(['pdf', 'xlsx']) }).strict(), output: Base64File },
} as const;
