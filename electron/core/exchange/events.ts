import { z } from 'zod';
import { Algorithm } from '../../../shared/domain/exchange';
import { Quarter, TaskQuarter } from '../../../shared/domain/progress';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';
import { deleteSetting, writeSetting } from '../settings/repository';
import { ClaimFacts } from '../../../shared/domain/claims';
import { RecheckFinding } from '../../../shared/domain/recheck';
import { TraceStep } from '../../../shared/domain/rules';
import {
  insertCountyKey,
  insertReceivedBundle,
  insertReceivedSetting,
  markRechecked,
  recordFinding,
  retireCountyKey,
  upsertReceivedClaim,
  upsertReceivedSubject,
  upsertReceivedTask,
} from './city-repository';
import { activateSigningKey, insertBundleExport, insertSigningKey } from './repository';

// The journal entries of the exchange between county and city. County side: its signing keys
// and the bundles it exported. City side: the county keys it registered and the bundles it
// accepted, whose payload is what the bundle carried (minimised), so the city's state replays like
// any other. Both: which city key a county trusts for the policy packs the city signs.

// ── County ───────────────────────────────────────────────────────────────────────────────────

const Protection = z.enum(['passphrase', 'safe-storage']);

export const keyGenerated = defineEvent({
  kind: 'key.generated',
  payload: z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), protection: Protection, status: z.enum(['active', 'next']).default('active') }),
  leaves: 'whole',
  apply(db, p, meta) {
    insertSigningKey(db, { fingerprint: p.fingerprint, algorithm: p.algorithm, publicKey: p.publicKey, protection: p.protection, status: p.status, createdAt: meta.at, createdSeq: meta.seq });
  },
});

/** The announced next key takes over; the one that announced it retires. */
export const keyActivated = defineEvent({
  kind: 'key.activated',
  payload: z.object({ fingerprint: z.string(), previous: z.string(), announcedIn: z.number().int() }),
  leaves: 'digest',
  apply(db, p) {
    if (!activateSigningKey(db, p.fingerprint, p.previous)) throw new Error(`no next key ${p.fingerprint}`);
  },
});

const ExportedBundle = z.object({
  sequence: z.number().int().min(1),
  period: Quarter,
  fileName: z.string(),
  digest: z.string(),
  headSeq: z.number().int(),
  headHash: z.string(),
  rows: z.record(z.string(), z.number().int()),
});

export const PendingBundle = ExportedBundle.extend({
  /** The next key this bundle announces (its fingerprint): it takes over once the bundle is done. */
  announces: z.string().nullable(),
});
export type PendingBundle = z.infer<typeof PendingBundle>;
export const PENDING_BUNDLE_SETTING = 'pendingBundle';

/**
 * A bundle about to be written, journaled before its file exists: a crash can leave a bundle
 * file only if the ledger already names its digest. Done (bundle.exported) once the file is on
 * the disk under its name; abandoned when it never got there. Never more than one at a time.
 */
export const bundlePending = defineEvent({
  kind: 'bundle.pending',
  payload: PendingBundle,
  leaves: 'whole',
  apply(db, p, meta) {
    writeSetting(db, PENDING_BUNDLE_SETTING, canonicalJson(p), meta.seq);
  },
});

export const bundleExported = defineEvent({
  kind: 'bundle.exported',
  payload: ExportedBundle,
  leaves: 'whole',
  apply(db, p, meta) {
    insertBundleExport(db, {
      sequence: p.sequence,
      period: p.period,
      file_name: p.fileName,
      digest: p.digest,
      head_seq: p.headSeq,
      head_hash: p.headHash,
      rows: canonicalJson(p.rows),
      created_by: meta.actor,
      created_at: meta.at,
    });
    deleteSetting(db, PENDING_BUNDLE_SETTING);
  },
});

/** A pending bundle whose file never reached the disk whole: nobody can have it, and its sequence is free again. */
export const bundleAbandoned = defineEvent({
  kind: 'bundle.abandoned',
  payload: z.object({ sequence: z.number().int().min(1), digest: z.string(), reason: z.string() }),
  leaves: 'whole',
  apply(db) {
    deleteSetting(db, PENDING_BUNDLE_SETTING);
  },
});

export const CityKey = z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string() });
export type CityKey = z.infer<typeof CityKey>;
export const CITY_KEY_SETTING = 'cityKey';

/** The county trusts this key as the city's: recorded once, with the fingerprint a person confirmed. */
export const cityKeyTrusted = defineEvent({
  kind: 'city.keyTrusted',
  payload: CityKey,
  leaves: 'digest',
  apply(db, p, meta) {
    writeSetting(db, CITY_KEY_SETTING, canonicalJson(p), meta.seq);
  },
});

// ── City ─────────────────────────────────────────────────────────────────────────────────────

export const countyKeyRegistered = defineEvent({
  kind: 'county.keyRegistered',
  payload: z.object({ county: z.string(), algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), note: z.string() }),
  leaves: 'digest',
  apply(db, p, meta) {
    insertCountyKey(db, { fingerprint: p.fingerprint, county: p.county, algorithm: p.algorithm, public_key: p.publicKey, confirmed_by: meta.actor, confirmed_at: meta.at, note: p.note });
  },
});

export const SubjectLine = z.object({ id: z.string(), list: z.string(), name: z.string(), idHash: z.string().nullable(), bankHash: z.string().nullable() }).loose();

