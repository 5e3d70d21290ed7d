import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type IndicatorResult, LIGHT_LABELS, type Light, type QuarterReport, type TaskQuarter } from '../../../shared/domain/progress';
import { TaskDefinition } from '../../../shared/domain/tasks';
import { type CjkFont, findCjkFont } from '../documents/fonts';
import { quarterReportFileName, quarterReportPdf, quarterReportXlsx, reportTableRows } from './report';

// The quarterly report rendered from a realistic snapshot of 凤台县 in 2019Q4, read back with
// exceljs and pdf.js as the city's staff would open it.

const PLAN = z
  .object({ tasks: z.array(TaskDefinition).length(18) })
  .parse(JSON.parse(readFileSync(new URL('../../../seeds/huainan-2019/tasks.json', import.meta.url), 'utf8'))).tasks;

const TITLE = '凤台县农村电商优化升级工作2019年第四季度进展报告';
const HEADERS = ['序号', '工作任务', '牵头责任单位', '配合单位', '时限要求', '目标', '实际完成', '状态', '进展情况', '存在问题', '下一步打算'];
const LONG =
  '我县坚持把农村电商作为乡村振兴和脱贫攻坚的重要抓手，依托县级电商公共服务中心整合物流、培训、品牌和金融资源，' +
  '组织乡镇和村级服务站点开展网货开发、直播带货和线上线下对接活动，推动特色农产品上行。';

let font: CjkFont;
beforeAll(() => {
  font = findCjkFont();
});

afterEach(() => {
  vi.useRealTimers();
});

function indicator(fields: Partial<IndicatorResult> & Pick<IndicatorResult, 'id' | 'label' | 'unit' | 'light'>): IndicatorResult {
  return {
    source: 'computed',
    target: null,
    targetType: 'county',
    targetBasis: '方案具体任务分解表',
    actual: null,
    actualBasis: '台账统计',
    enteredIn: null,
    reason: `理由：${fields.label}`,
    counts: true,
    hint: '',
    ...fields,
  };
}

/** Per task: its indicators, light, and text; tasks not listed have none. */
const PROGRESS: Record<number, Partial<TaskQuarter>> = {
  1: {
    light: 'done',
    indicators: [
      indicator({ id: 'online-sales-growth', label: '农村产品网络销售额同比增幅', unit: '%', source: 'entered', target: 30, actual: 32.5, enteredIn: '2019Q4', light: 'done', actualBasis: '县统计局快报' }),
    ],
    narrative: '全县农村产品网络销售额同比增长32.5%。',
  },
  2: {
    light: 'behind',
    indicators: [indicator({ id: 'new-entities', label: '新培育工商注册电商经营主体', unit: '个', target: 70, actual: 45, light: 'behind' })],
    narrative: LONG.repeat(3),
    problems: '部分乡镇主体注册后未实际开展经营。',
    nextSteps: '加快推进主体培育，逐户核实经营情况。',
    evidence: [
      { sha256: 'a'.repeat(64), fileName: '主体名单.xlsx', size: 1024, addedBy: '王敏', addedAt: '2019-12-20T02:00:00.000Z' },
      { sha256: 'b'.repeat(64), fileName: '营业执照.pdf', size: 2048, addedBy: '王敏', addedAt: '2019-12-21T02:00:00.000Z' },
    ],
  },
  3: {
    light: 'on-track',
    indicators: [
      indicator({ id: 'demo-villages', label: '电商示范村', unit: '个', target: 6, actual: 6, light: 'done' }),
      indicator({ id: 'demo-points', label: '电商示范点', unit: '个', target: 6, actual: 5, light: 'on-track' }),
    ],
    narrative: LONG.repeat(2),
  },
  4: {
    light: 'behind',
    indicators: [indicator({ id: 'demo-county', label: '省级农村电商示范县', unit: '个', source: 'entered', target: 1, light: 'behind' })],
  },
  8: {
    light: 'no-target',
    indicators: [
      indicator({ id: 'three-products-one-label', label: '“三品一标”农产品', unit: '个', source: 'entered', actual: 3, enteredIn: '2019Q3', light: 'no-target', actualBasis: '县农业农村局认定文件' }),
    ],
  },
  10: {
    light: 'overdue',
    indicators: [
      indicator({ id: 'certified-trainees', label: '认定课程培训合格人数', unit: '人', target: 300, actual: 120, light: 'overdue' }),
      indicator({ id: 'training-subsidy-paid', label: '培训补贴已拨付', unit: '元', actual: 3_456_789, light: 'not-applicable', counts: false }),
    ],
    narrative: LONG.repeat(3),
    problems: '培训计划下达较晚。',
  },
  15: {
    light: 'on-track',
    indicators: [
      indicator({ id: 'express-terminal-increase', label: '快递末端公共服务站点数量提高', unit: '个百分点', source: 'entered', target: 10, actual: 12, enteredIn: '2019Q4', light: 'done' }),
      indicator({ id: 'village-express-coverage', label: '行政村邮政快递覆盖率', unit: '%', source: 'entered', target: 100, actual: 96.5, enteredIn: '2019Q4', light: 'on-track' }),
    ],
  },
  17: {
    light: 'overdue',
    indicators: [
      indicator({ id: 'subsidy-committed', label: '奖补资金已审批', unit: '元', actual: 123_456_789, light: 'not-applicable', counts: false }),
      indicator({ id: 'subsidy-paid', label: '奖补资金已拨付', unit: '元', target: 200_000_000, actual: 98_765_432, light: 'overdue' }),
    ],
    narrative: LONG.repeat(3),
    nextSteps: '督促财政部门加快拨付进度。',
  },
  18: { light: 'on-track', narrative: '正在组织年度总结评估。' },
};

