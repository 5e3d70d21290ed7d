import { formatChineseDate } from '../../../shared/dates';
import { FUND_LABELS } from '../../../shared/domain/claims';
import { MEASURE_KINDS, type QuarterReport, type TaskQuarter } from '../../../shared/domain/progress';
import { READING_KINDS } from '../../../shared/domain/readings';
import { TASK_PART_LABELS } from '../../../shared/domain/tasks';
import { formatYuan } from '../../../shared/money';

// The report's sections beyond the task table, as plain rows both formats print: the county's
// part in each task and who in the county answers for it, task 17's subsidies per fund, the
// readings and settings in force, the county's detailed plan and what it did under 二(八)/二(九).
// Pure functions of the snapshot, like the table (the city renders the same bytes).

export type Section = { name: string; title: string; headers: string[]; widths: number[]; rows: string[][] };

const dash = (text: string | null | undefined) => (text && text.trim() ? text : '—');
const day = (iso: string | null | undefined) => (iso ? formatChineseDate(iso.slice(0, 10)) : '—');

/** The lines a task's row adds under its progress: the pack's notes, what came after the deadline. */
export function taskNoteLines(task: TaskQuarter): string[] {
  const after = task.indicators.filter((i) => (i.after ?? 0) > 0).map((i) => `${i.label}：时限后另有 ${i.after}，不计入本任务`);
  return [...(task.notes ?? []), ...after].map((n) => `【说明】${n}`);
}

export function responsibilitySection(report: QuarterReport): Section | null {
  if (report.responsibilities === undefined) return null;
  const byTask = new Map<number, string[]>();
  for (const r of report.responsibilities) {
    const who = `${r.unit}（${r.unitKind === 'town' ? '乡镇' : '部门'}）${r.part ? `：${r.part}` : ''}${r.deadline ? `，${day(r.deadline)}前` : ''}`;
    byTask.set(r.task, [...(byTask.get(r.task) ?? []), who]);
  }
  return {
    name: '责任分工',
    title: '本县区任务分工（各县区要及时制定细化方案，明确县直区直各部门和乡（镇）村工作责任）',
    headers: ['序号', '工作任务', '本县区角色', '县内责任单位'],
    widths: [6, 50, 12, 60],
    rows: report.tasks.map((t) => [String(t.no), t.title, t.part ? TASK_PART_LABELS[t.part] : '—', dash((byTask.get(t.no) ?? []).join('\n'))]),
  };
}

export function subsidySection(report: QuarterReport): Section | null {
  if (!report.subsidies) return null;
  return {
    name: '奖补资金',
    title: `${report.subsidies.year}年度奖补资金（截至${day(report.asOf)}）`,
    headers: ['资金来源', '下达文号', '年度预算', '已审批', '已拨付'],
    widths: [24, 24, 18, 18, 18],
    rows: report.subsidies.funds.map((f) => [FUND_LABELS[f.fund], dash(f.docNo), f.budgetFen === null ? '尚未登记' : formatYuan(f.budgetFen), formatYuan(f.committedFen), formatYuan(f.paidFen)]),
  };
}

export function readingSection(report: QuarterReport): Section | null {
  if (!report.readings) return null;
  return {
    name: '本县解读',
    title: '方案未作规定、由本县区决定的事项',
    headers: ['类别', '事项', '取值', '确认'],
    widths: [10, 44, 40, 30],
    rows: report.readings.map((r) => [READING_KINDS[r.kind], r.label, r.valueLabel, r.setBy ? `${r.setBy} ${day(r.setAt)}` : '默认，本县尚未确认']),
  };
}

export function planSection(report: QuarterReport): Section | null {
  if (report.plan === undefined && report.measures === undefined) return null;
  const plan = report.plan
    ? [['细化方案', `${report.plan.title}（${report.plan.docNo}）`, day(report.plan.issuedOn), '—', report.plan.fileName ? '已附' : '未附']]
    : [['细化方案', '尚未登记', '—', '—', '—']];
  const measures = (report.measures ?? []).map((m) => [MEASURE_KINDS[m.kind], `${m.title}（${m.docNo}）`, day(m.date), m.amountFen === null ? '—' : formatYuan(m.amountFen), m.evidence.length ? `${m.evidence.length} 个` : '未附']);
  return {
    name: '细化方案与措施',
    title: '本县区细化方案与保障措施',
    headers: ['类别', '文件或事项', '日期', '金额', '附件'],
    widths: [30, 50, 16, 16, 10],
    rows: [...plan, ...measures],
  };
}

export function reportSections(report: QuarterReport): Section[] {
  return [subsidySection(report), readingSection(report), responsibilitySection(report), planSection(report)].filter((s): s is Section => s !== null);
}

/** The sections as closing paragraphs of the PDF (one titled table per document there). */
export function sectionParagraphs(report: QuarterReport): string[] {
  return reportSections(report).flatMap((s) => {
    if (s.name === '责任分工') {
      // the task table already says each task's lead units: only what the county assigned is new here
      const assigned = s.rows.filter((r) => r[3] !== '—').map((r) => `　　第 ${r[0]} 项（${r[2]}）：${r[3]}`);
      return [`${s.title}：`, ...(assigned.length ? assigned : ['　　尚未分解到县内部门和乡镇。'])];
    }
    return [`${s.title}：`, ...s.rows.map((r) => `　　${r[0]}：${r.slice(1).map((c, i) => `${s.headers[i + 1]} ${c}`).join('；')}`)];
  });
}
