import ExcelJS from 'exceljs';
import { formatChineseDate, chinaToday, quarterLabel } from '../../../shared/dates';
import { formatIndicatorValue, type IndicatorResult, type Light, LIGHT_LABELS, LIGHTS, type QuarterReport, type TaskQuarter } from '../../../shared/domain/progress';
import { DomainError } from '../../../shared/result';
import { type CjkFont, renderTablePdf } from '../documents/pdf';
import { stampZipEntries } from '../documents/zip-stamp';
import { reportSections, type Section, sectionParagraphs, taskNoteLines } from './report-sections';
import { safeCell } from '../documents/sheet-text';

// The county's quarterly progress report (the plan's 具体任务分解表 plus progress columns), as
// xlsx and PDF. Both are pure functions of the QuarterReport snapshot: no database, clock or
// environment, so the city's app renders byte-identical files from the bundle the county sent.

type Column = { header: string; pdfWidth: number; xlsxWidth: number; align?: 'center' };

const COLUMNS: readonly Column[] = [
  { header: '序号', pdfWidth: 2.8, xlsxWidth: 6, align: 'center' },
  { header: '工作任务', pdfWidth: 11, xlsxWidth: 36 },
  { header: '牵头责任单位', pdfWidth: 5.5, xlsxWidth: 16 },
  { header: '配合单位', pdfWidth: 5, xlsxWidth: 16 },
  { header: '时限要求', pdfWidth: 4.4, xlsxWidth: 12 },
  { header: '目标', pdfWidth: 8, xlsxWidth: 26 },
  { header: '实际完成', pdfWidth: 8, xlsxWidth: 26 },
  { header: '状态', pdfWidth: 4.8, xlsxWidth: 9, align: 'center' },
  { header: '进展情况', pdfWidth: 14, xlsxWidth: 40 },
  { header: '存在问题', pdfWidth: 7, xlsxWidth: 24 },
  { header: '下一步打算', pdfWidth: 7, xlsxWidth: 24 },
];

const INDICATOR_COLUMNS: readonly { header: string; width: number }[] = [
  { header: '序号', width: 6 },
  { header: '指标', width: 30 },
  { header: '单位', width: 8 },
  { header: '来源', width: 8 },
  { header: '目标', width: 16 },
  { header: '实际', width: 16 },
  { header: '状态', width: 10 },
  { header: '依据', width: 60 },
  { header: '实际来源说明', width: 40 },
];

const SOURCE_LABELS = { computed: '计算', entered: '填报' } as const;
const DRAFT_MARK = '（草稿）';
const DRAFT_NOTE = '本季度尚未关闭，本报告为草稿，数据可能继续变动';

// ── What both formats print ──────────────────────────────────────────────────────────────────

/** The table's rows, one per task, in the column order of the header. */
export function reportTableRows(report: QuarterReport): string[][] {
  return report.tasks.map((task) => taskCells(task, report.quarter));
}

function taskCells(task: TaskQuarter, quarter: string): string[] {
  const shown = task.indicators.filter((i) => i.counts || i.target !== null || i.actual !== null);
  return [
    String(task.no),
    task.title,
    task.leadUnits,
    task.cooperatingUnits,
    task.deadlineText,
    indicatorLines(shown, targetText),
    indicatorLines(shown, (i) => actualText(i, quarter)),
    LIGHT_LABELS[task.light],
    progressText(task),
    task.problems.trim(),
    task.nextSteps.trim(),
  ];
}