function quarterReport(extra: Partial<QuarterReport> = {}): QuarterReport {
  return {
    format: 1,
    county: { code: '340421', name: '凤台县' },
    quarter: '2019Q4',
    asOf: '2019-12-31',
    pack: { id: 'huainan-2019', docNo: '淮府办秘〔2019〕55号', title: '农村电商优化升级工作实施方案', digest: '0123456789abcdef0123456789abcdef' },
    state: 'closed',
    preparedBy: '王敏',
    approvedBy: '李强',
    // 2020年1月6日 in China: the UTC day is still the 5th.
    generatedAt: '2020-01-05T17:30:00.000Z',
    tasks: PLAN.map((task) => ({
      ...task,
      light: 'not-applicable' as Light,
      reason: '',
      indicators: [],
      narrative: '',
      problems: '',
      nextSteps: '',
      evidence: [],
      revision: 1,
      ...PROGRESS[task.no],
    })),
    ...extra,
  };
}

const EXPECTED_TOTALS = '共 18 项任务：已完成 1 项，进展顺利 3 项，滞后 2 项，逾期 2 项，未设目标 1 项，不适用 9 项';

async function readXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** Each page's text with all whitespace removed (pdf.js inserts spaces between runs). */
async function extractPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('').replace(/\s+/g, ''));
  }
  await pdf.destroy();
  return pages;
}

const squash = (text: string): string => text.replace(/\s+/g, '');
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('reportTableRows', () => {
  it('prints targets, actuals, carried-over values, missing targets and evidence in the cells', () => {
    const rows = reportTableRows(quarterReport());
    expect(rows).toHaveLength(18);
    expect(rows.every((row) => row.length === HEADERS.length)).toBe(true);
    expect(rows[1]?.slice(5, 9)).toEqual(['新培育工商注册电商经营主体：70 个', '新培育工商注册电商经营主体：45 个', '滞后', `${LONG.repeat(3)}\n附件：2 个`]);
    expect(rows[3]?.slice(5, 7)).toEqual(['省级农村电商示范县：1 个', '省级农村电商示范县：尚未填报']);
    expect(rows[7]?.slice(5, 8)).toEqual(['“三品一标”农产品：未设目标', '“三品一标”农产品：3 个（沿用2019年第三季度填报）', '未设目标']);
    expect(rows[9]?.slice(5, 7)).toEqual([
      '认定课程培训合格人数：300 人\n培训补贴已拨付：不设目标（仅供参考）',
      '认定课程培训合格人数：120 人\n培训补贴已拨付：34,567.89 元',
    ]);
    expect(rows[16]?.slice(5, 7)).toEqual([
      '奖补资金已审批：不设目标（仅供参考）\n奖补资金已拨付：2,000,000.00 元',
      '奖补资金已审批：1,234,567.89 元\n奖补资金已拨付：987,654.32 元',
    ]);
    expect(rows[14]?.slice(5, 7)).toEqual(['快递末端公共服务站点数量提高：10 个百分点\n行政村邮政快递覆盖率：100%', '快递末端公共服务站点数量提高：12 个百分点\n行政村邮政快递覆盖率：96.5%']);
    // A task without indicators says so rather than leaving the cells blank.
    expect(rows[4]?.slice(5, 8)).toEqual(['—', '—', '不适用']);
  });
});

