import type { Principal } from '../../../shared/domain/accounts';
import { type RecheckClaimDetail, type RecheckFinding, type RecheckGroup, RecheckFinding as FindingSchema, type RecheckSummary, type RecheckView, Verdict } from '../../../shared/domain/recheck';
import { TraceStep } from '../../../shared/domain/rules';
import { DomainError } from '../../../shared/result';
import { z } from 'zod';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import type { Ledger } from '../ledger/ledger';
import { activePack, installRole, packByDigest } from '../policy/repository';
import { type PackLookup, type RecheckInput, type RecheckResult, Rechecker, recheckClaims } from '../rules/recheck';
import { countiesReceived, type RecheckRow, keptTrace, recheckFindingRows, recheckChunks, recheckGroups, recheckRowByNo, recheckRowsOf, receivedSettings } from './city-repository';
import { recheckRecorded } from './events';

// 市级复核 at the city: every approved or paid claim a county reported, decided again from what its
// bundles carried (rules/recheck.ts), on import and on demand. A run is journaled per county with
// the digest of the bundle it rests on; the 复核 view, the CLI and the documents read the verdicts.

/** The packs the city holds, by digest (the city signed or loaded each). */
export function cityPacks(db: Db): PackLookup {
  return (digest) => packByDigest(db, digest);
}

export function inputOf(r: RecheckRow, trace: string | null): RecheckInput {
  return {
    id: r.id,
    no: r.no,
    rule: r.rule,
    year: r.year,
    subjectId: r.subject_id,
    subjectType: r.subject_type,
    course: r.course,
    facts: r.facts,
    packDigest: r.pack_digest,
    trace,
    decidedSeq: r.decided_seq,
    decidedOn: r.decided_on,
    amountFen: r.amount_fen,
  };
}

/** A result as a finding: what `city recheck` prints for a claim the city does not find as reported. */
export function findingOf(input: Pick<RecheckInput, 'id' | 'no' | 'rule' | 'amountFen'>, r: RecheckResult): RecheckFinding {
  return { claimId: input.id, claimNo: input.no, rule: input.rule, verdict: r.verdict, countyAmount: input.amountFen, cityAmount: r.cityAmount, step: r.step, reason: r.reason };
}

/**
 * Rechecks one county's claims in scope and journals the outcome. `traces`: the county's traces by
 * claim id when the bundle is at hand (on import); otherwise those kept from earlier findings.
 */
export function recordRecheck(ledger: Ledger, by: Principal, county: string, period: string | null, bundleDigest: string | null, traces?: { get(claimId: string): string | undefined }): RecheckSummary['counties'][number] {
  const db = ledger.db;
  // streamed in decision order: a county's claims are never all in memory, only its findings; a
  // county's trace is read (from the import's or from the city's own keeping) only for a finding
  const traceOf = (claim: RecheckInput) => traces?.get(claim.id) ?? keptTrace(db, county, claim.id);
  const rechecker = new Rechecker(county, cityPacks(db), receivedSettings(db, county), { traceOf });
  const findings: (RecheckFinding & { countyTrace: TraceStep[] | null })[] = [];
  let claims = 0;
  for (const lines of recheckChunks(db, county, period)) {
    for (const input of lines) {
      const r = rechecker.next(input);
      if (r.verdict !== 'consistent') findings.push({ ...findingOf(input, r), countyTrace: parsedTrace(traceOf(input)) });
    }
    claims += lines.length;
  }
  const consistent = claims - findings.length;
  ledger.append(by.username, { kind: recheckRecorded.kind, entity: `recheck:${county}`, payload: { county, bundleDigest, period, claims, consistent, findings } });
  return { county, name: countyName(db, county), bundleDigest, claims, consistent, findings: findings.map(({ countyTrace: _trace, ...f }) => f) };
}

const Trace = z.array(TraceStep);

