import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountInWords } from '../../../shared/money-words';
import { formatFen } from '../../../shared/money';
import { callerFor, tempCore, type TempCore } from '../../../test/helpers/core';
import { buildDemo } from '../demo/demo';
import { paymentFile, readPaymentSheet } from './documents';
import { listNotices, noticeRow } from './notice-repository';
import { claimRows } from './repository';

// Money as finance offices read it: the payment file's amounts are numbers with a number format
// (SUM works) beside their 大写, with a total row the bank's returned sheet may keep; the 公示 PDF
// signs off with the bureau and date; the 审批表 carries the amount in 大写 and who decided.

let core: TempCore;
let call: ReturnType<typeof callerFor>;

beforeAll(async () => {
  core = tempCore();
  await buildDemo(core, { county: '340422', subjects: 200, claims: 160, seed: 11 });
  call = callerFor(core, core.sessions.open('demo-director'));
}, 120_000);
afterAll(() => core.dispose());

async function pdfText(base64: string): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(Buffer.from(base64, 'base64')), verbosity: 0 }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) text += (await (await pdf.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  return text.replace(/\s+/g, '');
}

describe('documents with money', () => {
  it('writes the payment file amounts as formatted numbers with 大写 and a total', async () => {
    const approved = claimRows(core.db, { state: 'approved' });
    expect(approved.length).toBeGreaterThan(0);
    const { bytes } = await paymentFile(core.db, undefined);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const amountCol = headers.indexOf('金额（元）');
    const wordsCol = headers.indexOf('金额（大写）');
    expect(amountCol).toBeGreaterThan(0);
    const first = sheet.getRow(2);
    const claim = approved.find((c) => c.no === first.getCell(1).value)!;
    expect(first.getCell(amountCol).value).toBe(claim.amount_fen! / 100);
    expect(typeof first.getCell(amountCol).value).toBe('number');
    expect(first.getCell(amountCol).numFmt).toBe('#,##0.00');
    expect(first.getCell(wordsCol).value).toBe(amountInWords(claim.amount_fen!));
    expect(typeof first.getCell(headers.indexOf('证件号码')).value).toBe('string');
    const total = sheet.getRow(approved.length + 2);
    expect(total.getCell(1).value).toBe('合计');
    const totalFen = approved.reduce((s, c) => s + c.amount_fen!, 0);
    expect(Math.round((total.getCell(amountCol).value as number) * 100)).toBe(totalFen);
    expect(total.getCell(wordsCol).value).toBe(amountInWords(totalFen));
    // the bank fills 凭证号 etc. on the same sheet; the total row is not a payment
    first.getCell(headers.indexOf('凭证号')).value = '记-1';
    first.getCell(headers.indexOf('支付日期')).value = '2020-04-01';
    first.getCell(headers.indexOf('实付金额（元）')).value = claim.amount_fen! / 100;
    const returned = await readPaymentSheet(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(returned).toHaveLength(approved.length);
    expect(returned[0]).toEqual({ claimNo: claim.no, voucherNo: '记-1', paidOn: '2020-04-01', amount: String(claim.amount_fen! / 100) });
    expect(returned.map((p) => p.claimNo)).not.toContain('合计');
  });

  it('signs the 公示 PDF off with the bureau and the date, and states its total in 大写', async () => {
    const notice = listNotices(core.db)[0]!;
    const r = await call('notices.document', { id: notice.id, format: 'pdf' });
    if (!r.ok) throw new Error(r.error.message);
    const text = await pdfText((r.value as { contentBase64: string }).contentBase64);
    const startsOn = noticeRow(core.db, notice.id)!.starts_on;
    const [y, m, d] = startsOn.split('-').map(Number);
    expect(text).toContain(`寿县商务局${y}年${m}月${d}日`);
    expect(text).toContain(amountInWords(notice.totalFen));
  });

  it('prints a 审批表 with the amount in figures and 大写 and the reviewer and approver by name', async () => {
    const claim = claimRows(core.db, { state: 'approved' })[0]!;
    const r = await call('claims.approvalSheet', { id: claim.id });
    if (!r.ok) throw new Error(r.error.message);
    const file = r.value as { fileName: string; contentBase64: string };
    expect(file.fileName).toBe(`审批表-${claim.no}.pdf`);
    const text = await pdfText(file.contentBase64);
    expect(text).toContain('寿县农村电商奖补资金审批表');
    expect(text).toContain(claim.no);
    expect(text).toContain(formatFen(claim.amount_fen!));
    expect(text).toContain(amountInWords(claim.amount_fen!));
    expect(text).toMatch(/审核演示审核员\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toMatch(/审批演示审批人\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).not.toMatch(/demo-(reviewer|director)/);
    const journaled = core.db.prepare("SELECT count(*) FROM journal WHERE kind = 'document.exported' AND entity = ?").pluck().get(`document:approval-sheet:${claim.no}`);
    expect(journaled).toBe(1);
    expect((await call('claims.approvalSheet', { id: 'nope' })).ok).toBe(false);
  });
});
