import { z } from 'zod';
import { fenToYuanString } from '../money';

// The registry's lists: every subject the plan rewards, with the columns clerks keep in Excel.
// One definition drives the template, the import, the grid and the export.

export const LIST_IDS = ['service-points', 'enterprises', 'cooperatives', 'brands', 'trainees', 'poor-households', 'demo-divisions', 'poverty-purchases'] as const;
export const ListId = z.enum(LIST_IDS);
export type ListId = z.infer<typeof ListId>;

export type FieldType = 'text' | 'uscc' | 'idNumber' | 'phone' | 'bankCard' | 'date' | 'yuan' | 'usd' | 'boolean' | 'choice' | 'year' | 'integer';

export type FieldDefinition = {
  key: string;
  header: string;
  /** Other headers clerks use for the same column. */
  aliases?: readonly string[];
  type: FieldType;
  required?: boolean;
  options?: readonly string[];
  /** A yearly fact (needs the 年度 column), named as the rules engine names it. */
  fact?: boolean;
  /** Personal data: masked wherever shown or exported. */
  sensitive?: boolean;
  help?: string;
};

export type ListDefinition = {
  id: ListId;
  label: string;
  /** The subject type the rules engine uses for this list. */
  subjectType: string;
  fields: readonly FieldDefinition[];
  /** The fields that identify a subject; a second row with the same values is a duplicate. */
  key: readonly string[];
};

