import { Sessions } from '../accounts/sessions';
import type { Core } from '../core';
import { activePack } from '../policy/repository';
import { generateQuarterReport } from '../progress/generate';
import { closeQuarter, enterValue, saveText, setTarget } from '../progress/service';
import type { Actors } from './claims';
import { DEMO_YEAR } from './plan';
import type { Random } from './random';
import { quarterEnd, quarterLabel } from '../../../shared/dates';

// The demo county's quarterly progress: every task's text, every entered indicator, the county's
// own targets, and 2019Q3 and 2019Q4 reported and closed, each through the progress services.

export const DEMO_QUARTERS = ['2019Q3', '2019Q4'] as const;

const TEXTS = {
  narrative: [
    '按方案分解任务，牵头单位每月调度，乡镇逐项落实，本季度工作按计划推进。',
    '召开专题推进会，明确责任人和时间节点，已完成阶段性目标。',
    '结合电子商务进农村综合示范项目同步推进，资金和项目已落实到乡镇。',
    '对照任务分解表逐项核查，台账资料已归档，数据经统计部门核对。',
  ],
  problems: ['部分乡镇网点运营人员流动较大，持续经营能力不足。', '农产品标准化、品牌化程度不高，上行规模仍偏小。', '物流末端成本偏高，偏远村覆盖不足。', '无'],
  nextSteps: ['下季度加强对乡镇的督促指导，按月通报进度。', '继续开展电商培训和品牌培育，扩大农产品网络销售。', '整合快递物流资源，推进县乡村三级物流体系建设。', '做好奖补资金拨付和绩效评价。'],
};

/** Entered indicators' values for Q3 and Q4, by unit. */
function enteredValue(unit: string, id: string, quarter: string, r: Random): string {
  const q4 = quarter.endsWith('Q4');
  if (id === 'demo-county') return q4 ? '1' : '0';
  switch (unit) {
    case '%':
      return id.endsWith('-completion') ? (q4 ? '100' : String(r.int(55, 80))) : `${r.int(q4 ? 28 : 15, q4 ? 40 : 26)}.${r.int(0, 9)}`;
    case '个':
      return String(r.int(q4 ? 14 : 6, q4 ? 22 : 12));
    case '公里':
      return `${r.int(q4 ? 60 : 25, q4 ? 90 : 50)}.${r.int(0, 9)}`;
    case '个百分点':
      return `${r.int(q4 ? 8 : 3, q4 ? 15 : 7)}.${r.int(0, 9)}`;
    default:
      return String(r.int(1, 10));
  }
}

export async function recordProgress(core: Core, who: Actors, today: string, now: number, r: Random): Promise<string[]> {
  const pack = activePack(core.db);
  const entered = (pack.progress?.indicators ?? []).filter((i) => i.source === 'entered');
  for (const i of entered.filter((x) => x.target.type === 'local')) {
    setTarget(core.ledger, who.director, { indicator: i.id, value: enteredValue(i.unit, i.id, '2019Q4', r), source: `县政府常务会议确定的${DEMO_YEAR}年度目标` });
  }
  // reports are generated "today" (the demo's now), as the clerk would on that day
  const at: Core = { ...core, sessions: new Sessions(() => now) };
  for (const quarter of DEMO_QUARTERS) {
    core.db.transaction(() => {
      for (const task of pack.tasks) {
        saveText(core.ledger, who.clerk, today, {
          quarter,
          task: task.no,
          expectedRevision: 0,
          narrative: `${quarterLabel(quarter)}：${r.pick(TEXTS.narrative)}`,
          problems: r.pick(TEXTS.problems),
          nextSteps: r.pick(TEXTS.nextSteps),
        });
      }
      for (const i of entered) {
        enterValue(core.ledger, who.clerk, today, { quarter, indicator: i.id, value: enteredValue(i.unit, i.id, quarter, r), source: `${quarterLabel(quarter)}县统计局统计快报（截至 ${quarterEnd(quarter)}）` });
      }
    })();
    await generateQuarterReport(at, who.clerk, quarter, 'xlsx');
    closeQuarter(core.ledger, who.director, today, quarter, new Date(now).toISOString());
  }
  return [...DEMO_QUARTERS];
}