describe('quarterReportXlsx', () => {
  it('keeps what clerks typed from turning into formulas', async () => {
    const report = quarterReport();
    report.tasks[0] = { ...report.tasks[0]!, narrative: '=HYPERLINK("http://x","点我")', problems: "+cmd|' /C calc'!A0" };
    const sheet = sheetOf(await readXlsx(await quarterReportXlsx(report)), '进展报告');
    const values = (sheet.getRow(4).values as unknown[]).map(String);
    expect(values).toContain('\'=HYPERLINK("http://x","点我")');
    expect(values).toContain("'+cmd|' /C calc'!A0");
  });

  it('writes the task table cell by cell, with header, totals and notes', async () => {
    const report = quarterReport();
    const sheet = sheetOf(await readXlsx(await quarterReportXlsx(report)), '进展报告');

    expect(sheet.getCell('A1').text).toBe(TITLE);
    expect(sheet.getCell('A2').text).toBe('报送单位：凤台县商务局  报告期：2019年第四季度  统计截至：2019年12月31日');
    const header = sheet.getRow(3);
    HEADERS.forEach((text, i) => {
      const cell = header.getCell(i + 1);
      expect(cell.text).toBe(text);
      expect(cell.font?.bold).toBe(true);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });

    const rows = reportTableRows(report);
    PLAN.forEach((task, i) => {
      const row = sheet.getRow(4 + i);
      const progress = PROGRESS[task.no];
      expect(row.getCell(1).value).toBe(task.no);
      expect(row.getCell(2).text).toBe(task.title);
      expect(row.getCell(3).text).toBe(task.leadUnits);
      expect(row.getCell(4).text).toBe(task.cooperatingUnits);
      expect(row.getCell(5).text).toBe(task.deadlineText);
      expect(row.getCell(6).text).toBe(rows[i]?.[5]);
      expect(row.getCell(7).text).toBe(rows[i]?.[6]);
      expect(row.getCell(8).text).toBe(LIGHT_LABELS[progress?.light ?? 'not-applicable']);
      const evidence = progress?.evidence?.length ? `\n附件：${progress.evidence.length} 个` : '';
      expect(row.getCell(9).text).toBe((progress?.narrative ?? '') + evidence);
      expect(row.getCell(10).text).toBe(progress?.problems ?? '');
      expect(row.getCell(11).text).toBe(progress?.nextSteps ?? '');
      expect(row.getCell(2).alignment?.wrapText).toBe(true);
    });
    expect(sheet.getRow(5).getCell(9).text.endsWith('。\n附件：2 个')).toBe(true);

    const totals = sheet.getRow(22);
    expect(totals.getCell(1).text).toBe('合计');
    expect(totals.getCell(2).text).toBe(EXPECTED_TOTALS);
    expect(totals.getCell(2).font?.bold).toBe(true);
    expect(sheet.getCell('A24').text).toMatch(/^状态说明（系统说明）：“已完成”指实际达到目标/);
    expect(sheet.getCell('A25').text).toContain('本报告数据来自凤台县农村电商工作台账');
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(1).width ?? 0);
  });

  it('has a cover sheet with the reporting unit, dates, signatories and the policy pack', async () => {
    const workbook = await readXlsx(await quarterReportXlsx(quarterReport()));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['进展报告', '封面', '指标明细']);
    const cover = sheetOf(workbook, '封面');
    const rows = Array.from({ length: cover.rowCount }, (_, i) => [cover.getRow(i + 1).getCell(1).text, cover.getRow(i + 1).getCell(2).text]);
    expect(rows).toEqual([
      [TITLE, TITLE], // merged across both columns
      ['报送单位', '凤台县商务局'],
      ['报告期', '2019年第四季度'],
      ['统计截至', '2019年12月31日'],
      ['编制日期', '2020年1月6日'],
      ['填报人', '王敏'],
      ['审核签发', '李强'],
      ['政策依据', '《农村电商优化升级工作实施方案》（淮府办秘〔2019〕55号）'],
      ['政策包摘要', '0123456789abcdef'],
    ]);
    expect(workbook.created.toISOString()).toBe('2020-01-05T17:30:00.000Z');
    expect(workbook.modified.toISOString()).toBe('2020-01-05T17:30:00.000Z');
  });

  it('lists every indicator with numeric targets and actuals, amounts in yuan', async () => {
    const sheet = sheetOf(await readXlsx(await quarterReportXlsx(quarterReport())), '指标明细');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '指标', '单位', '来源', '目标', '实际', '状态', '依据', '实际来源说明']);
    expect(sheet.rowCount).toBe(1 + 12);
    const byId = (label: string): ExcelJS.Row => {
      for (let n = 2; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(2).text === label) return sheet.getRow(n);
      throw new Error(`no indicator ${label}`);
    };

    const paid = byId('奖补资金已拨付');
    expect((paid.values as unknown[]).slice(1)).toEqual([17, '奖补资金已拨付', '元', '计算', 2_000_000, 987_654.32, '逾期', '理由：奖补资金已拨付', '台账统计']);
    expect(paid.getCell(5).numFmt).toBe('#,##0.00');
    expect(paid.getCell(6).numFmt).toBe('#,##0.00');
    const committed = byId('奖补资金已审批');
    expect(committed.getCell(5).value).toBeNull();
    expect(committed.getCell(6).value).toBe(1_234_567.89);
    expect(byId('培训补贴已拨付').getCell(6).value).toBe(34_567.89);

    const growth = byId('农村产品网络销售额同比增幅');
    expect([growth.getCell(3).value, growth.getCell(4).value, growth.getCell(5).value, growth.getCell(6).value]).toEqual(['%', '填报', 30, 32.5]);
    expect(growth.getCell(6).numFmt).not.toBe('#,##0.00');
    expect(byId('“三品一标”农产品').getCell(9).text).toBe('县农业农村局认定文件（沿用2019年第三季度填报）');
    expect(byId('省级农村电商示范县').getCell(6).value).toBeNull();
  });
});

