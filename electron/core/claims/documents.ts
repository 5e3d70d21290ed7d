import ExcelJS from 'exceljs';
import { formatChineseDate } from '../../../shared/dates';
import { readingText } from '../../../shared/domain/readings';
import { fenToYuanString, formatFen } from '../../../shared/money';
import { amountInWords } from '../../../shared/money-words';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import { findCjkFont } from '../documents/fonts';
import { renderTablePdf } from '../documents/pdf';
import { safeCell, sheetName } from '../documents/sheet-text';
import { cellText } from '../registry/cells';
import { activePack, installRole } from '../policy/repository';
import { countyReadings } from '../readings/service';
import { configuredFontPath } from '../settings/service';
import type { NoticeRow } from './notice-repository';
import { payeeOf, publicPayee } from './payees';
import type { PaymentInput } from './payments';
import { type ClaimRow, claimRows, fieldsOfClaimSubject } from './repository';
import { ruleTitles } from './views';

// The documents of the path to payment: the 公示 list (PDF and xlsx), the payment file (the only
// export with personal data in full), reports as xlsx; and the bank's returned sheet read back.

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E2C7' } };

/**
 * A sheet to write. Amounts go in as integer fen in the columns listed in moneyColumns and come out
 * as numbers of yuan with a number format, so SUM works in Excel and WPS; text is for identifiers.
 */
export type Sheet = { name: string; title?: string; headers: string[]; rows: (string | number)[][]; widths?: number[]; moneyColumns?: readonly number[] };

/** How yuan amounts read in the sheets we write: 12,345.67. */
export const YUAN_FORMAT = '#,##0.00';

/** Fen as a spreadsheet's number of yuan: through the exact decimal text, never fen / 100 in floating point. */
const yuanNumber = (fen: number): number => Number(fenToYuanString(fen));

