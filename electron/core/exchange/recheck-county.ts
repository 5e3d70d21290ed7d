import type { RecheckFinding } from '../../../shared/domain/recheck';
import { chinaToday } from '../../../shared/dates';
import { subjectTypeOf } from '../claims/payees';
import type { Db } from '../db/open';
import { installRole, packByDigest } from '../policy/repository';
import { type RecheckInput, recheckClaims } from '../rules/recheck';
import { findingOf } from './recheck';
import { approvalSeqs, exportClaims, settingEntries } from './repository';

// The county sees the city's check before it exports (数据报送's preview): its approved and paid
// claims decided again exactly as the city will from the bundle's lines, so nothing surprising
// goes up.

export function countyRecheck(db: Db): RecheckFinding[] {
  const role = installRole(db);
  if (role?.role !== 'county') return [];
  const approvals = approvalSeqs(db);
  const inputs: RecheckInput[] = [];
  for (const c of exportClaims(db)) {
    if (!c.frozen || (c.state !== 'approved' && c.state !== 'paid')) continue;
    const decidedSeq = approvals.get(c.id) ?? null;
    inputs.push({
      id: c.id,
      no: c.no,
      rule: c.rule,
      year: c.year,
      subjectId: c.subject_id,
      subjectType: subjectTypeOf(c.list, { level: typeof c.level === 'string' ? c.level : null }),
      course: c.course,
      facts: c.facts,
      packDigest: c.pack_digest,
      trace: c.trace,
      decidedSeq,
      decidedOn: decidedSeq !== null && c.approved_at ? chinaToday(c.approved_at) : null,
      amountFen: c.amount_fen,
    });
  }
  const results = recheckClaims(inputs, role.county, (digest) => packByDigest(db, digest), settingEntries(db));
  return results.flatMap((r, i) => (r.verdict === 'consistent' ? [] : [findingOf(inputs[i]!, r)]));
}
