/** How each kind of journal entry reads to a clerk. */
export const JOURNAL_KIND_LABELS: Record<string, string> = {
  'policy.loaded': '载入政策包',
  'county.recorded': '登记县区信息',
  'task.defined': '登记任务分解表',
  'task.progress': '更新任务进展',
  'rule.setting': '设置本县分档标准',
  'install.configured': '设置本机所属单位',
  'subject.recorded': '登记或修改受益主体',
  'registry.imported': '导入名单',
  'registry.exported': '导出名单',
  'account.created': '创建用户',
  'account.changed': '修改用户角色或状态',
  'account.password': '设置密码',
  'account.loginFailed': '登录失败',
  'account.loggedIn': '登录',
  'setting.recorded': '修改系统设置',
  'claim.created': '录入申报',
  'claim.edited': '修改申报',
  'claim.evidence': '上传证据文件',
  'claim.submitted': '提交申报',
  'claim.passed': '审核通过',
  'claim.returned': '退回申报',
  'notice.created': '发布公示',
  'claim.noticed': '列入公示',
  'notice.ended': '公示结束',
  'objection.recorded': '登记异议',
  'objection.resolved': '处理异议',
  'claim.approved': '审批',
  'claim.paid': '登记拨付',
  'claim.voided': '作废申报',
  'budget.set': '登记年度预算',
  'document.exported': '导出文件',
};

export function journalKindLabel(kind: string): string {
  return JOURNAL_KIND_LABELS[kind] ?? kind;
}
