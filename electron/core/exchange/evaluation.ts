import { formatChineseDate, chinaToday, quarterLabel } from '../../../shared/dates';
import { CountyMeasure, CountyPlan, LIGHT_LABELS, type QuarterReport, ReportReading, Responsibility, SubsidySummary, TaskQuarter, formatIndicatorValue } from '../../../shared/domain/progress';
import { formatYuan } from '../../../shared/money';
import { DomainError } from '../../../shared/result';
import { z } from 'zod';
import { sheetsXlsx } from '../claims/documents';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { findCjkFont, type CjkFont } from '../documents/fonts';
import { renderTablePdf } from '../documents/pdf';
import { activePack, policyPackByDigest } from '../policy/repository';
import { quarterReportPdf, quarterReportXlsx } from '../progress/report';
import { configuredFontPath } from '../settings/service';
import { receivedReportHeader, receivedTaskRows } from './city-repository';
import { cityOverview } from './overview';
import { recheckSummary } from './recheck';

// Task 18, 组织开展任务落实情况评估: the city's evaluation. Per county it is the county's own
// quarterly report, rebuilt from the bundle it sent (so byte for byte what the county printed);
// city-wide it is the plan's task table with every county's light, the city targets against the
// counties' sum, and subsidies by county.

/** A county's quarter report as its bundle carried it. */
const ReportHeader = z.object({
  county: z.object({ code: z.string(), name: z.string() }),
  quarter: z.string(),
  asOf: z.string(),
  state: z.enum(['open', 'closed']),
  preparedBy: z.string(),
  approvedBy: z.string().nullable(),
  generatedAt: z.string(),
  pack: z.object({ id: z.string(), version: z.string(), digest: z.string() }),
  subsidies: SubsidySummary.nullable().optional(),
  readings: z.array(ReportReading).optional(),
  plan: CountyPlan.nullable().optional(),
  responsibilities: z.array(Responsibility).optional(),
  measures: z.array(CountyMeasure).optional(),
});

export function receivedReport(db: Db, county: string, period: string): QuarterReport {
  const stored = receivedReportHeader(db, county, period);
  if (stored === undefined) throw new DomainError('NOT_FOUND', `尚未收到 ${county} ${quarterLabel(period)}的数据包`);
  const header = parseJsonColumn(ReportHeader, stored, `${county} ${quarterLabel(period)}数据包的报告`);
  const pack = policyPackByDigest(db, header.pack.digest);
  if (!pack) throw new DomainError('BUNDLE_PACK', '该数据包所用的政策包未在本机载入');
  return {
    format: 1,
    county: header.county,
    quarter: header.quarter,
    asOf: header.asOf,
    pack: { id: header.pack.id, docNo: pack.docNo, title: pack.title, digest: header.pack.digest },
    state: header.state,
    preparedBy: header.preparedBy,
    approvedBy: header.approvedBy,
    generatedAt: header.generatedAt,
    tasks: receivedTaskRows(db, period, county).map((r) => parseJsonColumn(TaskQuarter, r.row, `${county} 任务 ${r.no} 的报送行`)),
    ...(header.subsidies !== undefined && { subsidies: header.subsidies }),
    ...(header.readings !== undefined && { readings: header.readings }),
    ...(header.plan !== undefined && { plan: header.plan }),
    ...(header.responsibilities !== undefined && { responsibilities: header.responsibilities }),
    ...(header.measures !== undefined && { measures: header.measures }),
  };
}

export type EvaluationFile = { fileName: string; bytes: Uint8Array };