const TOWN: FieldDefinition = { key: 'town', header: '乡镇', aliases: ['乡镇（街道）', '所在乡镇', '镇'], type: 'text', required: true };
const VILLAGE: FieldDefinition = { key: 'village', header: '村', aliases: ['村（社区）', '所在村', '行政村', '村居'], type: 'text' };
const PHONE: FieldDefinition = { key: 'phone', header: '手机号', aliases: ['手机号码', '联系电话', '电话', '手机'], type: 'phone', sensitive: true };
const BANK: FieldDefinition = { key: 'bankAccount', header: '银行账号', aliases: ['银行卡号', '收款账号', '账号', '卡号'], type: 'bankCard', sensitive: true };
const BANK_NAME: FieldDefinition = { key: 'bankName', header: '开户行', aliases: ['开户银行', '开户行名称'], type: 'text' };
const YEAR: FieldDefinition = { key: 'year', header: '年度', aliases: ['统计年度', '年份'], type: 'year', help: '填写销售额等年度数据时必填，例如 2019' };
const USCC: FieldDefinition = { key: 'uscc', header: '统一社会信用代码', aliases: ['信用代码', '社会信用代码', '统一代码'], type: 'uscc', required: true };
const ID_NUMBER: FieldDefinition = { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码', '身份证'], type: 'idNumber', required: true, sensitive: true };
const YES_NO = ['是', '否'] as const;
/** Task 2 counts the e-commerce businesses newly registered in the year by this date. */
const ESTABLISHED_ON: FieldDefinition = { key: 'establishedOn', header: '成立日期', aliases: ['注册日期', '工商注册日期', '登记日期'], type: 'date', help: '营业执照上的成立日期；任务 2 按此统计当年新培育的电商经营主体' };
/** Where an enterprise or cooperative is, how to reach and pay it, and the year of its figures. */
const ORGANISATION_CONTACT: readonly FieldDefinition[] = [PHONE, TOWN, VILLAGE, BANK, BANK_NAME, YEAR];
const PURCHASE_FROM_POOR: FieldDefinition = { key: 'purchaseFromPoor', header: '收购贫困村贫困户产品金额（元）', aliases: ['收购贫困户产品金额'], type: 'yuan', fact: true };

export const LISTS: Record<ListId, ListDefinition> = {
  'service-points': {
    id: 'service-points',
    label: '电商服务网点',
    subjectType: 'service-point',
    key: ['town', 'village', 'name'],
    fields: [
      { key: 'name', header: '网点名称', aliases: ['服务站点名称', '站点名称', '名称'], type: 'text', required: true },
      TOWN,
      { ...VILLAGE, required: true },
      { key: 'operator', header: '经营者', aliases: ['负责人', '站长', '承建人'], type: 'text', required: true },
      { key: 'operatorIdNumber', header: '经营者身份证号', aliases: ['负责人身份证号'], type: 'idNumber', sensitive: true },
      PHONE,
      { key: 'povertyVillage', header: '是否贫困村', type: 'boolean', options: YES_NO, required: true },
      { key: 'coBuiltWith', header: '融合共建', type: 'choice', options: ['无', '村党群服务中心', '就业扶贫驿站', '益农信息社', '其他'] },
      { key: 'demoPoint', header: '是否示范点', aliases: ['省级示范点', '示范点'], type: 'boolean', options: YES_NO, help: '被评为省级示范点的填“是”（任务 3 统计示范点个数）' },
      { key: 'demoPointOn', header: '示范点认定日期', aliases: ['示范点命名日期'], type: 'date' },
      BANK,
      BANK_NAME,
      YEAR,
      { key: 'farmOnlineSales', header: '农产品上行年网络销售额（元）', aliases: ['农产品上行年网络销售额', '网络销售额'], type: 'yuan', fact: true },
      { key: 'upwardServiceSales', header: '上行服务形成的网络销售额（元）', aliases: ['上行服务形成的网络销售额'], type: 'yuan', fact: true },
    ],
  },
  enterprises: {
    id: 'enterprises',
    label: '电商企业',
    subjectType: 'enterprise',
    key: ['uscc'],
    fields: [
      { key: 'name', header: '企业名称', aliases: ['名称', '单位名称'], type: 'text', required: true },
      USCC,
      { key: 'legalPerson', header: '法定代表人', aliases: ['法人', '负责人'], type: 'text' },
      ESTABLISHED_ON,
      ...ORGANISATION_CONTACT,
      { key: 'ruralOnlineSales', header: '农村产品上行年网络销售额（元）', aliases: ['农村产品上行年网络销售额', '网络销售额'], type: 'yuan', fact: true },
      { key: 'cooperationOnlineSales', header: '购销协作网络销售额（元）', aliases: ['购销协作网络销售额'], type: 'yuan', fact: true },
      { key: 'onlineExportUsd', header: '年在线出口交易额（美元）', aliases: ['年在线出口交易额', '出口额（美元）'], type: 'usd', fact: true },
      PURCHASE_FROM_POOR,
    ],
  },
  cooperatives: {
    id: 'cooperatives',
    label: '合作社/基地/家庭农场',
    subjectType: 'cooperative',
    key: ['uscc'],
    fields: [
      { key: 'name', header: '名称', aliases: ['合作社名称', '单位名称'], type: 'text', required: true },
      USCC,
      { key: 'kind', header: '类型', type: 'choice', options: ['专业合作社', '农业基地', '家庭农场'], required: true },
      { key: 'legalPerson', header: '负责人', aliases: ['法定代表人', '法人'], type: 'text' },
      ESTABLISHED_ON,
      ...ORGANISATION_CONTACT,
      PURCHASE_FROM_POOR,
    ],
  },
  brands: {
    id: 'brands',
    label: '品牌',
    subjectType: 'brand',
    key: ['name', 'ownerUscc'],
    fields: [
      { key: 'name', header: '品牌名称', aliases: ['品牌', '名称'], type: 'text', required: true },
      { key: 'ownerName', header: '所属企业', aliases: ['企业名称', '权利人'], type: 'text', required: true },
      { ...USCC, key: 'ownerUscc', header: '所属企业统一社会信用代码', aliases: ['企业统一社会信用代码', '统一社会信用代码'] },
      TOWN,
      YEAR,
      { key: 'brandOnlineSales', header: '品牌农村产品上行年网络销售额（元）', aliases: ['品牌网络销售额', '网络销售额'], type: 'yuan', fact: true },
    ],
  },
  trainees: {
    id: 'trainees',
    label: '培训学员',
    subjectType: 'trainee',
    key: ['idNumber', 'course'],
    fields: [
      { key: 'name', header: '姓名', aliases: ['学员姓名'], type: 'text', required: true },
      ID_NUMBER,
      PHONE,
      { key: 'course', header: '培训课程', aliases: ['课程', '课程名称', '培训项目'], type: 'text', required: true },
      { key: 'trainingDate', header: '培训日期', aliases: ['培训时间', '结业日期'], type: 'date', required: true },
      { key: 'certificateNo', header: '证书编号', aliases: ['合格证编号', '结业证书编号'], type: 'text' },
      { key: 'passed', header: '是否合格', aliases: ['考核结果', '是否结业'], type: 'boolean', options: YES_NO, required: true },
      { key: 'certifiedCourse', header: '课程经人社部门认定', aliases: ['是否认定课程', '人社认定'], type: 'boolean', options: YES_NO, required: true },
      TOWN,
      VILLAGE,
      BANK,
      BANK_NAME,
    ],
  },
  'poor-households': {
    id: 'poor-households',
    label: '贫困户',
    subjectType: 'poor-household',
    key: ['idNumber'],
    fields: [
      { key: 'name', header: '户主姓名', aliases: ['户主', '姓名'], type: 'text', required: true },
      ID_NUMBER,
      TOWN,
      { ...VILLAGE, required: true },
      PHONE,
      { key: 'members', header: '家庭人口', aliases: ['家庭人口数', '人口'], type: 'integer' },
      BANK,
      BANK_NAME,
    ],
  },
  'demo-divisions': {
    id: 'demo-divisions',
    label: '示范镇村',
    subjectType: 'village',
    key: ['level', 'town', 'name'],
    fields: [
      { key: 'name', header: '名称', aliases: ['示范镇村名称', '镇村名称'], type: 'text', required: true, help: '示范镇填镇名，示范村填村名' },
      { key: 'level', header: '级别', aliases: ['类型'], type: 'choice', options: ['示范镇', '示范村'], required: true },
      TOWN,
      { key: 'designatedOn', header: '认定日期', aliases: ['命名日期'], type: 'date' },
      { key: 'designationDoc', header: '认定文件', aliases: ['认定文号', '文件名称'], type: 'text' },
    ],
  },
  'poverty-purchases': {
    id: 'poverty-purchases',
    label: '收购贫困户产品记录',
    subjectType: 'enterprise',
    key: ['buyerUscc', 'voucherNo'],
    fields: [
      { key: 'name', header: '收购主体', aliases: ['收购单位', '企业名称', '合作社名称'], type: 'text', required: true },
      { ...USCC, key: 'buyerUscc', header: '收购主体统一社会信用代码', aliases: ['统一社会信用代码'] },
      { key: 'purchaseDate', header: '收购日期', aliases: ['日期'], type: 'date', required: true },
      { key: 'seller', header: '贫困户或贫困村', aliases: ['出售方', '贫困户姓名', '贫困村'], type: 'text', required: true },
      { key: 'sellerIdNumber', header: '贫困户身份证号', aliases: ['出售方身份证号'], type: 'idNumber', sensitive: true },
      TOWN,
      VILLAGE,
      { key: 'product', header: '产品', aliases: ['收购产品', '品名'], type: 'text' },
      { key: 'amount', header: '收购金额（元）', aliases: ['收购金额', '金额'], type: 'yuan', required: true },
      { key: 'voucherNo', header: '凭证号', aliases: ['票据号', '单据号', '凭证编号'], type: 'text', required: true, help: '同一凭证只能登记一次，也只能支持一次补助申报' },
    ],
  },
};

export type FieldValue = string | number | boolean | null;
export type SubjectFields = Record<string, FieldValue>;

// One predicate rather than a union of four schemas: this runs for every field of every stored row.
const isFieldValue = (v: unknown): v is FieldValue => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
/** A subject's fields as stored: a flat record of text, numbers, flags and blanks. */
/** A plain object whose every own value is a FieldValue. */
const isFieldRecord = (o: unknown): o is Record<string, FieldValue> => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  for (const key of Object.keys(o)) if (!isFieldValue((o as Record<string, unknown>)[key])) return false;
  return true;
};

/**
 * One check over the whole record rather than zod's record of custom values: the same rule,
 * without copying the object, and a tenth of the time on a 100,000-row import's journal entries.
 */
export const SubjectFieldsSchema = z.custom<Record<string, FieldValue>>(isFieldRecord, { message: '主体字段的值只能是文本、数字、是否或空' });

/** A subject as the grid shows it: personal fields already masked by the core. */
export const SubjectRow = z.object({
  id: z.string(),
  list: ListId,
  revision: z.number().int(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  facts: z.record(z.string(), z.record(z.string(), z.number())),
  flags: z.array(z.string()),
});
export type SubjectRow = z.infer<typeof SubjectRow>;

export const ImportIssue = z.object({ row: z.number().int(), column: z.string(), code: z.string(), message: z.string() });
export type ImportIssue = z.infer<typeof ImportIssue>;

/** How a stored field value reads in a grid, a preview or a detail page. */
export function displayFieldValue(field: FieldDefinition, value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if ((field.type === 'yuan' || field.type === 'usd') && typeof value === 'number') return fenToYuanString(value);
  return String(value);
}
