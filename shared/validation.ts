import { z } from 'zod';

// Turns zod's issues into one Chinese sentence that names the field, for the clerk.

// zod's own Chinese messages as the fallback; the common cases in plainer words.
const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  object: '对象',
  array: '列表',
};

z.config({
  ...z.locales.zhCN(),
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return '必填，不能为空';
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    if (issue.code === 'too_small' && issue.origin === 'number') {
      return `不能小于 ${String(issue.minimum)}`;
    }
    return undefined;
  },
});

const FIELD_LABELS: Record<string, string> = {
  no: '任务序号',
  expectedRevision: '版本号',
  progress: '进展情况',
  status: '完成状态',
  remark: '备注',
  limit: '条数',
  beforeSeq: '起始序号',
  path: '文件夹',
  county: '区划代码',
  rule: '规则',
  tiers: '分档',
  rateBasisPoints: '比例',
  cases: '案例',
  overrides: '参数修改',
  list: '名单',
  fileName: '文件名',
  contentBase64: '文件内容',
  headers: '表头',
  rows: '数据行',
  ids: '导出行',
  year: '年度',
  values: '年度数据',
  quarter: '季度',
  task: '任务序号',
  narrative: '进展情况',
  problems: '存在问题',
  nextSteps: '下一步打算',
  indicator: '指标',
  value: '数值',
  source: '数据来源',
  format: '文件格式',
  // the county's plan, its responsibilities and measures, readings and budgets (issue 12)
  reason: '原因',
  docNo: '文号',
  title: '名称',
  issuedOn: '印发日期',
  part: '分解内容',
  unit: '责任单位',
  unitKind: '单位类别',
  deadline: '完成时限',
  date: '日期',
  amount: '金额',
  base: '金额',
  fund: '资金来源',
  note: '说明',
  measureId: '保障措施',
};

export function fieldLabel(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '请求';
  return path
    .map((key) => (typeof key === 'number' ? `第 ${key + 1} 项` : (FIELD_LABELS[String(key)] ?? String(key))))
    .join(' › ');
}

export type FieldIssue = { path: string; field: string; message: string };

export function describeIssues(error: z.ZodError): { message: string; issues: FieldIssue[] } {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    field: fieldLabel(issue.path),
    message:
      issue.code === 'unrecognized_keys'
        ? `不认识的字段：${issue.keys.join('、')}`
        : issue.message,
  }));
  const message = issues.map((i) => `${i.field}：${i.message}`).join('；');
  return { message, issues };
}
