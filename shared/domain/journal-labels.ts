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
};

export function journalKindLabel(kind: string): string {
  return JOURNAL_KIND_LABELS[kind] ?? kind;
}
