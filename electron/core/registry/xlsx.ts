import ExcelJS from 'exceljs';
import { displayFieldValue, type FieldDefinition, LISTS, type ListId, type SubjectFields } from '../../../shared/domain/registry';
import { fenToYuanString } from '../../../shared/money';
import { safeCell, sheetName } from '../documents/sheet-text';

// Spreadsheets the clerk gets back: templates, rejected rows, exports. Chinese headers, sheet
// names and a 填写说明 sheet, as clerks expect from Excel and WPS.

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E2C7' } };

const TYPE_HELP: Record<FieldDefinition['type'], string> = {
  text: '文字',
  uscc: '18 位统一社会信用代码，按国家标准校验',
  idNumber: '18 位居民身份证号码，校验出生日期和校验位，末位 x 可小写',
  phone: '11 位手机号',
  bankCard: '12 到 19 位银行卡号',
  date: '日期，例如 2019-12-01、2019/12/1 或 2019年12月1日',
  yuan: '金额（元），最多两位小数，可带千位分隔符',
  usd: '金额（美元），最多两位小数',
  boolean: '是 或 否',
  choice: '从下拉列表中选择',
  year: '年份，例如 2019',
  integer: '整数',
};

function headerRow(sheet: ExcelJS.Worksheet, fields: readonly FieldDefinition[], extra: string[] = []): void {
  const row = sheet.addRow([...fields.map((f) => (f.required ? `${f.header}*` : f.header)), ...extra]);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  sheet.columns.forEach((column, i) => {
    column.width = Math.max(12, Math.min(36, ((fields[i]?.header ?? extra[i - fields.length] ?? '').length + 2) * 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** Data rows a template's drop-downs cover. */
const TEMPLATE_ROWS = 1000;
export const IDENTIFIER_TYPES: readonly FieldDefinition['type'][] = ['uscc', 'idNumber', 'phone', 'bankCard'];

type RangeValidations = { add(range: string, validation: ExcelJS.DataValidation): void };

/**
 * The sheet's validations by range. exceljs types only the per-cell form, and merging 1,000
 * per-cell validations writes each drop-down twice over overlapping ranges (it sorts cell
 * addresses as text, G10 before G2), so one range per column goes in through the model.
 */
function rangeValidations(sheet: ExcelJS.Worksheet): RangeValidations {
  const model: unknown = Reflect.get(sheet, 'dataValidations');
  const add: unknown = typeof model === 'object' && model !== null ? Reflect.get(model, 'add') : undefined;
  if (typeof add !== 'function') throw new Error('exceljs no longer keeps dataValidations on the worksheet');
  return { add: (range, validation) => Reflect.apply(add, model, [range, validation]) };
}

export async function templateXlsx(list: ListId): Promise<Uint8Array> {
  const def = LISTS[list];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '县域电商台账';
  const sheet = workbook.addWorksheet(sheetName(def.label));
  headerRow(sheet, def.fields);
  def.fields.forEach((field, i) => {
    const column = sheet.getColumn(i + 1);
    if (field.options) {
      const letter = column.letter;
      rangeValidations(sheet).add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
        type: 'list',
        allowBlank: !field.required,
        formulae: [`"${field.options.join(',')}"`],
        showErrorMessage: true,
        errorTitle: '输入有误',
        error: `请从下拉列表中选择：${field.options.join('、')}`,
      });
    }
    if (IDENTIFIER_TYPES.includes(field.type)) column.numFmt = '@'; // keep long digits as text
  });
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 34 },
    { header: '是否必填', width: 10 },
    { header: '填写要求', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const field of def.fields) {
    help.addRow([field.header, field.required ? '必填' : '选填', [TYPE_HELP[field.type], field.options ? `可选：${field.options.join('、')}` : '', field.help ?? ''].filter(Boolean).join('；')]);
  }
  help.addRow([]);
  help.addRow(['说明', '', `带 * 的列必填。列的顺序可以调整，可以增加其他列（导入时忽略）。同一${def.key.map((k) => def.fields.find((f) => f.key === k)?.header).join('+')}重复出现的行会被拒绝。`]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function exportValue(field: FieldDefinition, value: SubjectFields[string]): string | number {
  return typeof value === 'number' && field.type !== 'yuan' && field.type !== 'usd' ? value : displayFieldValue(field, value);
}

/** Rows already masked (or not) by the caller; this only lays them out. */
export async function exportXlsx(list: ListId, rows: { fields: SubjectFields; facts: Record<string, Record<string, number>> }[]): Promise<Uint8Array> {
  const def = LISTS[list];
  const plain = def.fields.filter((f) => !f.fact && f.key !== 'year');
  const factFields = def.fields.filter((f) => f.fact);
  const years = [...new Set(rows.flatMap((r) => Object.keys(r.facts)))].sort();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName(def.label));
  const factHeaders = years.flatMap((y) => factFields.map((f) => `${y}年${f.header}`));
  headerRow(sheet, plain, factHeaders);
  for (const r of rows) {
    const facts = years.flatMap((y) => factFields.map((f) => {
      const v = r.facts[y]?.[f.key];
      return v === undefined ? '' : fenToYuanString(v);
    }));
    // Names and places come from clerks' files: none may become a formula in a clerk's spreadsheet.
    const row = sheet.addRow([...plain.map((f) => safeCell(exportValue(f, r.fields[f.key] ?? null))), ...facts]);
    plain.forEach((f, i) => {
      if (IDENTIFIER_TYPES.includes(f.type)) row.getCell(i + 1).numFmt = '@';
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
