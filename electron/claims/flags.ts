import type { ClaimFacts } from '../../shared/domain/claims';
import type { SubjectFields } from '../../shared/domain/registry';
import { parseYuanToFen } from '../../shared/money';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import type { Engine } from '../rules/engine';
import { minorUnits } from '../rules/format';
import { LIVE_AWARD_STATES, type Payee } from './repository';

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

/** Other payees' names on one bank account (indexed: migration 0007). */
export const SAME_ACCOUNT_SQL = 'SELECT count(DISTINCT name) AS n FROM subject WHERE bank_account = ? AND name <> ? AND id <> ?';
/** The names one ID number or credit code is registered under (indexed: migration 0007). */
export const SAME_NUMBER_SQL = "SELECT DISTINCT name FROM subject WHERE (id_number = ? OR uscc = ?) AND list NOT IN ('brands', 'poverty-purchases')";

export function claimFlags(db: Db, engine: Engine, c: FlagInput): string[] {
  const flags: string[] = [];
  if (c.payee.bankAccount) {
    const others = statement(db, SAME_ACCOUNT_SQL).get(c.payee.bankAccount, c.payee.name, c.subjectId) as { n: number };
    if (others.n > 0) flags.push(`收款银行账号与另外 ${others.n} 个收款人相同`);
  }
  const identifiers = [c.fields.idNumber, c.fields.operatorIdNumber, c.fields.uscc, c.fields.ownerUscc].filter((v): v is string => typeof v === 'string' && v !== '');
  for (const id of identifiers) {
    const names = statement(db, SAME_NUMBER_SQL).all(id, id) as { name: string }[];
    if (names.length > 1) flags.push(`同一证件号码（${id.slice(0, 4)}…${id.slice(-4)}）登记在不同名称下：${names.map((n) => n.name).join('、')}`);
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
      const previous = statement(db, 'SELECT value FROM subject_fact WHERE subject_id = ? AND year = ? AND fact = ?').get(c.subjectId, c.year - 1, fact) as { value: number } | undefined;
      if (value !== null && previous && previous.value > 0 && value > previous.value * GROWTH_FACTOR) {
        const kind = engine.factKind(fact);
        flags.push(`${label(engine, fact)} ${minorUnits(value, kind)} 超过上年（${minorUnits(previous.value, kind)}）的 ${GROWTH_FACTOR} 倍`);
      }
    }
  }
  const z = zScore(db, c);
  if (z) flags.push(z);
  return flags;
}

function zScore(db: Db, c: FlagInput): string | null {
  if (c.amountFen === null) return null;
  const marks = LIVE_AWARD_STATES.map(() => '?').join(', ');
  const peers = (
    db.prepare(`SELECT amount_fen AS a FROM claim WHERE rule = ? AND year = ? AND id <> ? AND amount_fen IS NOT NULL AND state IN (${marks})`).all(c.rule, c.year, c.claimId, ...LIVE_AWARD_STATES) as { a: number }[]
  ).map((r) => r.a);
  if (peers.length < MIN_PEERS) return null;
  const mean = peers.reduce((s, a) => s + a, 0) / peers.length;
  const sd = Math.sqrt(peers.reduce((s, a) => s + (a - mean) ** 2, 0) / peers.length);
  if (sd === 0) return c.amountFen !== mean ? `金额与同类 ${peers.length} 笔申报（均为 ${(mean / 100).toFixed(2)} 元）不同` : null;
  const z = (c.amountFen - mean) / sd;
  return Math.abs(z) > Z_LIMIT ? `金额偏离同类 ${peers.length} 笔申报的均值 ${(mean / 100).toFixed(2)} 元达 ${Math.abs(z).toFixed(1)} 个标准差` : null;
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
