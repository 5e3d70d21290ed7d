import { Alert } from 'antd';
import type { MethodOutput } from '../../../../shared/contract';
import { settingNeeded } from '../../../../shared/domain/rules';

type Policy = MethodOutput<'policy.get'>;

/**
 * Why a claim on this rule would be refused at 提交 for a setting the county has not made yet:
 * tiers or a rate the plan leaves to the county. Said before the clerk fills the form, not after.
 */
export function missingSetting(policy: Policy | null | undefined, rule: string | null | undefined): string | null {
  const def = policy?.rules.find((r) => r.id === rule);
  if (!policy || !def) return null;
  const needs = settingNeeded(def.award);
  if (!needs || policy.settings.some((s) => s.rule === def.id && s.type === needs)) return null;
  const what = needs === 'tiers' ? '分档标准' : '补贴比例';
  return `本县尚未设定「${def.title}」的${what}，现在提交会被拒绝（设定前无法确定金额）。请管理员或审批人先在「政策与规则 → 本县分档与比例」中设定；申报可以先保存为草稿。`;
}

export function MissingSettingAlert({ policy, rule }: { policy: Policy | null | undefined; rule: string | null | undefined }) {
  const why = missingSetting(policy, rule);
  return why ? <Alert type="warning" showIcon role="alert" aria-label="提交前须先设定" title={why} /> : null;
}
