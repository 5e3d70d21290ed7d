import type { ClaimFacts } from '../../../shared/domain/claims';
import type { SubjectFields } from '../../../shared/domain/registry';
import { parseYuanToFen } from '../../../shared/money';
import type { Db } from '../db/open';
import { namesForNumber, otherNamesOnAccount, subjectFact } from '../registry/repository';
import type { Engine } from '../rules/engine';
import { minorUnits } from '../rules/format';
import type { Payee } from './payees';

// Checks against fraud (the plan: 对弄虚作假的要严肃问责). They flag a claim for the reviewer,
// who must acknowledge them in writing before it passes; they never refuse it.

export type FlagInput = {
  claimId: string;
  subjectId: string;
  rule: string;
  year: number;
  facts: ClaimFacts;
  amountFen: number | null;
  payee: Payee;
  fields: SubjectFields;
};

/** Within 2% above a threshold counts as "just over". */
const NEAR_BASIS_POINTS = 200;
const GROWTH_FACTOR = 3;
const Z_LIMIT = 3;
const MIN_PEERS = 5;

/**
 * The amounts of the other live claims on a rule in a year, kept as exact sums (count, sum and sum
 * of squares in integers), so the spread is the same whether the peers were read one claim at a
 * time or kept up to date across a batch of claims.
 */
export class PeerAmounts {
  private constructor(
    private readonly n: number,
    private readonly sum: bigint,
    private readonly sumOfSquares: bigint,
  ) {}

  static of(amounts: Iterable<number>): PeerAmounts {
    let peers = new PeerAmounts(0, 0n, 0n);
    for (const a of amounts) peers = peers.with(a);
    return peers;
  }

  with(amountFen: number): PeerAmounts {
    const a = BigInt(amountFen);
    return new PeerAmounts(this.n + 1, this.sum + a, this.sumOfSquares + a * a);
  }

  without(amountFen: number): PeerAmounts {
    const a = BigInt(amountFen);
    return new PeerAmounts(this.n - 1, this.sum - a, this.sumOfSquares - a * a);
  }

  /** How far an amount lies from its peers, in words, when more than Z_LIMIT standard deviations. */
  outlier(amountFen: number): string | null {
    if (this.n < MIN_PEERS) return null;
    const n = this.n;
    const mean = Number(this.sum) / n;
    // n²·variance = n·Σa² − (Σa)², exact: zero exactly when every peer has the same amount.
    const spread = BigInt(n) * this.sumOfSquares - this.sum * this.sum;
    if (spread === 0n) return amountFen !== mean ? `金额与同类 ${n} 笔申报（均为 ${(mean / 100).toFixed(2)} 元）不同` : null;
    const sd = Math.sqrt(Number(spread)) / n;
    const z = (amountFen - mean) / sd;
    return Math.abs(z) > Z_LIMIT ? `金额偏离同类 ${n} 笔申报的均值 ${(mean / 100).toFixed(2)} 元达 ${Math.abs(z).toFixed(1)} 个标准差` : null;
  }
}

export function claimFlags(db: Db, engine: Engine, c: FlagInput, peers: PeerAmounts): string[] {
  const flags: string[] = [];
  if (c.payee.bankAccount) {
    const others = otherNamesOnAccount(db, c.payee.bankAccount, c.payee.name, c.subjectId);
    if (others > 0) flags.push(`收款银行账号与另外 ${others} 个收款人相同`);
  }
  const identifiers = [c.fields.idNumber, c.fields.operatorIdNumber, c.fields.uscc, c.fields.ownerUscc].filter((v): v is string => typeof v === 'string' && v !== '');
  for (const id of identifiers) {
    const names = namesForNumber(db, id);
    if (names.length > 1) flags.push(`同一证件号码（${id.slice(0, 4)}…${id.slice(-4)}）登记在不同名称下：${names.join('、')}`);
  }
  const rule = engine.pack.rules.find((r) => r.id === c.rule);
  if (rule) {
    const basisFacts = new Set<string>();
    for (const condition of rule.conditions) {
      if (condition.type !== 'threshold') continue;
      basisFacts.add(condition.fact);
      const value = amountOf(c.facts[condition.fact]);
      if (value === null) continue;
      const limit = engine.parameterFor(condition.parameter, c.year).value as number;
      if (value >= limit && limit > 0 && (value - limit) * 10_000 <= limit * NEAR_BASIS_POINTS) {
        const kind = engine.factKind(condition.fact);
        flags.push(`${label(engine, condition.fact)} ${minorUnits(value, kind)} 仅比门槛 ${minorUnits(limit, kind)} 高 ${percentAbove(value, limit)}（2% 以内）`);
      }
    }
    if (rule.award.type === 'tiered') {
      basisFacts.add(rule.award.basisFact);
      const setting = engine.settings.get(rule.id);
      const value = amountOf(c.facts[rule.award.basisFact]);
      if (setting?.type === 'tiers' && value !== null) {
        for (const tier of setting.tiers) {
          if (value >= tier.atLeast && tier.atLeast > 0 && (value - tier.atLeast) * 10_000 <= tier.atLeast * NEAR_BASIS_POINTS) {
            const kind = engine.factKind(rule.award.basisFact);
            flags.push(`${label(engine, rule.award.basisFact)} ${minorUnits(value, kind)} 仅比分档起点 ${minorUnits(tier.atLeast, kind)} 高 ${percentAbove(value, tier.atLeast)}（2% 以内）`);
          }
        }
      }
    }
    if (rule.award.type === 'percentage') basisFacts.add(rule.award.baseFact);
    for (const fact of basisFacts) {
      const value = amountOf(c.facts[fact]);
      const previous = subjectFact(db, c.subjectId, c.year - 1, fact);
      if (value !== null && previous !== undefined && previous > 0 && value > previous * GROWTH_FACTOR) {
        const kind = engine.factKind(fact);
        flags.push(`${label(engine, fact)} ${minorUnits(value, kind)} 超过上年（${minorUnits(previous, kind)}）的 ${GROWTH_FACTOR} 倍`);
      }
    }
  }
  const outlier = c.amountFen === null ? null : peers.outlier(c.amountFen);
  if (outlier) flags.push(outlier);
  return flags;
}

function amountOf(value: string | boolean | undefined): number | null {
  if (typeof value !== 'string') return null;
  try {
    return parseYuanToFen(value);
  } catch {
    return null;
  }
}

function label(engine: Engine, fact: string): string {
  return `「${engine.facts.get(fact)?.label ?? fact}」`;
}

function percentAbove(value: number, limit: number): string {
  return `${(((value - limit) / limit) * 100).toFixed(1)}%`;
}
