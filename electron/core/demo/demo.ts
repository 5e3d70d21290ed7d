import type { Principal, Role } from '../../../shared/domain/accounts';
import { type ClaimState, CLAIM_STATES } from '../../../shared/domain/claims';
import { chinaToday } from '../../../shared/dates';
import { LIST_IDS, LISTS, type ListId } from '../../../shared/domain/registry';
import { fenToYuanString } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import { accountCount } from '../accounts/repository';
import { createAccount, principalOf, SYSTEM_SETUP } from '../accounts/service';
import { budgetOf } from '../claims/budget-repository';
import { currentFlags, Peers } from '../claims/decision';
import { fundOf } from '../claims/funds';
import { setBudget } from '../claims/payments';
import { countyReadings } from '../readings/service';
import type { Fund } from '../../../shared/domain/claims';
import { claimCountsByState, claimRow } from '../claims/repository';
import type { Core } from '../core';
import { activePack, installRole } from '../policy/repository';
import { configureInstallRole, engineFor, saveRuleSetting } from '../policy/service';
import { countSubjects, subjectCountsByList, subjectIdsByKey } from '../registry/repository';
import { importList } from '../registry/service';
import type { TableRow } from '../registry/table';
import { type Actors, runClaims } from './claims';
import { DEMO_YEAR, HEADERS, type PlannedSubject, planClaims, planSubjects, reaches, TIERS } from './plan';
import { recordProgress } from './progress';
import { mulberry32, Random, seedNumber } from './random';

// A reproducible demo county: the same county, sizes and seed give the same registry, claims and
// quarters (a seeded PRNG, never Math.random). Everything is written through the services a clerk's
// actions go through: imports through importList (every row validated), accounts, rule settings,
// budget, every step of every claim, progress and quarter closing.
//
// Claims come in two stages, both through the claim services:
//  · stage 1 ("walked"): about 1% of the claims (at least 100) — every claim on a rule whose amount
//    varies (企业/品牌/跨境分档, 收购补助, 购销协作) plus a sample of the others — one claim per
//    service call, with detours (returned and corrected), objections and voids along the way.
//  · stage 2: the bulk, all on fixed-amount rules (培训补贴, 网点奖励, 网点上行服务单档, 示范镇村),
//    handed to the same services a batch of claims per call (`claimPath: 'batched'`, the default)
//    or one per call (`'services'`); demo.test.ts builds both ways and finds the same claims.
// The demo's figures keep the fraud checks quiet for the bulk (unique bank accounts and ID
// numbers, figures well clear of thresholds, one amount per rule), so reviewers of a demo are
// not taught to wave flags through; `verifyQuietFlags` checks it.

export const DEMO_PASSWORD = 'demo2019a';
/** 2020-04-10 10:00 in China: 2019Q3 and 2019Q4 have ended and can be closed. */
export const DEMO_NOW = Date.parse('2020-04-10T02:00:00Z');

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'demo-admin', displayName: '演示管理员', roles: ['admin'] },
  { username: 'demo-clerk', displayName: '演示录入员', roles: ['clerk'] },
  { username: 'demo-reviewer', displayName: '演示审核员', roles: ['reviewer'] },
  { username: 'demo-director', displayName: '演示审批人', roles: ['director'] },
];

export type DemoOptions = {
  county: string;
  subjects: number;
  claims: number;
  seed: number | string;
  /** Milliseconds: "today" for the services, reports and closing (default DEMO_NOW). */
  now?: number;
  /** 'batched' (default): stage-2 claims go to the services a batch per call; 'services': one claim per call (see above). */
  claimPath?: 'batched' | 'services';
  /** Called at each step, for a progress line. */
  log?: (message: string) => void;
};

export type DemoSummary = {
  county: { code: string; name: string };
  seed: number;
  subjects: number;
  lists: Record<ListId, number>;
  claims: Record<ClaimState, number>;
  /** How many claims went one by one through the services, and how many in batches. */
  claimPaths: { services: number; batched: number };
  budget: { year: number; baseFen: number; upliftFen: number };
  closedQuarters: string[];
  accounts: { username: string; displayName: string; roles: Role[]; password: string }[];
};

