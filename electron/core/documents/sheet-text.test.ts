import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS } from '../../../shared/limits';
import { sheetsXlsx } from '../claims/documents';
import { inertText, safeCell, sheetName, withinCellLimit, withoutInertPrefix } from './sheet-text';

describe('text in the spreadsheets we hand out', () => {
  it('names sheets as Excel allows: no * ? : \\ / [ ], at most 31 characters, never empty', () => {
    expect(sheetName('合作社/基地/家庭农场')).toBe('合作社、基地、家庭农场');
    expect(sheetName('a*b?c:d\\e[f]g')).toBe('a、b、c、d、e、f、g');
    expect([...sheetName('很'.repeat(40))]).toHaveLength(31);
    expect(sheetName("'??'")).toBe('、、');
    expect(sheetName('')).toBe('工作表');
  });

  it('puts an apostrophe before text a spreadsheet would take for a formula, and takes it off again on import', () => {
    for (const text of ['=HYPERLINK("http://x","点我")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(inertText(text)).toBe(`'${text}`);
      expect(withoutInertPrefix(inertText(text))).toBe(text);
    }
    for (const text of ['张三', '13900000001', "'引号开头", '']) expect(inertText(text)).toBe(text);
    expect(withoutInertPrefix("'普通文字")).toBe("'普通文字");
    expect(safeCell(-5)).toBe(-5); // numbers stay numbers
  });

  it('keeps a cell within Excel’s 32,767 characters and says where it was cut', () => {
    expect(withinCellLimit('短')).toBe('短');
    const cut = withinCellLimit('长'.repeat(MAX_CELL_CHARS + 10));
    expect(cut).toHaveLength(MAX_CELL_CHARS);
    expect(cut.endsWith('（超出单元格上限，已截断）')).toBe(true);
  });

  it('makes the 公示 and payment sheets inert too', async () => {
    const bytes = await sheetsXlsx([{ name: '公示/名单', title: '=1+1', headers: ['受益主体'], rows: [['=HYPERLINK("http://x","点我")'], ['张三']] }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('公示、名单');
    expect(sheet.getCell('A1').value).toBe("'=1+1");
    expect(sheet.getCell('A3').value).toBe('\'=HYPERLINK("http://x","点我")');
    expect(sheet.getCell('A4').value).toBe('张三');
  });
});
