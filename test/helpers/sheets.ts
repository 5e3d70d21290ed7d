import ExcelJS from 'exceljs';

// Fixtures the tests make themselves: identifiers with correct check characters, and xlsx files
// written by exceljs as Excel and WPS users lay them out.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 18-character ID number for a county code, birth date and sequence. */
export function idNumber(county: string, birth: string, sequence: number): string {
  const first = `${county}${birth}${String(sequence % 1000).padStart(3, '0')}`;
  const sum = [...first].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
  return first + '10X98765432'[sum % 11];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid 统一社会信用代码 built around a number. */
export function uscc(n: number): string {
  const first = `92340400MA${String(n).padStart(7, '0')}`.slice(0, 17);
  const sum = [...first].reduce((s, c, i) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i]!, 0);
  return first + USCC_CHARS[(31 - (sum % 31)) % 31];
}

export async function xlsxOf(sheets: { name: string; rows: unknown[][]; merges?: string[] }[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    for (const row of s.rows) sheet.addRow(row);
    for (const range of s.merges ?? []) sheet.mergeCells(range);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const TRAINEE_HEADERS = ['姓名', '身份证号', '手机号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇', '村'];

export function traineeRow(i: number, overrides: Partial<Record<(typeof TRAINEE_HEADERS)[number], unknown>> = {}): unknown[] {
  const base: Record<string, unknown> = {
    姓名: `学员${i}`,
    身份证号: idNumber('340422', `1985${String((i % 12) + 1).padStart(2, '0')}15`, i),
    手机号: `139${String(10000000 + i).slice(-8)}`,
    培训课程: '农产品直播营销',
    培训日期: '2019-10-15',
    是否合格: '是',
    课程经人社部门认定: '是',
    乡镇: '寿春镇',
    村: '华宇村',
    ...overrides,
  };
  return TRAINEE_HEADERS.map((h) => base[h]);
}