function tableOf(list: ListId, subjects: PlannedSubject[]): { fileName: string; table: { sheet: string; headerRow: number; headers: string[]; rows: TableRow[] } } {
  const headers = HEADERS[list];
  return {
    fileName: `${LISTS[list].label}（演示）.xlsx`,
    table: { sheet: LISTS[list].label, headerRow: 1, headers, rows: subjects.map((s, i) => ({ rowNumber: i + 2, cells: headers.map((h) => s.cells[h] ?? '') })) },
  };
}

async function importStage(core: Core, clerk: Principal, subjects: Record<ListId, PlannedSubject[]>, early: boolean): Promise<void> {
  for (const list of LIST_IDS) {
    const rows = subjects[list].filter((s) => s.early === early);
    if (rows.length === 0) continue;
    const report = await importList(core.ledger, clerk, list, tableOf(list, rows), true);
    if (report.errors.length > 0 || report.new !== rows.length) {
      throw new DomainError('INTERNAL', `演示数据「${LISTS[list].label}」导入未全部通过：${report.errors[0]?.message ?? `新增 ${report.new} / ${rows.length}`}`);
    }
  }
}

/**
 * The fraud checks, run again on a sample of claims: the demo's bulk is made to keep them quiet (the
 * subject and claim tables only grow, and the amounts per rule are one, so a quiet result now
 * means the checks were quiet at submission too).
 */
export function verifyQuietFlags(core: Core, claimIds: readonly string[]): void {
  const engine = engineFor(core.db);
  const peers = new Peers(core.db);
  for (const id of claimIds) {
    const claim = claimRow(core.db, id)!;
    const flags = currentFlags(core.db, engine, claim, claim.amount_fen, peers);
    if (flags.length > 0) throw new DomainError('INTERNAL', `演示申报 ${claim.no} 有未计入的疑点：${flags.join('；')}`);
  }
}

