import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LISTS } from '../../../shared/domain/registry';
import { TRAINEE_HEADERS } from '../../../test/helpers/sheets';
import { readSpreadsheet } from './table';

// Workbooks written by hand, part by part, as other generators than Excel write them: what the
// reader takes from each kind of cell, and what it refuses.

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const enc = (text: string) => new TextEncoder().encode(text);

type Sheet = { name: string; xml: string };

function workbook(sheets: Sheet[], sharedStrings: string | null, prefix = ''): Uint8Array {
  const p = prefix ? `${prefix}:` : '';
  const ns = prefix ? `xmlns:${prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': enc('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': enc(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': enc(
      `<?xml version="1.0"?><${p}workbook ${ns} xmlns:r="${RELS}"><${p}sheets>${sheets.map((s, i) => `<${p}sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</${p}sheets></${p}workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': enc(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELS}/worksheet" Target="${i % 2 ? '/xl/' : ''}worksheets/sheet${sheets.length - i}.xml"/>`)
        .join('')}</Relationships>`,
    ),
  };
  // the parts are numbered against the workbook's order: the workbook's order is the one that counts
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${sheets.length - i}.xml`] = enc(`<?xml version="1.0"?><${p}worksheet ${ns}><${p}sheetData>${s.xml}</${p}sheetData></${p}worksheet>`)));
  if (sharedStrings !== null) files['xl/sharedStrings.xml'] = enc(`<?xml version="1.0"?><sst xmlns="${MAIN}">${sharedStrings}</sst>`);
  return zipSync(files);
}

const header = `<row r="1">${TRAINEE_HEADERS.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;

describe('reading .xlsx parts', () => {
  it('takes every kind of cell as typed: shared and inline strings (runs joined, phonetic guides left out), numbers, booleans, errors, formulas, dates', async () => {
    const strings = '<si><t>学员甲</t></si><si><r><rPr><b/></rPr><t>农产品</t></r><r><t xml:space="preserve">直播 </t></r><rPh sb="0" eb="1"><t>ノウ</t></rPh></si><si><t>A&amp;B&lt;C&gt;</t></si>';
    const row = [
      '<c r="A2" t="s"><v>0</v></c>',
      '<c r="B2" t="inlineStr"><is><r><t>3404</t></r><r><t>22198509150011</t></r></is></c>',
      '<c r="C2"><v>13900000001</v></c>',
      '<c r="D2" t="s"><v>1</v></c>',
      '<c r="E2" t="d"><v>2019-10-15T00:00:00</v></c>',
      '<c r="F2" t="b"><v>1</v></c>',
      '<c r="G2" t="e"><v>#N/A</v></c>',
      '<c r="H2" t="str"><f>A1&amp;"镇"</f><v>寿春镇</v></c>',
      '<c r="I2" t="s"><v>2</v></c>',
    ].join('');
    const table = await readSpreadsheet(LISTS.trainees, 'x.xlsx', workbook([{ name: '学员', xml: header + `<row r="2">${row}</row>` }], strings));
    expect(table.sheet).toBe('学员');
    expect(table.headers).toEqual([...TRAINEE_HEADERS]);
    expect(table.rows).toHaveLength(1);
    const cells = table.rows[0]!.cells;
    expect(cells.slice(0, 4)).toEqual(['学员甲', '340422198509150011', 13900000001, '农产品直播 ']);
    expect(cells[4]).toEqual(new Date('2019-10-15T00:00:00Z'));
    expect(cells.slice(5)).toEqual([true, { error: '#N/A' }, { formula: 'A1&"镇"', result: '寿春镇' }, 'A&B<C>']);
  });

  it('reads sheets in the workbook’s order, with element prefixes, cells without references and rows after gaps', async () => {
    const other = { name: '说明', xml: '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>填表说明</x:t></x:is></x:c></x:row>' };
    const data = {
      name: '学员名单',
      xml: `${header.replace(/<(\/?)(row|c|is|t)\b/g, '<$1x:$2')}<x:row r="7"><x:c t="inlineStr"><x:is><x:t>学员乙</x:t></x:is></x:c><x:c r="C7"><x:v>13900000002</x:v></x:c><x:c><x:v>5</x:v></x:c></x:row>`,
    };
    const table = await readSpreadsheet(LISTS.trainees, 'x.xlsx', workbook([other, data], null, 'x'));
    expect(table.sheet).toBe('学员名单');
    expect(table.rows).toEqual([{ rowNumber: 7, cells: ['学员乙', undefined, 13900000002, 5] }]);
  });

  it('refuses, naming the file, a sheet the workbook does not list, a string that is not in the table, a column past Excel’s last and XML that does not close', async () => {
    const unlisted = workbook([{ name: '学员', xml: header }], null);
    const files = { ...unzipSync(unlisted), 'xl/worksheets/sheet9.xml': enc('<worksheet/>') };
    const cases: [Uint8Array, RegExp][] = [
      [zipSync(files), /工作簿列出 1 个工作表，文件中有 2 个/],
      [workbook([{ name: '学员', xml: `${header}<row r="2"><c r="A2" t="s"><v>7</v></c></row>` }], '<si><t>甲</t></si>'), /共享字符串 7 不存在/],
      [workbook([{ name: '学员', xml: `${header}<row r="2"><c r="XFE2"><v>1</v></c></row>` }], null), /第 2 行的单元格位置「XFE2」超出表格范围/],
      [workbook([{ name: '学员', xml: `${header}<row r="2"><c r="A2"><v>1</v></row>` }], null), /已损坏或不是有效的 \.xlsx 文件/],
    ];
    for (const [bytes, message] of cases) {
      await expect(readSpreadsheet(LISTS.trainees, '坏.xlsx', bytes)).rejects.toMatchObject({ details: { code: 'CORRUPT_FILE' }, message: expect.stringMatching(/文件「坏\.xlsx」/) });
      await expect(readSpreadsheet(LISTS.trainees, '坏.xlsx', bytes)).rejects.toThrow(message);
    }
  });
});
