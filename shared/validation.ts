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
    // lengths in a clerk's words: never zod's 「string <=200 字符」
    if (issue.code === 'too_big' && issue.origin === 'string') return `最多 ${String(issue.maximum)} 个字`;
    if (issue.code === 'too_small' && issue.origin === 'string') return Number(issue.minimum) <= 1 ? '必填，不能为空' : `至少 ${String(issue.minimum)} 个字`;
    if (issue.code === 'too_big' && issue.origin === 'array') return `最多 ${String(issue.maximum)} 项`;
    if (issue.code === 'too_small' && issue.origin === 'array') return `至少 ${String(issue.minimum)} 项`;
    if (issue.code === 'too_big' && issue.origin === 'number') return `不能大于 ${String(issue.maximum)}`;
    if (issue.code === 'invalid_value') return '不是可选的值';
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
  // accounts, settings, claims, notices, payments and bundles
  username: '登录名',
  displayName: '姓名',
  password: '密码',
  current: '当前密码',
  next: '新密码',
  repeated: '再次输入的新密码',
  role: '角色',
  roles: '角色',
  disabled: '停用',
  idleMinutes: '自动锁定时间',
  noticeContact: '异议受理联系方式',
  noticeDays: '公示天数',
  contact: '联系方式',
  passphrase: '口令',
  keyPassphrase: '密钥口令',
  fingerprint: '公钥指纹',
  period: '报送期间',
  commit: '确认写入',
  staged: '待确认的导入',
  id: '编号',
  claimId: '申报',
  claimIds: '申报',
  claimNo: '申报编号',
  subject: '主体',
  subjectId: '受益主体',
  facts: '事实',
  purchases: '收购记录',
  previousAwards: '以往奖补',
  decidedOn: '判定日期',
  course: '培训课程',
  acknowledgement: '核查说明',
  atLeast: '分档起点',
  awardFen: '奖励金额',
  parameter: '参数',
  startsOn: '公示开始',
  endsOn: '公示结束',
  noticeId: '公示批次',
  receivedOn: '收到日期',
  text: '内容',
  resolution: '处理结果',
  upheld: '是否成立',
  paidOn: '拨付日期',
  voucherNo: '凭证号',
  query: '搜索内容',
  states: '状态',
  flagged: '疑点',
  month: '月份',
  sort: '排序',
  descending: '排序方向',
  offset: '起始位置',
  report: '报告',
  kind: '类别',
  type: '类型',
  field: '字段',
  file: '文件',
  sha256: '文件摘要',
  fontPath: '字体文件',
  url: '更新服务器地址',
  beforeUpdate: '更新前备份',
};

/** Every key a contract input may have, for the test that each is named in Chinese. */
export const LABELLED_FIELDS: ReadonlySet<string> = new Set(Object.keys(FIELD_LABELS));

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