/** Builds the demo county into a fresh database (only the policy pack in it). */
export async function buildDemo(core: Core, options: DemoOptions): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const now = options.now ?? DEMO_NOW;
  const today = chinaToday(new Date(now));
  const seed = seedNumber(options.seed);
  if (!Number.isInteger(options.subjects) || options.subjects < 50 || options.subjects > 2_000_000) throw new DomainError('VALIDATION', '主体数应为 50 到 2,000,000 之间的整数', { field: 'subjects' });
  if (!Number.isInteger(options.claims) || options.claims < 0) throw new DomainError('VALIDATION', '申报数应为不小于 0 的整数', { field: 'claims' });
  const pack = activePack(core.db);
  const county = pack.counties.find((c) => c.code === options.county);
  if (!county) throw new DomainError('VALIDATION', `区划代码「${options.county}」不是政策包中的县区（可选：${pack.counties.map((c) => `${c.code} ${c.name}`).join('、')}）`, { field: 'county' });
  const used = [...subjectCountsByList(core.db).values(), ...claimCountsByState(core.db).values(), accountCount(core.db)].reduce((a, b) => a + b, 0);
  const role = installRole(core.db);
  if (used > 0 || (role && (role.role !== 'county' || role.county !== county.code))) throw new DomainError('CONFLICT', '演示数据只能写入新建的数据库（该数据库已有主体、申报、账号或已设为其他县区）');

  const r = new Random(mulberry32(seed));
  const started = Date.now();
  const lap = (what: string) => log(`${what}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  const subjects = planSubjects(county.code, options.subjects, r);
  const claims = planClaims(subjects, options.claims, r);
  for (const list of LIST_IDS.filter((l) => l !== 'trainees' && l !== 'service-points' && l !== 'poor-households')) for (const s of subjects[list]) s.early = true;

  const [admin, clerk, reviewer, director] = DEMO_ACCOUNTS;
  if (!role) configureInstallRole(core.ledger, core.actor, { role: 'county', county: county.code });
  for (const a of DEMO_ACCOUNTS) createAccount(core.ledger, SYSTEM_SETUP, { ...a, roles: [...a.roles], password: DEMO_PASSWORD });
  const who: Actors = { admin: principalOf(core.db, admin!.username)!, clerk: principalOf(core.db, clerk!.username)!, reviewer: principalOf(core.db, reviewer!.username)!, director: principalOf(core.db, director!.username)! };
  for (const setting of TIERS) saveRuleSetting(core.ledger, who.director, setting);
  // each fund's budget covers what its rules will approve, in whole 万元 (training is paid from employment money by default)
  const readings = countyReadings(core.db);
  const committable = (fund: Fund) => claims.filter((c) => reaches(c, 'approved') && fundOf(readings, c.rule) === fund).reduce((s, c) => s + (c.subject.maxAward[c.rule] ?? 0), 0);
  const budgetFen = (fund: Fund) => Math.max(1, Math.ceil((committable(fund) * 1.05) / 1_000_000)) * 1_000_000;
  setBudget(core.ledger, who.director, { year: DEMO_YEAR, docNo: `淮财企〔${DEMO_YEAR}〕56号`, base: fenToYuanString(budgetFen('commerce')) });
  setBudget(core.ledger, who.director, { year: DEMO_YEAR, fund: 'employment', docNo: `淮人社〔${DEMO_YEAR}〕23号`, base: fenToYuanString(budgetFen('employment')) });
  lap('账号、分档标准、比例和预算已登记');

  await importStage(core, who.clerk, subjects, true);
  lap('第一批名单已导入');
  const walked = claims.filter((c) => c.walked);
  runClaims(core, who, subjectIdsByKey(core.db), walked, r, { today, noticeSize: 40, batch: 200, payFrom: 0, oneAtATime: true });
  lap(`${walked.length} 条申报已逐条经各环节办理`);

  await importStage(core, who.clerk, subjects, false);
  lap('其余名单已导入');
  const bulk = claims.filter((c) => !c.walked);
  const services = options.claimPath === 'services';
  runClaims(core, who, subjectIdsByKey(core.db), bulk, r, { today, noticeSize: 500, batch: services ? 500 : 10_000, payFrom: walked.length, oneAtATime: services });
  if (!services && bulk.length > 0) {
    const sample = bulk.filter((c) => reaches(c, 'submitted') && c.target !== 'voided');
    verifyQuietFlags(core, Array.from({ length: Math.min(12, sample.length) }, (_, i) => sample[Math.floor((i * sample.length) / Math.min(12, sample.length))]!.id!));
  }
  lap(`${bulk.length} 条申报已${services ? '逐条' : '分批'}办理`);

  const closedQuarters = await recordProgress(core, who, today, now, r);
  lap('季度进展已填报，2019 年三、四季度报告已生成并关闭');

  const lists = Object.fromEntries(LIST_IDS.map((l) => [l, countSubjects(core.db, l)])) as Record<ListId, number>;
  const byState = claimCountsByState(core.db);
  const states = Object.fromEntries(CLAIM_STATES.map((s) => [s, byState.get(s) ?? 0])) as Record<ClaimState, number>;
  const budget = budgetOf(core.db, DEMO_YEAR, 'commerce')!;
  return {
    county: { code: county.code, name: county.name },
    seed,
    subjects: Object.values(lists).reduce((s, n) => s + n, 0),
    lists,
    claims: states,
    claimPaths: { services: walked.length + (services ? bulk.length : 0), batched: services ? 0 : bulk.length },
    budget: { year: DEMO_YEAR, baseFen: budget.baseFen, upliftFen: budget.upliftFen },
    closedQuarters,
    accounts: DEMO_ACCOUNTS.map((a) => ({ ...a, roles: [...a.roles], password: DEMO_PASSWORD })),
  };
}