describe('quarterReportPdf', () => {
  it('prints the cover, every task row whole on one page, the totals and the notes', async () => {
    const report = quarterReport();
    const pages = await extractPages(await quarterReportPdf(report, font));
    // Cover plus a table long enough to need more than one page.
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]).toContain(squash(TITLE));
    expect(pages[0]).toContain('审核签发：李强');
    expect(pages[0]).toContain('政策包摘要：0123456789abcdef');
    expect(pages[1]?.startsWith(squash(TITLE))).toBe(true);
    for (const page of pages.slice(1)) expect(page).toContain(HEADERS.join(''));

    const all = pages.join('');
    for (const task of PLAN) expect(all).toContain(squash(task.title));
    for (const row of reportTableRows(report)) {
      // A split row would match on no page; a duplicated one on two.
      const perPage = pages.map((page) => page.split(squash(row.join(''))).length - 1);
      expect(perPage.reduce((a, b) => a + b, 0)).toBe(1);
    }
    expect(all).toContain(squash(`合计${EXPECTED_TOTALS}`));
    expect(all).toContain('状态说明（系统说明）：“已完成”指实际达到目标');
    expect(all).toContain('本报告数据来自凤台县农村电商工作台账');
  });

  it('marks an open quarter’s report as a draft on the cover and the table page', async () => {
    const pages = await extractPages(await quarterReportPdf(quarterReport({ state: 'open', approvedBy: null }), font));
    expect(pages[0]).toContain(squash(`${TITLE}（草稿）`));
    expect(pages[0]).toContain('审核签发：（季度未关闭，本报告为草稿）');
    expect(pages[1]).toContain(squash(`${TITLE}（草稿）`));
    expect(pages[1]).toContain('本季度尚未关闭，本报告为草稿');
  });
});

