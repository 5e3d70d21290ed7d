import { z } from 'zod';
import { CountyMeasure, CountyPlan, Light, Quarter, ReportReading, Responsibility, SubsidySummary } from './progress';

// The signed bundle a county sends the city each quarter: a zip of manifest.json (canonical
// JSON), JSON Lines data files, and a signature over the manifest's exact bytes.

export const BUNDLE_FORMAT = 'county-ledger-bundle/1';
export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'signature';
export const DATA_FILES = ['progress.jsonl', 'subjects.jsonl', 'claims.jsonl', 'payments.jsonl', 'journal.jsonl'] as const;
export type DataFileName = (typeof DATA_FILES)[number];

export const ALGORITHMS = ['sm2-sm3', 'ed25519'] as const;
export const Algorithm = z.enum(ALGORITHMS);
export type Algorithm = z.infer<typeof Algorithm>;
export const ALGORITHM_LABELS = { 'sm2-sm3': 'SM2/SM3（国密）', ed25519: 'Ed25519' } as const;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The city's choices in its policy pack (exchange.json), as the city writes them. */
export const ExchangeSettings = z.object({
  /** The signature algorithm county installs generate their keys for. */
  algorithm: Algorithm,
  /** HMAC-SHA256 key for ID numbers and bank accounts in bundles (64 hex): a secret the city hands only to its counties. */
  hmacKey: Hex64,
});
export type ExchangeSettings = z.infer<typeof ExchangeSettings>;

/**
 * The exchange settings as the ledger keeps them with the pack: the key only by its SHA-256 (the
 * key itself is journaled apart, in an entry that never leaves the county). Packs journaled
 * before that was so hold the key itself; they still parse, and their entry no longer travels.
 */
export const PackExchange = z.union([z.object({ algorithm: Algorithm, hmacKeySha256: Hex64 }).strict(), ExchangeSettings.strict()]);
export type PackExchange = z.infer<typeof PackExchange>;

export const ManifestFile = z.object({ name: z.string(), bytes: z.number().int().min(0), rows: z.number().int().min(0), sha256: Hex64 });
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    county: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string() }),
    period: Quarter,
    /** Strictly increasing per county, from 1, no gaps. */
    sequence: z.number().int().min(1),
    createdAt: z.string(),
    appVersion: z.string(),
    pack: z.object({ id: z.string(), version: z.string(), digest: Hex64 }),
    /** The journal segment carried: entries after `fromSeq` up to the head at export. */
    ledger: z.object({ fromSeq: z.number().int().min(0), fromHash: Hex64, headSeq: z.number().int().min(0), headHash: Hex64 }),
    /** The digest of this county's previous bundle (null for the first). */
    previousBundleDigest: Hex64.nullable(),
    key: z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string() }),
    /** A rotation: the county's next key, announced under the signature of the current one. */
    nextKey: z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string() }).nullable(),
    /** The quarter report's header and its small sections (absent from bundles before pack 1.1); its task rows are progress.jsonl. */
    report: z.object({
      asOf: z.string(),
      state: z.enum(['open', 'closed']),
      preparedBy: z.string(),
      approvedBy: z.string().nullable(),
      generatedAt: z.string(),
      subsidies: SubsidySummary.nullable().optional(),
      readings: z.array(ReportReading).optional(),
      plan: CountyPlan.nullable().optional(),
      responsibilities: z.array(Responsibility).optional(),
      measures: z.array(CountyMeasure).optional(),
    }),
    files: z.array(ManifestFile),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export const BundleSignature = z.object({ algorithm: Algorithm, signature: z.string().regex(/^[0-9a-f]+$/) }).strict();
export type BundleSignature = z.infer<typeof BundleSignature>;

/** One journal entry as it travels: payloads of kinds that can hold personal data stay home. */
export const JournalLine = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  entity: z.string(),
  prevHash: Hex64,
  hash: Hex64,
  payloadSha256: Hex64,
  /** The payload text exactly as hashed, for kinds without personal data; otherwise null. */
  payload: z.string().nullable(),
});
export type JournalLine = z.infer<typeof JournalLine>;

export const BundleSummary = z.object({
  ok: z.literal(true),
  file: z.string(),
  digest: Hex64,
  county: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  sequence: z.number().int(),
  fingerprint: z.string(),
  rows: z.record(z.string(), z.number().int()),
  journal: z.object({ fromSeq: z.number().int(), headSeq: z.number().int() }),
});
export type BundleSummary = z.infer<typeof BundleSummary>;

/** `340422-2019Q4-0003.cbundle` */
export function bundleFileName(county: string, period: string, sequence: number): string {
  return `${county}-${period}-${String(sequence).padStart(4, '0')}.cbundle`;
}


/** The city's view of one quarter across its counties, from the bundles it accepted. */
export const CityOverview = z.object({
  period: Quarter,
  counties: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      reported: z.boolean(),
      sequence: z.number().int().nullable(),
      asOf: z.string().nullable(),
      importedAt: z.string().nullable(),
    }),
  ),
  /** The 18 tasks × counties: each county's light (null: not reported). */
  tasks: z.array(z.object({ no: z.number().int(), title: z.string(), deadlineText: z.string(), lights: z.record(z.string(), Light.nullable()), reasons: z.record(z.string(), z.string()) })),
  /** City-wide targets against the sum of the counties' actuals. */
  totals: z.array(
    z.object({ id: z.string(), label: z.string(), unit: z.string(), target: z.number(), atLeast: z.boolean(), sum: z.number(), counties: z.number().int(), byCounty: z.record(z.string(), z.number().nullable()) }),
  ),
  /** Subsidies by county as its report states them: approved and paid by the report's day and the year's budgets (fen), in all and per fund. */
  subsidies: z.array(
    z.object({
      county: z.string(),
      name: z.string(),
      committedFen: z.number().int().nullable(),
      paidFen: z.number().int().nullable(),
      budgetFen: z.number().int().nullable(),
      funds: SubsidySummary.shape.funds,
    }),
  ),
  subsidiesByRule: z.array(z.object({ rule: z.string(), title: z.string(), byCounty: z.record(z.string(), z.object({ claims: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int() })) })),
  /** The same person or organisation (keyed hash) approved or paid in more than one county. */
  duplicates: z.array(
    z.object({
      payee: z.string(),
      claims: z.array(z.object({ county: z.string(), name: z.string(), claimNo: z.string(), rule: z.string(), year: z.number().int(), state: z.string(), amountFen: z.number().int().nullable() })),
    }),
  ),
});
export type CityOverview = z.infer<typeof CityOverview>;
