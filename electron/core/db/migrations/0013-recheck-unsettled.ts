import type { Database } from 'better-sqlite3';

// 市级复核 writes its verdicts after every run: every claim in scope 一致, then the findings over
// them. Finding the claims whose verdict must change read every approved or paid claim of the
// county (a tenth of a run for 100,000 claims) and rewrote each one's checked_digest whenever a new
// bundle arrived. The rows that can need it are few: those a bundle just (re)wrote (INSERT OR
// REPLACE leaves them without a verdict) and the findings. This index holds exactly those.
// checked_digest is dropped: nothing read it; which bundle a recheck rests on is in its journal
// entry (recheck.recorded carries bundleDigest) and in bundle_received.
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX received_claim_unsettled ON received_claim (county) WHERE state IN ('approved', 'paid') AND verdict IS NOT 'consistent';
    ALTER TABLE received_claim DROP COLUMN checked_digest;
  `);
}