/** One county's report from its bundle, or the city-wide evaluation. */
export async function evaluationDocument(db: Db, period: string, format: 'pdf' | 'xlsx', county: string | null, createdAt: Date): Promise<EvaluationFile> {
  const font = (): CjkFont => findCjkFont(configuredFontPath(db));
  if (county) {
    const report = receivedReport(db, county, period);
    const bytes = format === 'pdf' ? await quarterReportPdf(report, font()) : await quarterReportXlsx(report);
    return { fileName: `${report.county.name}${quarterLabel(period)}农村电商工作进展报告（市级评估留存）.${format}`, bytes };
  }
  const pack = activePack(db);
  const overview = cityOverview(db, period);
  const counties = overview.counties;
  const title = `淮南市农村电商优化升级工作任务落实情况评估（${quarterLabel(period)}）`;
  const taskRows = overview.tasks.map((t) => {
    const lights = counties.map((c) => (t.lights[c.code] ? LIGHT_LABELS[t.lights[c.code]!] : '未报送'));
    const done = counties.filter((c) => t.lights[c.code] === 'done').length;
    return [String(t.no), t.title, t.deadlineText, ...lights, `${done}/${counties.filter((c) => c.reported).length}`];
  });
  const reported = counties.filter((c) => c.reported);
  const subtitle = [
    `依据：《${pack.meta.title}》（${pack.meta.docNo}）`,
    `已报送：${reported.map((c) => c.name).join('、') || '无'}；未报送：${counties.filter((c) => !c.reported).map((c) => c.name).join('、') || '无'}`,
    `编制日期：${formatChineseDate(chinaToday(createdAt))}`,
  ];
  const totalsRows = overview.totals.map((t) => [t.label, formatIndicatorValue(t.target, t.unit), formatIndicatorValue(t.sum, t.unit), `${t.counties} 个`, t.sum >= t.target ? '已达到' : '未达到']);
  const yuanOrDash = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));
  const duplicateText = overview.duplicates.length
    ? overview.duplicates.map((d) => `同一受益人（${d.payee}）在 ${d.claims.map((c) => `${c.name} ${c.claimNo}`).join('、')} 重复获得奖补`)
    : ['未发现跨县区重复获得奖补的受益人。'];
  const fileName = `${title}.${format}`;
  if (format === 'xlsx') {
    const bytes = await sheetsXlsx([
      { name: '任务落实情况', title, headers: ['序号', '工作任务', '时限要求', ...counties.map((c) => c.name), '已完成县区'], rows: [...taskRows, [], ...subtitle.map((s) => [s])], widths: [6, 50, 16, ...counties.map(() => 10), 10] },
      { name: '全市目标', title: '全市目标与各县区合计', headers: ['指标', '全市目标', '各县区合计', '已报送县区', '完成情况'], rows: totalsRows, widths: [36, 14, 14, 12, 10] },
      {
        name: '奖补资金',
        title: '奖补资金（各县区报送，截至报告日）',
        headers: ['县区', '资金来源', '已审批（元）', '已拨付（元）', '年度预算（元）'],
        // numbers of yuan (fen in, sheetsXlsx formats them) so the city can sum the counties
        rows: overview.subsidies.flatMap((s) =>
          s.funds.length ? s.funds.map((f) => [s.name, f.label, f.committedFen, f.paidFen, f.budgetFen ?? '—']) : [[s.name, '—', s.committedFen ?? '—', s.paidFen ?? '—', s.budgetFen ?? '—']],
        ),
        widths: [14, 24, 18, 18, 18],
        moneyColumns: [2, 3, 4],
      },
      { name: '重复受益', title: '跨县区重复受益核查', headers: ['核查结果'], rows: duplicateText.map((d) => [d]), widths: [100] },
    ]);
    return { fileName, bytes };
  }
  const bytes = await renderTablePdf(
    {
      title,
      subtitle,
      columns: [
        { header: '序号', width: 3, align: 'center' },
        { header: '工作任务', width: 22 },
        { header: '时限要求', width: 7 },
        ...counties.map((c) => ({ header: c.name, width: 5, align: 'center' as const })),
        { header: '已完成', width: 4, align: 'center' },
      ],
      rows: taskRows,
      footer: [
        ...overview.totals.map((t) => `${t.label}：全市目标 ${formatIndicatorValue(t.target, t.unit)}，${t.counties} 个县区合计 ${formatIndicatorValue(t.sum, t.unit)}（${t.sum >= t.target ? '已达到' : '未达到'}）。`),
        ...overview.subsidies.filter((s) => (s.committedFen ?? 0) > 0 || (s.paidFen ?? 0) > 0).map((s) => `${s.name}：已审批 ${yuanOrDash(s.committedFen)}，已拨付 ${yuanOrDash(s.paidFen)}。`),
        ...duplicateText,
        ...recheckSummary(db, {}).counties.map((c) => `市级复核 ${c.name}：复核 ${c.claims} 笔奖补，一致 ${c.consistent} 笔，发现 ${c.findings.length} 笔${c.findings.length ? '（详见附件：市级复核）' : ''}。`),
        '状态由各县区报送的数据包按统一规则计算，市级核验签名和账本连续性后汇总。',
      ],
      orientation: 'landscape',
      subject: '农村电商优化升级工作任务落实情况评估',
      createdAt,
    },
    font(),
  );
  return { fileName, bytes };
}
