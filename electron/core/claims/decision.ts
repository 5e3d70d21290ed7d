import type { TraceStep } from '../../../shared/domain/rules';
import { formatYuan } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import { subjectById } from '../registry/repository';
import type { Engine } from '../rules/engine';
import { claimFlags, PeerAmounts } from './flags';
import { payeeOf, subjectTypeOf } from './payees';
import { type ClaimRow, factsOf, LIVE_AWARD_STATES, liveAmounts, previousAwards, fieldsOfClaimSubject } from './repository';

// The rules engine's decision on a claim, and the fraud checks beside it: what submission
// records, what approval re-checks and freezes.

export type Decision = { amountFen: number; trace: TraceStep[]; packDigest: string };

/** The engine's decision for a claim now: refused with the failing step when not eligible. */
/** `decidedOn`: the day of the decision (China), which picks the law cited for 以上/超过. */
export function decide(db: Db, engine: Engine, claim: ClaimRow, county: string, packDigest: string, decidedOn: string): Decision {
  const previous = previousAwards(db, claim.subject_id, claim.rule, claim.id).map((a) => (a.course ? { rule: a.rule, year: a.year, course: a.course } : { rule: a.rule, year: a.year }));
  const subject = subjectById(db, claim.subject_id);
  if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
  const outcome = engine.evaluate({
    id: claim.no,
    rule: claim.rule,
    year: claim.year,
    subject: { type: subjectTypeOf(subject.list, subject.parsed), county },
    facts: factsOf(claim),
    previousAwards: previous,
    decidedOn,
  });
  if ('error' in outcome) throw new DomainError('VALIDATION', `规则引擎无法判定申报 ${claim.no}：${outcome.error.message}`);
  const title = engine.pack.rules.find((r) => r.id === claim.rule)?.title ?? claim.rule;
  if (!outcome.eligible) {
    const failed = outcome.trace.filter((s) => s.passed === false).map((s) => s.text);
    throw new DomainError('VALIDATION', `申报 ${claim.no} 不符合「${title}」的条件：${failed.join('；')}`, { trace: outcome.trace });
  }
  if (outcome.amountFen === null) {
    // the plan caps a rate or leaves tiers to the county: nothing is paid before the county decides
    const byRate = outcome.trace.some((s) => s.values && 'capRateBasisPoints' in s.values);
    const what = byRate ? `补贴比例（方案规定上限，${outcome.maxAmountFen === null ? '' : `本申报最多 ${formatYuan(outcome.maxAmountFen)}`}）` : '分档标准';
    throw new DomainError('VALIDATION', `本县尚未设定「${title}」的${what}，无法确定金额，请先在“政策与规则”中设定`, { trace: outcome.trace });
  }
  if (outcome.amountFen === 0) throw new DomainError('VALIDATION', `申报 ${claim.no} 按规则计算金额为 0 元，无需申报`, { trace: outcome.trace });
  return { amountFen: outcome.amountFen, trace: outcome.trace, packDigest };
}

/**
 * The amounts of the live claims per rule and year, read once and kept up to date as a batch of
 * claims is decided, so that each claim is compared with exactly the peers it would have had
 * decided alone.
 */
export class Peers {
  private readonly groups = new Map<string, PeerAmounts>();
  constructor(private readonly db: Db) {}

  private group(rule: string, year: number): PeerAmounts {
    const key = `${rule}\u0000${year}`;
    let group = this.groups.get(key);
    if (!group) {
      group = PeerAmounts.of(liveAmounts(this.db, rule, year, ''));
      this.groups.set(key, group);
    }
    return group;
  }

  /** The claim's peers: the live claims on its rule and year, without itself. */
  of(claim: ClaimRow): PeerAmounts {
    const group = this.group(claim.rule, claim.year);
    return LIVE_AWARD_STATES.includes(claim.state) && claim.amount_fen !== null ? group.without(claim.amount_fen) : group;
  }

  /** A claim of the batch became live with this amount. */
  add(claim: ClaimRow, amountFen: number): void {
    this.groups.set(`${claim.rule}\u0000${claim.year}`, this.group(claim.rule, claim.year).with(amountFen));
  }
}

export function currentFlags(db: Db, engine: Engine, claim: ClaimRow, amountFen: number | null, peers: Peers = new Peers(db)): string[] {
  const fields = fieldsOfClaimSubject(claim);
  return claimFlags(
    db,
    engine,
    {
      claimId: claim.id,
      subjectId: claim.subject_id,
      rule: claim.rule,
      year: claim.year,
      facts: factsOf(claim),
      amountFen,
      payee: payeeOf(db, claim.list, fields),
      fields,
    },
    peers.of(claim),
  );
}