function parsedTrace(text: string | null): TraceStep[] | null {
  if (text === null) return null;
  try {
    const parsed = Trace.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function countyName(db: Db, code: string): string {
  return activePack(db).counties.find((c) => c.code === code)?.name ?? code;
}

function mustBeCity(db: Db): void {
  if (installRole(db)?.role !== 'city') throw new DomainError('FORBIDDEN', '只有市级版可以复核县区报送的奖补');
}

/** On demand: every county with a bundle received (or one), in one write. */
export function runRecheck(ledger: Ledger, by: Principal, filter: { county?: string | null; period?: string | null }): RecheckSummary {
  return ledger.db.transaction(() => {
    mustBeCity(ledger.db);
    const received = countiesReceived(ledger.db).filter((c) => !filter.county || c.county === filter.county);
    if (filter.county && received.length === 0) throw new DomainError('NOT_FOUND', `尚未收到 ${filter.county} 的数据包`);
    return { counties: received.map((c) => recordRecheck(ledger, by, c.county, filter.period ?? null, c.digest)) };
  })();
}

const StoredFinding = FindingSchema;

/** The verdicts as last journaled, per county: the shape `city recheck` prints. */
export function recheckSummary(db: Db, filter: { county?: string | null; period?: string | null }): RecheckSummary {
  const period = filter.period ?? null;
  const groups = recheckGroups(db, filter.county ?? null, period);
  const findings = recheckFindingRows(db, filter.county ?? null, period);
  const digests = new Map(countiesReceived(db).map((c) => [c.county, c.digest]));
  // every county with a bundle received is rechecked on import, with or without claims
  const codes = [...new Set([...groups.map((g) => g.county), ...digests.keys()])].filter((c) => !filter.county || c === filter.county).sort();
  return {
    counties: codes.map((county) => {
      const mine = groups.filter((g) => g.county === county);
      return {
        county,
        name: countyName(db, county),
        bundleDigest: digests.get(county) ?? null,
        claims: mine.reduce((n, g) => n + g.claims, 0),
        consistent: mine.filter((g) => g.verdict === 'consistent').reduce((n, g) => n + g.claims, 0),
        findings: findings.filter((f) => f.county === county).map((f) => parseJsonColumn(StoredFinding, f.finding ?? 'null', `申报 ${f.no} 的复核结果`)),
      };
    }),
  };
}

/** The 复核 view: counts and sums by county, verdict and rule, and the findings. */
export function recheckView(db: Db, filter: { county?: string | null; period?: string | null }): RecheckView {
  const pack = activePack(db);
  const titles = new Map<string, string>(pack.rules.map((r) => [r.id, r.title]));
  const groups: RecheckGroup[] = recheckGroups(db, filter.county ?? null, filter.period ?? null).map((g) => ({
    county: g.county,
    name: countyName(db, g.county),
    verdict: Verdict.parse(g.verdict),
    rule: g.rule,
    ruleTitle: titles.get(g.rule) ?? g.rule,
    claims: g.claims,
    countyFen: g.county_fen,
    cityFen: g.city_fen,
  }));
  return { groups, summary: recheckSummary(db, filter) };
}

/** The drill-down: one claim decided again, with the county's trace beside the city's. */
export function recheckClaimDetail(db: Db, county: string, claimNo: string): RecheckClaimDetail {
  const row = recheckRowByNo(db, county, claimNo);
  if (!row || (row.state !== 'approved' && row.state !== 'paid')) throw new DomainError('NOT_FOUND', `没有 ${county} 已审批的申报 ${claimNo}`);
  // the claim's frequency is judged against the same subject's awards on the rule, decided before it
  const peers = recheckRowsOf(db, county, row.subject_id, row.rule).filter((r) => (r.decided_seq ?? 0) <= (row.decided_seq ?? 0));
  const inputs = peers.map((r) => inputOf(r, r.trace));
  const results = recheckClaims(inputs, county, cityPacks(db), receivedSettings(db, county), true);
  const index = peers.findIndex((r) => r.id === row.id);
  const result = results[index]!;
  const countyTrace = parsedTrace(row.trace);
  const title = activePack(db).rules.find((r) => r.id === row.rule)?.title ?? row.rule;
  return {
    county,
    claimNo,
    rule: row.rule,
    ruleTitle: title,
    year: row.year,
    decidedOn: row.decided_on,
    verdict: result.verdict,
    reason: result.reason,
    countyAmount: row.amount_fen,
    cityAmount: result.cityAmount,
    step: result.step,
    // kept at the city for findings only: a consistent claim's trace stayed in its bundle
    countyTrace: countyTrace ?? [],
    cityTrace: result.cityTrace ?? [],
  };
}