export async function sheetsXlsx(sheets: readonly Sheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '县域电商台账';
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(sheetName(s.name));
    if (s.title) {
      sheet.addRow([safeCell(s.title)]).font = { bold: true, size: 14 };
      sheet.mergeCells(1, 1, 1, s.headers.length);
    }
    const header = sheet.addRow(s.headers);
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    // Names and places come from clerks' files: none may become a formula in the clerk's spreadsheet.
    const money = new Set(s.moneyColumns ?? []);
    for (const r of s.rows) sheet.addRow(r.map((v, i) => (money.has(i) && typeof v === 'number' ? yuanNumber(v) : safeCell(v))));
    s.headers.forEach((h, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = s.widths?.[i] ?? Math.max(10, Math.min(40, h.length * 2 + 4));
      if (money.has(i)) column.numFmt = YUAN_FORMAT;
    });
    sheet.views = [{ state: 'frozen', ySplit: s.title ? 2 : 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// ── 公示 ─────────────────────────────────────────────────────────────────────────────────────

const NOTICE_HEADERS = ['序号', '受益主体', '身份证号或统一社会信用代码', '乡镇', '村', '奖补项目', '金额（元）'];

/** The listed claims, their amounts in fen last (the PDF prints them, the xlsx writes numbers). */
function noticeRows(db: Db, notice: NoticeRow): { rows: [string, string, string, string, string, string, number][]; totalFen: number; claims: ClaimRow[] } {
  const titles = ruleTitles(db);
  const claims = claimRows(db, { noticeId: notice.id }).filter((c) => c.state !== 'voided');
  const rows = claims.map((c, i): [string, string, string, string, string, string, number] => {
    const shown = publicPayee(payeeOf(db, c.list, fieldsOfClaimSubject(c)));
    return [String(i + 1), shown.name, shown.id, c.town ?? '', c.village ?? '', titles.get(c.rule)?.title ?? c.rule, c.amount_fen ?? 0];
  });
  return { rows, totalFen: claims.reduce((s, c) => s + (c.amount_fen ?? 0), 0), claims };
}

/** 落款 as 公文 sign off: the county's bureau of commerce, and the day the notice is published. */
export function noticeSignature(db: Db, notice: NoticeRow): string[] {
  const role = installRole(db);
  const county = role?.role === 'county' ? activePack(db).counties.find((c) => c.code === role.county) : undefined;
  return [`${county?.name ?? '县'}商务局`, formatChineseDate(notice.starts_on)];
}

function noticeText(db: Db, notice: NoticeRow, claims: readonly ClaimRow[], totalFen: number): { period: string; total: string; footer: string[] } {
  const period = `公示期：${formatChineseDate(notice.starts_on)}至${formatChineseDate(notice.ends_on)}`;
  const { meta } = activePack(db);
  // where the plan is silent on how often an award may be given, the county's reading decided it: say so
  const rules = new Set(claims.map((c) => c.rule));
  const readings = [...countyReadings(db).values()].filter((r) => r.id.startsWith('frequency:') && rules.has(r.id.slice('frequency:'.length)));
  return {
    period,
    total: `合计 ${claims.length} 个，金额 ${formatFen(totalFen)} 元（${amountInWords(totalFen)}）。`,
    footer: [
      `根据${meta.issuer}《${meta.title}》（${meta.docNo}），现将上述拟奖补对象予以公示。${period.replace('公示期：', '公示期为')}。`,
      ...readings.map((r) => `${r.label}：${readingText(r)}。`),
      `公示期间，如对公示对象有异议，请以书面或电话形式向${notice.contact}反映。反映情况应实事求是，并提供联系方式，以便核实。`,
      '身份证号码已按个人信息保护要求部分遮挡。',
    ],
  };
}

export async function noticeXlsx(db: Db, notice: NoticeRow): Promise<{ bytes: Uint8Array; rows: number; claims: string[] }> {
  const { rows, totalFen, claims } = noticeRows(db, notice);
  const { period, total, footer } = noticeText(db, notice, claims, totalFen);
  const bytes = await sheetsXlsx([
    {
      name: '公示名单',
      title: notice.title,
      headers: NOTICE_HEADERS,
      rows: [...rows, ['合计', `${rows.length} 个`, '', '', '', '', totalFen], [total], [], [period], ...footer.map((f) => [f]), [], ...noticeSignature(db, notice).map((line) => ['', '', '', '', '', line])],
      widths: [6, 26, 24, 12, 12, 26, 14],
      moneyColumns: [6],
    },
  ]);
  return { bytes, rows: rows.length, claims: claims.map((c) => c.id) };
}

export async function noticePdf(db: Db, notice: NoticeRow, createdAt: Date): Promise<{ bytes: Uint8Array; rows: number; claims: string[] }> {
  const { rows, totalFen, claims } = noticeRows(db, notice);
  const { period, total, footer } = noticeText(db, notice, claims, totalFen);
  const font = findCjkFont(configuredFontPath(db));
  const bytes = await renderTablePdf(
    {
      title: notice.title,
      subtitle: [period, `公示编号：${notice.no}`],
      columns: [
        { header: '序号', width: 5, align: 'center' },
        { header: '受益主体', width: 18 },
        { header: '身份证号或统一社会信用代码', width: 20 },
        { header: '乡镇', width: 10 },
        { header: '村', width: 10 },
        { header: '奖补项目', width: 18 },
        { header: '金额（元）', width: 12, align: 'right' },
      ],
      rows: rows.map((r) => [...r.slice(0, 6), formatFen(r[6])] as string[]),
      totals: ['合计', `${rows.length} 个`, '', '', '', '', formatFen(totalFen)],
      footer: [total, ...footer],
      signature: noticeSignature(db, notice),
      orientation: 'landscape',
      subject: '农村电商奖补资金公示名单',
      createdAt,
    },
    font,
  );
  return { bytes, rows: rows.length, claims: claims.map((c) => c.id) };
}

// ── Payment file ─────────────────────────────────────────────────────────────────────────────

export const PAYMENT_HEADERS = ['申报编号', '收款人', '证件类型', '证件号码', '银行账号', '开户行', '奖补项目', '年度', '金额（元）', '金额（大写）', '备注'];
/** The payment file's last row: its count and total, in figures and in 大写; read back, it is skipped. */
const TOTAL_LABEL = '合计';
const RETURN_HEADERS = ['凭证号', '支付日期', '实付金额（元）'];

/** Approved, unpaid claims with full bank details; plus empty columns for the bank to fill in. */
export async function paymentFile(db: Db, year: number | undefined): Promise<{ bytes: Uint8Array; claims: string[] }> {
  const titles = ruleTitles(db);
  const claims = claimRows(db, year ? { state: 'approved', year } : { state: 'approved' });
  if (claims.length === 0) throw new DomainError('NOT_FOUND', '没有待拨付（已审批未拨付）的申报');
  const rows = claims.map((c) => {
    const p = payeeOf(db, c.list, fieldsOfClaimSubject(c));
    const fen = c.amount_fen ?? 0;
    return [c.no, p.name, p.idLabel, p.idValue, p.bankAccount, p.bankName, titles.get(c.rule)?.title ?? c.rule, c.year, fen, amountInWords(fen), p.bankAccount ? '' : '缺少银行账号，请补充', '', '', ''];
  });
  const totalFen = claims.reduce((sum, c) => sum + (c.amount_fen ?? 0), 0);
  rows.push([TOTAL_LABEL, `${claims.length} 笔`, '', '', '', '', '', '', totalFen, amountInWords(totalFen), '', '', '', '']);
  // 金额 and 实付金额 are numbers of yuan (the bank may sum them); the identifiers stay text
  const bytes = await sheetsXlsx([{ name: '拨付清单', headers: [...PAYMENT_HEADERS, ...RETURN_HEADERS], rows, widths: [14, 20, 16, 22, 24, 20, 24, 8, 14, 30, 20, 16, 14, 14], moneyColumns: [8, 13] }]);
  return { bytes, claims: claims.map((c) => c.id) };
}

/** The bank's returned sheet: the payment file with 凭证号, 支付日期 and 实付金额 filled in. */
export async function readPaymentSheet(bytes: Buffer): Promise<PaymentInput[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('VALIDATION', '文件不是有效的 xlsx 工作簿');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DomainError('VALIDATION', '工作簿中没有工作表');
  const text = (v: unknown) => {
    const t = cellText(v);
    return 'text' in t ? t.text.trim() : '';
  };
  // Array.from: a row's values are sparse (no column 0, gaps where cells are empty), and map skips holes
  const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => text(v));
  const col = (name: string) => {
    const i = headers.findIndex((h) => h.replace(/\s/g, '') === name);
    if (i < 0) throw new DomainError('VALIDATION', `回单缺少「${name}」列`);
    return i;
  };
  const [no, voucher, date, amount] = [col('申报编号'), col('凭证号'), col('支付日期'), col('实付金额（元）')];
  const out: PaymentInput[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as unknown[];
    const claimNo = text(values[no]);
    const voucherNo = text(values[voucher]);
    if ((!claimNo && !voucherNo) || (claimNo === TOTAL_LABEL && !voucherNo)) return;
    const rawDate = values[date];
    const paidOn = rawDate instanceof Date ? rawDate.toISOString().slice(0, 10) : text(rawDate).replace(/\//g, '-');
    out.push({ claimNo, voucherNo, paidOn, amount: text(values[amount]) });
  });
  if (out.length === 0) throw new DomainError('VALIDATION', '回单中没有填写凭证号的行');
  return out;
}