/** 凤台县2019年第四季度农村电商工作进展报告.pdf, with （草稿） while the quarter is open. */
export function quarterReportFileName(report: QuarterReport, format: 'pdf' | 'xlsx'): string {
  const base = `${report.county.name}${quarterLabel(report.quarter)}农村电商工作进展报告${isDraft(report) ? DRAFT_MARK : ''}`;
  // The county name is data: keep characters Windows refuses in file names out of it.
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}.${format}`;
}

function indicatorLines(shown: IndicatorResult[], value: (indicator: IndicatorResult) => string): string {
  if (shown.length === 0) return '—';
  return shown.map((i) => `${i.label}：${value(i)}`).join('\n');
}

function targetText(indicator: IndicatorResult): string {
  if (indicator.target !== null) return formatIndicatorValue(indicator.target, indicator.unit);
  // Informational indicators never have a target; only a counted one is missing its target.
  return indicator.counts ? LIGHT_LABELS['no-target'] : '不设目标（仅供参考）';
}

function actualText(indicator: IndicatorResult, quarter: string): string {
  const value =
    indicator.actual === null && indicator.source === 'entered' ? '尚未填报' : formatIndicatorValue(indicator.actual, indicator.unit);
  return value + carriedOver(indicator, quarter);
}

/** For a value entered in an earlier quarter and not updated since: （沿用2019年第三季度填报）. */
function carriedOver(indicator: IndicatorResult, quarter: string): string {
  return indicator.enteredIn !== null && indicator.enteredIn !== quarter ? `（沿用${quarterLabel(indicator.enteredIn)}填报）` : '';
}

function progressText(task: TaskQuarter): string {
  const evidence = task.evidence.length > 0 ? `附件：${task.evidence.length} 个` : '';
  return [task.narrative.trim(), evidence, ...taskNoteLines(task)].filter((part) => part !== '').join('\n');
}

/** 共 18 项任务：已完成 3 项，进展顺利 5 项…（non-zero lights only, in LIGHTS order). */
function totalsText(report: QuarterReport): string {
  const parts = LIGHTS.map((light) => [light, report.tasks.filter((t) => t.light === light).length] as const)
    .filter(([, count]) => count > 0)
    .map(([light, count]) => `${LIGHT_LABELS[light]} ${count} 项`);
  return `共 ${report.tasks.length} 项任务${parts.length > 0 ? `：${parts.join('，')}` : ''}`;
}

const isDraft = (report: QuarterReport): boolean => report.state === 'open';

function reportTitle(report: QuarterReport): string {
  return `${report.county.name}农村电商优化升级工作${quarterLabel(report.quarter)}进展报告${isDraft(report) ? DRAFT_MARK : ''}`;
}

function subtitleLines(report: QuarterReport): string[] {
  const line = `报送单位：${reportingUnit(report)}  报告期：${quarterLabel(report.quarter)}  统计截至：${formatChineseDate(report.asOf)}`;
  return isDraft(report) ? [line, DRAFT_NOTE] : [line];
}

const reportingUnit = (report: QuarterReport): string => `${report.county.name}商务局`;

/** The cover's label/value pairs: the PDF's cover page and the xlsx's 封面 sheet. */
function coverFields(report: QuarterReport): [label: string, value: string][] {
  return [
    ['报送单位', reportingUnit(report)],
    ['报告期', quarterLabel(report.quarter)],
    ['统计截至', formatChineseDate(report.asOf)],
    ['编制日期', chinaDate(generatedAt(report))],
    ['填报人', report.preparedBy],
    ['审核签发', report.approvedBy ?? '（季度未关闭，本报告为草稿）'],
    ['政策依据', `《${report.pack.title}》（${report.pack.docNo}）`],
    ['政策包摘要', report.pack.digest.slice(0, 16)],
  ];
}

function notes(report: QuarterReport): string[] {
  return [
    '状态说明（系统说明）：“已完成”指实际达到目标；“进展顺利”“滞后”指将实际与按方案印发之日至时限均衡推进应达到的进度相比，' +
      '达到或超过为进展顺利，低于为滞后（比率类指标自本县登记的基期值起算，未登记基期值的标“待时限判断”）；“逾期”指时限已过仍未达到目标；' +
      '“未填报”指尚无数据，不按零计；“市级牵头”指由市直部门牵头的任务，本县区仅列数据；时限早于方案印发日的，自印发之日起判断。任务的状态取其各项指标中最不利的一项。',
    `本报告数据来自${report.county.name}农村电商工作台账，统计截至${formatChineseDate(report.asOf)}：` +
      '计算类指标由台账记录自动统计，填报类指标由填报人按所注来源填报。',
  ];
}

/** The document's date; the one instant both formats stamp into the file. */
function generatedAt(report: QuarterReport): Date {
  const at = new Date(report.generatedAt);
  if (Number.isNaN(at.getTime())) throw new DomainError('VALIDATION', `报告的生成时间无效：${report.generatedAt}`);
  return at;
}

/** The calendar day in China, whatever the machine's time zone. */
function chinaDate(at: Date): string {
  return formatChineseDate(chinaToday(at));
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────

export async function quarterReportPdf(report: QuarterReport, font: CjkFont): Promise<Uint8Array> {
  const title = reportTitle(report);
  const totals = COLUMNS.map(() => '');
  totals[0] = '合计';
  totals[1] = totalsText(report);
  return renderTablePdf(
    {
      title,
      subtitle: subtitleLines(report),
      cover: { title, lines: coverFields(report).map(([label, value]) => `${label}：${value}`) },
      columns: COLUMNS.map((c) => ({ header: c.header, width: c.pdfWidth, align: c.align })),
      rows: reportTableRows(report),
      totals,
      footer: [...sectionParagraphs(report), ...notes(report)],
      orientation: 'landscape',
      author: reportingUnit(report),
      subject: '农村电商优化升级工作季度进展报告',
      createdAt: generatedAt(report),
    },
    font,
  );
}

// ── XLSX ─────────────────────────────────────────────────────────────────────────────────────

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E2C7' } };
const TOTALS_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F3F3' } };
const LIGHT_FILLS: Partial<Record<Light, string>> = { done: 'FFD9EAD3', 'on-track': 'FFDDEBF7', behind: 'FFFFF2CC', overdue: 'FFF4CCCC' };
const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const YUAN_FORMAT = '#,##0.00';

export async function quarterReportXlsx(report: QuarterReport): Promise<Uint8Array> {
  const at = generatedAt(report);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '县域电商台账';
  // exceljs would stamp the clock here; lastPrinted is only written when set, so it stays out.
  workbook.created = at;
  workbook.modified = at;
  addProgressSheet(workbook, report);
  addCoverSheet(workbook, report);
  addIndicatorSheet(workbook, report);
  for (const section of reportSections(report)) addSectionSheet(workbook, section);
  const zip = new Uint8Array(await workbook.xlsx.writeBuffer());
  return stampZipEntries(zip, at);
}

/** 进展报告: title, subtitle, the frozen header, one row per task, 合计, then the notes. */
function addProgressSheet(workbook: ExcelJS.Workbook, report: QuarterReport): void {
  const sheet = workbook.addWorksheet('进展报告', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  const span = COLUMNS.length;
  const banner = (text: string, font: Partial<ExcelJS.Font>, height: number): ExcelJS.Row => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, span);
    row.font = font;
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    row.height = height;
    return row;
  };
  banner(reportTitle(report), { bold: true, size: 16 }, 30);
  banner(subtitleLines(report).join('  '), {}, 20);

  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  eachCell(header, span, (cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });

  // No explicit height on task rows: the spreadsheet fits wrapped text itself on opening.
  for (const task of report.tasks) {
    // What clerks typed (progress, problems, next steps) never becomes a formula in the spreadsheet.
    const row = sheet.addRow([task.no, ...taskCells(task, report.quarter).slice(1).map(safeCell)]);
    eachCell(row, span, (cell, column) => {
      cell.border = BORDER;
      cell.alignment = { horizontal: COLUMNS[column - 1]?.align ?? 'left', vertical: 'top', wrapText: true };
    });
    const fill = LIGHT_FILLS[task.light];
    if (fill) row.getCell(8).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  }

  const totals = sheet.addRow(['合计', totalsText(report)]);
  sheet.mergeCells(totals.number, 2, totals.number, span);
  totals.font = { bold: true };
  eachCell(totals, span, (cell, column) => {
    cell.fill = TOTALS_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: column === 1 ? 'center' : 'left', vertical: 'middle' };
  });

  sheet.addRow([]);
  const width = COLUMNS.reduce((sum, c) => sum + c.xlsxWidth, 0);
  for (const note of notes(report)) {
    const row = sheet.addRow([note]);
    sheet.mergeCells(row.number, 1, row.number, span);
    row.alignment = { vertical: 'top', wrapText: true };
    // Spreadsheets do not fit merged cells to their text, so the height is estimated.
    row.height = 16 * estimatedLines(note, width);
  }
  COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.xlsxWidth;
  });
}

/** 封面: the cover's title and label/value pairs. */
function addCoverSheet(workbook: ExcelJS.Workbook, report: QuarterReport): void {
  const sheet = workbook.addWorksheet('封面');
  const title = sheet.addRow([reportTitle(report)]);
  sheet.mergeCells(title.number, 1, title.number, 2);
  title.font = { bold: true, size: 16 };
  title.height = 30;
  for (const [label, value] of coverFields(report)) {
    const row = sheet.addRow([label, safeCell(value)]);
    row.getCell(1).font = { bold: true };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  sheet.getColumn(1).width = 14;
  sheet.getColumn(2).width = 70;
}

/** 指标明细: one row per indicator, targets and actuals as numbers (amounts in yuan). */
function addIndicatorSheet(workbook: ExcelJS.Workbook, report: QuarterReport): void {
  const sheet = workbook.addWorksheet('指标明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(INDICATOR_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  eachCell(header, INDICATOR_COLUMNS.length, (cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const task of report.tasks) {
    for (const indicator of task.indicators) {
      const row = sheet.addRow([
        task.no,
        indicator.label,
        indicator.unit,
        SOURCE_LABELS[indicator.source],
        inUnit(indicator.target, indicator.unit),
        inUnit(indicator.actual, indicator.unit),
        LIGHT_LABELS[indicator.light],
        safeCell(indicator.reason),
        safeCell(indicator.actualBasis + carriedOver(indicator, report.quarter)),
      ]);
      eachCell(row, INDICATOR_COLUMNS.length, (cell) => {
        cell.border = BORDER;
        cell.alignment = { vertical: 'top', wrapText: true };
      });
      if (indicator.unit === '元') {
        row.getCell(5).numFmt = YUAN_FORMAT;
        row.getCell(6).numFmt = YUAN_FORMAT;
      }
    }
  }
  INDICATOR_COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
}

/** One of the report's further sections as its own sheet: title, header, rows. */
function addSectionSheet(workbook: ExcelJS.Workbook, section: Section): void {
  const sheet = workbook.addWorksheet(section.name, { views: [{ state: 'frozen', ySplit: 2 }] });
  const title = sheet.addRow([section.title]);
  sheet.mergeCells(title.number, 1, title.number, section.headers.length);
  title.font = { bold: true, size: 14 };
  const header = sheet.addRow(section.headers);
  header.font = { bold: true };
  eachCell(header, section.headers.length, (cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const cells of section.rows) {
    const row = sheet.addRow(cells.map(safeCell));
    eachCell(row, section.headers.length, (cell) => {
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  }
  section.widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
}

/** A value as the spreadsheet shows it: amounts (kept in fen) as yuan, the rest unchanged. */
function inUnit(value: number | null, unit: string): number | null {
  if (value === null) return null;
  return unit === '元' ? Math.round(value) / 100 : value;
}

function eachCell(row: ExcelJS.Row, columns: number, style: (cell: ExcelJS.Cell, column: number) => void): void {
  for (let column = 1; column <= columns; column++) style(row.getCell(column), column);
}

/** Lines `text` takes in a cell `width` characters wide (a Chinese character is two wide). */
function estimatedLines(text: string, width: number): number {
  let units = 0;
  for (const char of text) units += (char.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return Math.max(1, Math.ceil(units / width));
}
