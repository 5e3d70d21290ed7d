import type { Algorithm } from '../../../shared/domain/exchange';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import type { RecheckInput } from '../rules/recheck';

// The city's tables: the county key registry (county_key), the bundles accepted
// (bundle_received) and what they carried (received_task, received_subject, received_claim).
// Written only by the events of exchange/events.ts; read by the import checks, the overview and
// the evaluation.

export type CountyKeyRow = {
  fingerprint: string;
  county: string;
  algorithm: Algorithm;
  public_key: string;
  confirmed_by: string;
  confirmed_at: string;
  note: string;
};

export function insertCountyKey(db: Db, key: CountyKeyRow): void {
  statement<[string, string, Algorithm, string, string, string, string]>(
    db,
    'INSERT INTO county_key (fingerprint, county, algorithm, public_key, confirmed_by, confirmed_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(key.fingerprint, key.county, key.algorithm, key.public_key, key.confirmed_by, key.confirmed_at, key.note);
}

export function retireCountyKey(db: Db, fingerprint: string, seq: number): void {
  statement<[number, string]>(db, 'UPDATE county_key SET retired_seq = ? WHERE fingerprint = ?').run(seq, fingerprint);
}

/** Which county a key is registered for (retired keys included), or undefined. */
export function countyOfKey(db: Db, fingerprint: string): string | undefined {
  return statement<[string], { county: string }>(db, 'SELECT county FROM county_key WHERE fingerprint = ?').get(fingerprint)?.county;
}

/** Keys that may still sign bundles. */
export function liveCountyKeys(db: Db): { county: string; algorithm: Algorithm; publicKey: string; fingerprint: string }[] {
  return statement<[], { county: string; algorithm: Algorithm; public_key: string; fingerprint: string }>(
    db,
    'SELECT county, algorithm, public_key, fingerprint FROM county_key WHERE retired_seq IS NULL',
  )
    .all()
    .map((k) => ({ county: k.county, algorithm: k.algorithm, publicKey: k.public_key, fingerprint: k.fingerprint }));
}

/** Every key ever registered, by county and time, for the registry page. */
export function allCountyKeys(db: Db): CountyKeyRow[] {
  return statement<[], CountyKeyRow>(db, 'SELECT fingerprint, county, algorithm, public_key, confirmed_by, confirmed_at, note FROM county_key ORDER BY county, confirmed_at').all();
}

export type ReceivedBundleRow = {
  county: string;
  sequence: number;
  period: string;
  digest: string;
  previous_digest: string | null;
  head_seq: number;
  head_hash: string;
  file_name: string;
  report: string;
  imported_by: string;
  imported_at: string;
};

export function insertReceivedBundle(db: Db, b: ReceivedBundleRow): void {
  statement<[string, number, string, string, string | null, number, string, string, string, string, string]>(
    db,
    `INSERT INTO bundle_received (county, sequence, period, digest, previous_digest, head_seq, head_hash, file_name, report, imported_by, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(b.county, b.sequence, b.period, b.digest, b.previous_digest, b.head_seq, b.head_hash, b.file_name, b.report, b.imported_by, b.imported_at);
}

/** The last bundle accepted from a county: what its next one must continue. */
export function lastReceivedBundle(db: Db, county: string): { sequence: number; digest: string; head_seq: number; head_hash: string } | undefined {
  return statement<[string], { sequence: number; digest: string; head_seq: number; head_hash: string }>(
    db,
    'SELECT sequence, digest, head_seq, head_hash FROM bundle_received WHERE county = ? ORDER BY sequence DESC LIMIT 1',
  ).get(county);
}

/** All accepted bundles, newest import first. */
export function receivedBundles(db: Db): ReceivedBundleRow[] {
  return statement<[], ReceivedBundleRow>(db, 'SELECT * FROM bundle_received ORDER BY imported_at DESC, county').all();
}

/** Each county's latest bundle for a period. */
export function latestBundlesFor(db: Db, period: string): { county: string; sequence: number; imported_at: string; report: string }[] {
  return statement<[string], { county: string; sequence: number; imported_at: string; report: string }>(
    db,
    `SELECT b.county, b.sequence, b.imported_at, b.report FROM bundle_received b
     WHERE b.period = ? AND b.sequence = (SELECT MAX(sequence) FROM bundle_received WHERE county = b.county AND period = b.period)`,
  ).all(period);
}

/** The report header a county's latest bundle for a period carried (its canonical JSON text). */
export function receivedReportHeader(db: Db, county: string, period: string): string | undefined {
  return statement<[string, string], { report: string }>(db, 'SELECT report FROM bundle_received WHERE county = ? AND period = ? ORDER BY sequence DESC LIMIT 1').get(county, period)
    ?.report;
}

export function upsertReceivedTask(db: Db, county: string, period: string, no: number, light: string, row: string): void {
  statement<[string, string, number, string, string]>(db, 'INSERT OR REPLACE INTO received_task (county, period, no, light, row) VALUES (?, ?, ?, ?, ?)').run(county, period, no, light, row);
}

/** The task rows received for a period, as stored (canonical JSON), by county and task. */
export function receivedTaskRows(db: Db, period: string, county?: string): { county: string; no: number; row: string }[] {
  return county === undefined
    ? statement<[string], { county: string; no: number; row: string }>(db, 'SELECT county, no, row FROM received_task WHERE period = ? ORDER BY county, no').all(period)
    : statement<[string, string], { county: string; no: number; row: string }>(db, 'SELECT county, no, row FROM received_task WHERE period = ? AND county = ? ORDER BY no').all(period, county);
}

export function upsertReceivedSubject(db: Db, county: string, s: { id: string; list: string; name: string; idHash: string | null; bankHash: string | null }): void {
  statement<[string, string, string, string, string | null, string | null]>(
    db,
    'INSERT OR REPLACE INTO received_subject (county, id, list, name, id_hash, bank_hash) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(county, s.id, s.list, s.name, s.idHash, s.bankHash);
}

export type ReceivedClaim = {
  id: string;
  no: string;
  subjectId: string;
  rule: string;
  year: number;
  state: string;
  amountFen: number | null;
  paidFen: number | null;
  paidOn: string | null;
  payeeHash: string | null;
  /** What the city decides the claim again from (市级复核); absent in bundles of older versions. */
  subjectType?: string | null;
  course?: string | null;
  facts?: string | null;
  packDigest?: string | null;
  decidedSeq?: number | null;
  decidedOn?: string | null;
};

export function upsertReceivedClaim(db: Db, county: string, c: ReceivedClaim): void {
  statement<[string, string, string, string, string, number, string, number | null, number | null, string | null, string | null, string | null, string | null, string | null, string | null, number | null, string | null]>(
    db,
    `INSERT OR REPLACE INTO received_claim (county, id, no, subject_id, rule, year, state, amount_fen, paid_fen, paid_on, payee_hash, subject_type, course, facts, pack_digest, decided_seq, decided_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(county, c.id, c.no, c.subjectId, c.rule, c.year, c.state, c.amountFen, c.paidFen, c.paidOn, c.payeeHash, c.subjectType ?? null, c.course ?? null, c.facts ?? null, c.packDigest ?? null, c.decidedSeq ?? null, c.decidedOn ?? null);
}

// ── 市级复核 ─────────────────────────────────────────────────────────────────────────────────

/** A county's rule.setting / reading.set entry, as its bundle's journal lines carried it. */
export function insertReceivedSetting(db: Db, county: string, e: { seq: number; at: string; actor: string; kind: string; payload: string }): void {
  statement<[string, number, string, string, string, string]>(db, 'INSERT OR REPLACE INTO received_setting (county, seq, at, actor, kind, payload) VALUES (?, ?, ?, ?, ?, ?)').run(
    county,
    e.seq,
    e.at,
    e.actor,
    e.kind,
    e.payload,
  );
}

export function receivedSettings(db: Db, county: string): { seq: number; at: string; actor: string; kind: string; payload: string }[] {
  return statement<[string], { seq: number; at: string; actor: string; kind: string; payload: string }>(db, 'SELECT seq, at, actor, kind, payload FROM received_setting WHERE county = ? ORDER BY seq').all(county);
}

/** The quarter of a decision day, in SQL: '2019-11-03' → '2019Q4'. */
const DECIDED_QUARTER = "(substr(decided_on, 1, 4) || 'Q' || ((CAST(substr(decided_on, 6, 2) AS INTEGER) + 2) / 3))";
/** The claims a recheck covers: approved or paid, of a county, optionally decided in one quarter. */
const IN_SCOPE = `county = ? AND state IN ('approved', 'paid') AND (? IS NULL OR ${DECIDED_QUARTER} = ?)`;

export type RecheckRow = {
  id: string;
  no: string;
  subject_id: string;
  rule: string;
  year: number;
  state: string;
  amount_fen: number | null;
  subject_type: string | null;
  course: string | null;
  facts: string | null;
  pack_digest: string | null;
  trace: string | null;
  decided_seq: number | null;
  decided_on: string | null;
  verdict: string | null;
  city_amount_fen: number | null;
  finding: string | null;
};

const RECHECK_COLUMNS = 'id, no, subject_id, rule, year, state, amount_fen, subject_type, course, facts, pack_digest, trace, decided_seq, decided_on, verdict, city_amount_fen, finding';

/**
 * What a recheck reads of a claim, already in the shape the Rechecker takes (rules/recheck.ts
 * RecheckInput): no trace (read only for a finding), nor the last verdict.
 */
export type RecheckLine = RecheckInput & { trace: null };

/**
 * The claims a recheck of a county covers, streamed in the order they were decided (the index
 * received_claim_decided gives that order without sorting the county's claims first): those
 * without a decision position first (bundles of older versions), then by position, number and id.
 * A chunk of `chunk` claims at a time, which the caller loops over: read claim by claim (a
 * statement step and a generator resumed per claim), the 46,000 claims of the bench's county took
 * 140 ms to read and parse; in chunks, 117 ms.
 */
export function* recheckChunks(db: Db, county: string, period: string | null, chunk = RECHECK_CHUNK): Generator<RecheckLine[]> {
  // read as arrays, a chunk to a statement: better-sqlite3 crosses from JavaScript into SQLite once
  // per row it iterates, once per statement it runs to the end; each chunk starts after the last
  // claim of the one before, so no claim is read twice or held longer than its chunk
  const undecided = statement<[string, string | null, string | null, string, string, number], RecheckArray>(db, RECHECK_UNDECIDED_SQL).raw(true);
  yield* keysetChunks((after) => undecided.all(county, period, period, after?.[1] ?? '', after?.[0] ?? '', chunk), chunk);
  const decided = statement<[string, string | null, string | null, number, string, string, number], RecheckArray>(db, RECHECK_LINES_SQL).raw(true);
  yield* keysetChunks((after) => decided.all(county, period, period, after?.[10] ?? Number.MIN_SAFE_INTEGER, after?.[1] ?? '', after?.[0] ?? '', chunk), chunk);
}

/** Chunks read one after another, each after the last row of the one before, until one comes short. */
function* keysetChunks(read: (after: RecheckArray | null) => RecheckArray[], chunk: number): Generator<RecheckLine[]> {
  for (let rows = read(null); rows.length > 0; rows = read(rows[rows.length - 1]!)) {
    yield lineObjects(rows);
    if (rows.length < chunk) break;
  }
}

/** The same claims one by one (for a caller that is not in a hurry). */
export function* recheckLines(db: Db, county: string, period: string | null, chunk = RECHECK_CHUNK): Generator<RecheckLine> {
  for (const lines of recheckChunks(db, county, period, chunk)) yield* lines;
}

type RecheckArray = [string, string, string, string, number, number | null, string | null, string | null, string | null, string | null, number | null, string | null];

function lineObjects(rows: RecheckArray[]): RecheckLine[] {
  // each made once into the object the Rechecker takes, not a row object and then a copy
  const lines = new Array<RecheckLine>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] = { id: r[0], no: r[1], rule: r[3], year: r[4], subjectId: r[2], subjectType: r[6], course: r[7], facts: r[8], packDigest: r[9], trace: null, decidedSeq: r[10], decidedOn: r[11], amountFen: r[5] };
  }
  return lines;
}

/** Claims to a statement (larger chunks gained nothing measurable; a chunk's rows are held until read). */
const RECHECK_CHUNK = 1024;
const RECHECK_LINE_COLUMNS = 'id, no, subject_id, rule, year, amount_fen, subject_type, course, facts, pack_digest, decided_seq, decided_on';
/** Exported for the test that pins their query plans; run raw (rows as arrays), a chunk at a time. */
export const RECHECK_LINES_SQL = `SELECT ${RECHECK_LINE_COLUMNS} FROM received_claim WHERE ${IN_SCOPE} AND decided_seq IS NOT NULL AND (decided_seq, no, id) > (?, ?, ?) ORDER BY decided_seq, no, id LIMIT ?`;
export const RECHECK_UNDECIDED_SQL = `SELECT ${RECHECK_LINE_COLUMNS} FROM received_claim WHERE ${IN_SCOPE} AND decided_seq IS NULL AND (no, id) > (?, ?) ORDER BY no, id LIMIT ?`;

/** The county's trace of a claim the city keeps (a finding's). */
export function keptTrace(db: Db, county: string, id: string): string | null {
  return statement<[string, string], { trace: string | null }>(db, 'SELECT trace FROM received_claim WHERE county = ? AND id = ?').get(county, id)?.trace ?? null;
}

/** One subject's claims on one rule (the awards a claim's frequency is judged against). */
export function recheckRowsOf(db: Db, county: string, subjectId: string, rule: string): RecheckRow[] {
  return statement<[string, string, string], RecheckRow>(
    db,
    `SELECT ${RECHECK_COLUMNS} FROM received_claim WHERE county = ? AND subject_id = ? AND rule = ? AND state IN ('approved', 'paid') ORDER BY decided_seq, no`,
  ).all(county, subjectId, rule);
}

export function recheckRowByNo(db: Db, county: string, no: string): RecheckRow | undefined {
  return statement<[string, string], RecheckRow>(db, `SELECT ${RECHECK_COLUMNS} FROM received_claim WHERE county = ? AND no = ?`).get(county, no);
}

/**
 * A recheck's result: every claim in scope consistent, then the findings over them. Only the rows
 * not already 一致 are touched (those a bundle just wrote, and earlier findings): the index
 * received_claim_unsettled holds exactly them, so a recheck again of the same bundle writes nothing
 * and reads no more than its findings.
 */
export function markRechecked(db: Db, county: string, period: string | null): void {
  statement<[{ county: string; period: string | null }]>(db, MARK_RECHECKED_SQL).run({ county, period });
}

/** Exported for the test that pins its query plan. */
export const MARK_RECHECKED_SQL = `UPDATE received_claim INDEXED BY received_claim_unsettled SET verdict = 'consistent', city_amount_fen = amount_fen, finding = NULL
     WHERE county = @county AND state IN ('approved', 'paid') AND verdict IS NOT 'consistent' AND (@period IS NULL OR ${DECIDED_QUARTER} = @period)`;

export function recordFinding(db: Db, county: string, claimId: string, f: { verdict: string; cityAmount: number | null; finding: string; countyTrace: string | null }): void {
  statement<[string, number | null, string, string | null, string, string]>(
    db,
    'UPDATE received_claim SET verdict = ?, city_amount_fen = ?, finding = ?, trace = coalesce(?, trace) WHERE county = ? AND id = ?',
  ).run(f.verdict, f.cityAmount, f.finding, f.countyTrace, county, claimId);
}

/** Counts and sums by county, verdict and rule, over the claims rechecked. */
export function recheckGroups(db: Db, county: string | null, period: string | null): { county: string; verdict: string; rule: string; claims: number; county_fen: number; city_fen: number }[] {
  return statement<[string | null, string | null, string | null, string | null], { county: string; verdict: string; rule: string; claims: number; county_fen: number; city_fen: number }>(
    db,
    `SELECT county, verdict, rule, count(*) AS claims, coalesce(sum(amount_fen), 0) AS county_fen, coalesce(sum(city_amount_fen), 0) AS city_fen FROM received_claim
     WHERE verdict IS NOT NULL AND state IN ('approved', 'paid') AND (? IS NULL OR county = ?) AND (? IS NULL OR ${DECIDED_QUARTER} = ?)
     GROUP BY county, verdict, rule ORDER BY county, verdict, rule`,
  ).all(county, county, period, period);
}

/** The claims found other than consistent. */
export function recheckFindingRows(db: Db, county: string | null, period: string | null): (RecheckRow & { county: string })[] {
  return statement<[string | null, string | null, string | null, string | null], RecheckRow & { county: string }>(
    db,
    `SELECT county, ${RECHECK_COLUMNS} FROM received_claim WHERE verdict IS NOT NULL AND verdict <> 'consistent' AND state IN ('approved', 'paid')
     AND (? IS NULL OR county = ?) AND (? IS NULL OR ${DECIDED_QUARTER} = ?) ORDER BY county, no`,
  ).all(county, county, period, period);
}

/** Counties with a bundle received, with the digest of the latest. */
export function countiesReceived(db: Db): { county: string; digest: string }[] {
  return statement<[], { county: string; digest: string }>(
    db,
    'SELECT b.county, b.digest FROM bundle_received b WHERE b.sequence = (SELECT MAX(sequence) FROM bundle_received WHERE county = b.county) ORDER BY b.county',
  ).all();
}

export type ReceivedClaimRow = { county: string; no: string; rule: string; year: number; state: string; amount_fen: number | null; paid_fen: number | null; payee_hash: string | null };

/** Received claims in the given states, across counties. */
export function receivedClaimsIn(db: Db, states: readonly string[]): ReceivedClaimRow[] {
  return statement<string[], ReceivedClaimRow>(
    db,
    `SELECT county, no, rule, year, state, amount_fen, paid_fen, payee_hash FROM received_claim WHERE state IN (${states.map(() => '?').join(', ')})`,
  ).all(...states);
}

/**
 * The county's traces of an import's claims, kept aside (in a temporary table, on disk rather than
 * in memory) until the import's recheck has read the ones it needs; cleared after each import.
 */
export function importTraces(db: Db): { put(claimId: string, trace: string): void; get(claimId: string): string | undefined; clear(): void } {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS import_trace (claim_id TEXT PRIMARY KEY, trace TEXT NOT NULL)');
  const put = statement<[string, string]>(db, 'INSERT OR REPLACE INTO temp.import_trace (claim_id, trace) VALUES (?, ?)');
  const get = statement<[string], { trace: string }>(db, 'SELECT trace FROM temp.import_trace WHERE claim_id = ?');
  return {
    put: (claimId, trace) => void put.run(claimId, trace),
    get: (claimId) => get.get(claimId)?.trace,
    clear: () => void db.exec('DELETE FROM temp.import_trace'),
  };
}
