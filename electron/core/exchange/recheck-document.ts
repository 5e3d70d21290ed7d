import { chinaToday, formatChineseDate, quarterLabel } from '../../../shared/dates';
import { VERDICT_LABELS } from '../../../shared/domain/recheck';
import { formatYuan } from '../../../shared/money';
import { sheetsXlsx } from '../claims/documents';
import type { Db } from '../db/open';
import { findCjkFont } from '../documents/fonts';
import { renderTablePdf } from '../documents/pdf';
import { configuredFontPath } from '../settings/service';
import { recheckView } from './recheck';

// The 复核 appendix of task 18's evaluation (附件：市级复核): counts and sums by county, verdict
// and rule, and every finding with both amounts and the step where the traces part. Cells pass
// through sheetsXlsx, which makes every text inert (safeCell).

const yuanOrDash = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

export async function recheckDocument(db: Db, filter: { county?: string | null; period?: string | null }, format: 'pdf' | 'xlsx', createdAt: Date): Promise<{ fileName: string; bytes: Uint8Array }> {
  const view = recheckView(db, filter);
  const scope = `${filter.county ? `${view.summary.counties[0]?.name ?? filter.county}` : '全市'}${filter.period ? quarterLabel(filter.period) : ''}`;
  const title = `附件：市级复核（${scope}奖补金额复核结果）`;
  const groupRows = view.groups.map((g) => [g.name, VERDICT_LABELS[g.verdict], g.ruleTitle, String(g.claims), formatYuan(g.countyFen), formatYuan(g.cityFen)]);
  const findingRows = view.summary.counties.flatMap((c) =>
    c.findings.map((f) => [c.name, f.claimNo, VERDICT_LABELS[f.verdict], yuanOrDash(f.countyAmount), yuanOrDash(f.cityAmount), f.step ? `第 ${f.step.index} 步：${f.step.city ?? f.step.county ?? ''}` : '—', f.reason]),
  );
  const totals = view.summary.counties.map((c) => `${c.name}：复核 ${c.claims} 笔，一致 ${c.consistent} 笔，发现 ${c.findings.length} 笔（数据包摘要 ${c.bundleDigest?.slice(0, 16) ?? '—'}…）`);
  const fileName = `${title}.${format}`;
  if (format === 'xlsx') {
    const bytes = await sheetsXlsx([
      { name: '复核汇总', title, headers: ['县区', '复核结论', '奖补项目', '笔数', '县报金额', '市级复核金额'], rows: [...groupRows, [], ...totals.map((t) => [t])], widths: [14, 12, 30, 8, 18, 18] },
      { name: '复核发现', title: '复核发现（金额不符、不符合条件、规则缺失、事实不全）', headers: ['县区', '申报编号', '复核结论', '县报金额', '市级复核金额', '分歧步骤', '说明'], rows: findingRows, widths: [14, 18, 12, 16, 16, 50, 50] },
    ]);
    return { fileName, bytes };
  }
  const bytes = await renderTablePdf(
    {
      title,
      subtitle: [`市级按各县区数据包所载事实、审批时的本县设置和所引政策包重新判定每一笔已审批、已拨付的奖补`, `编制日期：${formatChineseDate(chinaToday(createdAt))}`],
      columns: [
        { header: '县区', width: 5 },
        { header: '申报编号', width: 6 },
        { header: '复核结论', width: 4, align: 'center' },
        { header: '县报金额', width: 5, align: 'right' },
        { header: '市级复核金额', width: 5, align: 'right' },
        { header: '分歧步骤', width: 14 },
        { header: '说明', width: 12 },
      ],
      rows: findingRows.length ? findingRows : [['—', '—', '—', '—', '—', '—', '未发现与规则不符的奖补']],
      footer: [...totals, ...view.groups.map((g) => `${g.name} · ${VERDICT_LABELS[g.verdict]} · ${g.ruleTitle}：${g.claims} 笔，县报 ${formatYuan(g.countyFen)}，市级复核 ${formatYuan(g.cityFen)}。`)],
      orientation: 'landscape',
      subject: '市级复核',
      createdAt,
    },
    findCjkFont(configuredFontPath(db)),
  );
  return { fileName, bytes };
}
