import type { County } from '../../../shared/domain/counties';
import { type IndicatorsFile } from '../../../shared/domain/progress';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import type { PolicyPack } from '../policy/pack';
import { activePack, installRole } from '../policy/repository';
import { quarterStates } from './repository';
import { nextQuarter, quarterEnd, quarterLabel, quarterOf, quartersBetween, quarterStart } from '../../../shared/dates';

// What quarterly progress is measured against: the active pack's indicators for this county,
// and which quarters exist to be reported on.

/** Quarters open for reporting run one year past the last task deadline (for late corrections). */
const EXTRA_QUARTERS = 4;

export type Definitions = { pack: PolicyPack; progress: IndicatorsFile; county: County };

export function definitions(db: Db): Definitions {
  const role = installRole(db);
  if (role?.role !== 'county') throw new DomainError('FORBIDDEN', '季度进展只在县区版中填报：请先在首页选择本机所属县区');
  const pack = activePack(db);
  if (!pack.progress) throw new DomainError('POLICY_INVALID', `当前政策包（${pack.meta.docNo}）没有进度指标（indicators.json），无法统计季度进展`);
  const county = pack.counties.find((c) => c.code === role.county);
  if (!county) throw new DomainError('POLICY_INVALID', `当前政策包中没有本机所属县区 ${role.county}`);
  return { pack, progress: pack.progress, county };
}

/** The quarters a clerk can report on, oldest first, and which one is current. */
export function reportingQuarters(pack: PolicyPack, progress: IndicatorsFile, today: string): { quarters: string[]; current: string } {
  const first = quarterOf(progress.pathStart.date);
  const lastDeadline = pack.tasks.map((t) => t.deadline).reduce((a, b) => (a > b ? a : b), progress.pathStart.date);
  let last = quarterOf(lastDeadline);
  for (let i = 0; i < EXTRA_QUARTERS; i++) last = nextQuarter(last);
  const todayQuarter = quarterOf(today);
  const quarters = quartersBetween(first, todayQuarter < last ? todayQuarter : last);
  if (quarters.length === 0) quarters.push(first);
  return { quarters, current: quarters[quarters.length - 1]! };
}

/** The day a quarter is read for: its last day, or today while it runs. */
export function asOfFor(quarter: string, today: string): string {
  const end = quarterEnd(quarter);
  return today < end ? today : end;
}

export function mustKnowQuarter(d: Definitions, quarter: string, today: string): void {
  const { quarters } = reportingQuarters(d.pack, d.progress, today);
  if (quarters.includes(quarter)) return;
  if (quarterStart(quarter) > today) throw new DomainError('VALIDATION', `${quarterLabel(quarter)}尚未开始`, { field: 'quarter' });
  throw new DomainError('VALIDATION', `${quarterLabel(quarter)}不在方案的报告期内（${quarterLabel(quarters[0]!)}至${quarterLabel(quarters[quarters.length - 1]!)}）`, { field: 'quarter' });
}

export function mustBeOpen(db: Db, quarter: string): void {
  if (quarterStates(db).get(quarter) === 'closed') {
    throw new DomainError(
      'STATE',
      `${quarterLabel(quarter)}已关闭，不能再修改。如需更正，请在${quarterLabel(nextQuarter(quarter))}填报，或由审批人说明原因后重新打开该季度`,
      { state: 'closed' },
    );
  }
}

export function mustTask(d: Definitions, task: number): void {
  if (!d.pack.tasks.some((t) => t.no === task)) throw new DomainError('NOT_FOUND', `任务分解表中没有第 ${task} 项任务`, { field: 'task' });
}