export const ClaimLine = z
  .object({
    id: z.string(),
    no: z.string(),
    subjectId: z.string(),
    rule: z.string(),
    year: z.number().int(),
    state: z.string(),
    amountFen: z.number().int().nullable(),
    paidFen: z.number().int().nullable(),
    paidOn: z.string().nullable(),
    payeeHash: z.string().nullable(),
    // what the city decides the claim again from (市级复核); absent in bundles of older versions
    subjectType: z.string().nullable().optional(),
    course: z.string().nullable().optional(),
    facts: ClaimFacts.nullable().optional(),
    packDigest: z.string().nullable().optional(),
    decidedSeq: z.number().int().nullable().optional(),
    decidedOn: z.string().nullable().optional(),
  })
  .loose();
export type ClaimLine = z.infer<typeof ClaimLine>;

/** A county's rule.setting / reading.set journal entry: the settings in force at each decision rebuild from them. */
export const SettingLine = z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), kind: z.enum(['rule.setting', 'reading.set']), payload: z.string() });
export type SettingLine = z.infer<typeof SettingLine>;

export const bundleImported = defineEvent({
  kind: 'bundle.imported',
  payload: z.object({
    county: z.string(),
    sequence: z.number().int(),
    period: z.string(),
    digest: z.string(),
    previousDigest: z.string().nullable(),
    headSeq: z.number().int(),
    headHash: z.string(),
    fileName: z.string(),
    report: z.unknown(),
    tasks: z.array(TaskQuarter),
    /** Bundles imported before their rows were streamed carry every row here; later ones in bundle.rows entries. */
    subjects: z.array(SubjectLine).default([]),
    claims: z.array(ClaimLine).default([]),
    settings: z.array(SettingLine).default([]),
    /** A key rotation announced in this bundle: the next key registers, the signing one retires. */
    nextKey: z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), previous: z.string() }).nullable().default(null),
  }),
  leaves: 'digest',
  apply(db, p, meta) {
    if (p.nextKey) {
      retireCountyKey(db, p.nextKey.previous, meta.seq);
      insertCountyKey(db, {
        fingerprint: p.nextKey.fingerprint,
        county: p.county,
        algorithm: p.nextKey.algorithm,
        public_key: p.nextKey.publicKey,
        confirmed_by: meta.actor,
        confirmed_at: meta.at,
        note: `第 ${p.sequence} 号数据包中由原密钥 ${p.nextKey.previous} 签名宣告`,
      });
    }
    insertReceivedBundle(db, {
      county: p.county,
      sequence: p.sequence,
      period: p.period,
      digest: p.digest,
      previous_digest: p.previousDigest,
      head_seq: p.headSeq,
      head_hash: p.headHash,
      file_name: p.fileName,
      report: canonicalJson(p.report),
      imported_by: meta.actor,
      imported_at: meta.at,
    });
    for (const t of p.tasks) upsertReceivedTask(db, p.county, p.period, t.no, t.light, canonicalJson(t));
    for (const s of p.subjects) upsertReceivedSubject(db, p.county, s);
    for (const c of p.claims) upsertReceivedClaim(db, p.county, { ...c, facts: c.facts ? canonicalJson(c.facts) : null });
    for (const e of p.settings) insertReceivedSetting(db, p.county, e);
  },
});

/**
 * A piece of an imported bundle's subjects or claims (at most ROWS_PER_PIECE), journaled after its
 * bundle.imported entry in the same transaction: an import never holds a whole bundle's rows.
 */
export const bundleRows = defineEvent({
  kind: 'bundle.rows',
  payload: z.object({
    county: z.string(),
    sequence: z.number().int(),
    subjects: z.array(SubjectLine).default([]),
    claims: z.array(ClaimLine).default([]),
  }),
  leaves: 'digest',
  apply(db, p) {
    for (const s of p.subjects) upsertReceivedSubject(db, p.county, s);
    for (const c of p.claims) upsertReceivedClaim(db, p.county, { ...c, facts: c.facts ? canonicalJson(c.facts) : null });
  },
});

const StoredFinding = RecheckFinding.extend({ countyTrace: z.array(TraceStep).nullable() });

/**
 * 市级复核 of a county's approved and paid claims (all, or those decided in one quarter): every one
 * in scope is consistent but the findings, each with the county's trace where it differs. Carries
 * the digest of the county's latest bundle, the one the verdicts rest on.
 */
export const recheckRecorded = defineEvent({
  kind: 'recheck.recorded',
  payload: z.object({
    county: z.string(),
    bundleDigest: z.string().nullable(),
    period: Quarter.nullable(),
    claims: z.number().int(),
    consistent: z.number().int(),
    findings: z.array(StoredFinding),
  }),
  leaves: 'whole',
  apply(db, p) {
    markRechecked(db, p.county, p.period);
    for (const { countyTrace, ...f } of p.findings) {
      recordFinding(db, p.county, f.claimId, { verdict: f.verdict, cityAmount: f.cityAmount, finding: canonicalJson(f), countyTrace: countyTrace ? canonicalJson(countyTrace) : null });
    }
  },
});

export const EXCHANGE_EVENTS = [keyGenerated, keyActivated, bundlePending, bundleExported, bundleAbandoned, cityKeyTrusted, countyKeyRegistered, bundleImported, bundleRows, recheckRecorded];