describe('the sections beyond the task table (pack 1.1)', () => {
  const extras: Partial<QuarterReport> = {
    subsidies: {
      year: 2019,
      funds: [
        { fund: 'commerce', label: '电子商务发展专项资金', docNo: '凤财〔2019〕12号', budgetFen: 120_000_000, committedFen: 2_345_600, paidFen: 1_000_000 },
        { fund: 'employment', label: '就业补助资金', docNo: null, budgetFen: null, committedFen: 0, paidFen: 0 },
      ],
    },
    readings: [{ id: 'frequency:training-subsidy', kind: 'reading', label: '「农村电商培训合格补贴」的频次', valueLabel: '每人每课程每年一次', setBy: '王管理', setAt: '2019-09-01T02:00:00.000Z' }],
    plan: { docNo: '凤政办〔2019〕30号', title: '凤台县农村电商优化升级工作实施细则', issuedOn: '2019-09-20', fileName: '细则.pdf' },
    responsibilities: [{ id: 'A1', task: 3, part: '示范村 6 个', unit: '凤凰镇人民政府', unitKind: 'town', deadline: '2019-11-30' }],
    measures: [{ id: 'M1', kind: 'talent', title: '返乡创业青年电商培训', docNo: '凤人社〔2019〕5号', date: '2019-10-15', amountFen: 5_000_000, evidence: [] }],
  };

  const withParts = (): QuarterReport => {
    const report = quarterReport(extras);
    return { ...report, tasks: report.tasks.map((t) => ({ ...t, part: t.no === 3 ? 'lead' : t.no === 17 ? 'city' : 'cooperating' })) };
  };

  it('writes each as its own sheet, amounts in yuan with separators, the county’s part in each task', async () => {
    const workbook = await readXlsx(await quarterReportXlsx(withParts()));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['进展报告', '封面', '指标明细', '奖补资金', '本县解读', '责任分工', '细化方案与措施']);
    const funds = sheetOf(workbook, '奖补资金');
    expect(funds.getRow(3).values).toEqual([undefined, '电子商务发展专项资金', '凤财〔2019〕12号', '1,200,000.00 元', '23,456.00 元', '10,000.00 元']);
    expect(funds.getRow(4).values).toEqual([undefined, '就业补助资金', '—', '尚未登记', '0.00 元', '0.00 元']);
    expect(sheetOf(workbook, '本县解读').getRow(3).values).toEqual([undefined, '本县解读', '「农村电商培训合格补贴」的频次', '每人每课程每年一次', '王管理 2019年9月1日']);
    expect(sheetOf(workbook, '责任分工').getRow(5).values).toEqual([undefined, '3', PLAN[2]!.title, '牵头', '凤凰镇人民政府（乡镇）：示范村 6 个，2019年11月30日前']);
    expect(sheetOf(workbook, '责任分工').getRow(19).values).toEqual([undefined, '17', PLAN[16]!.title, '市级牵头', '—']);
    expect(sheetOf(workbook, '细化方案与措施').getRow(4).values).toEqual([undefined, '引进电商人才、鼓励青年返乡创业', '返乡创业青年电商培训（凤人社〔2019〕5号）', '2019年10月15日', '50,000.00 元', '未附']);
  });

  it('prints them after the table in the PDF; a report before pack 1.1 has none of them', async () => {
    const all = (await extractPages(await quarterReportPdf(withParts(), font))).join('');
    expect(all).toContain(squash('电子商务发展专项资金：下达文号 凤财〔2019〕12号；年度预算 1,200,000.00 元；已审批 23,456.00 元；已拨付 10,000.00 元'));
    expect(all).toContain(squash('第 3 项（牵头）：凤凰镇人民政府（乡镇）：示范村 6 个，2019年11月30日前'));
    const old = await readXlsx(await quarterReportXlsx(quarterReport()));
    expect(old.worksheets.map((w) => w.name)).toEqual(['进展报告', '封面', '指标明细']);
  });
});

describe('determinism', () => {
  it('renders byte-identical xlsx and PDF from the same snapshot, whatever the clock says', async () => {
    const report = quarterReport();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2020-01-06T09:00:00Z'));
    const xlsx = await quarterReportXlsx(report);
    const pdf = await quarterReportPdf(report, font);
    vi.setSystemTime(new Date('2031-07-19T23:59:58Z'));
    expect(same(await quarterReportXlsx(report), xlsx)).toBe(true);
    expect(same(await quarterReportPdf(report, font), pdf)).toBe(true);

    const edited = quarterReport();
    edited.tasks[17] = { ...edited.tasks[17]!, narrative: '正在组织年度总结评估，已形成初稿。' };
    expect(same(await quarterReportXlsx(edited), xlsx)).toBe(false);
    expect(same(await quarterReportPdf(edited, font), pdf)).toBe(false);
  });
});

describe('quarterReportFileName', () => {
  it('names the file after county and quarter, marking an open quarter’s report as a draft', () => {
    expect(quarterReportFileName(quarterReport(), 'pdf')).toBe('凤台县2019年第四季度农村电商工作进展报告.pdf');
    expect(quarterReportFileName(quarterReport(), 'xlsx')).toBe('凤台县2019年第四季度农村电商工作进展报告.xlsx');
    expect(quarterReportFileName(quarterReport({ state: 'open', approvedBy: null }), 'pdf')).toBe('凤台县2019年第四季度农村电商工作进展报告（草稿）.pdf');
  });
});
