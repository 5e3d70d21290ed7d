import { settingNeeded } from '../../../shared/domain/rules';
import { ROLE_LABELS, type Role } from '../../../shared/domain/accounts';
import type { SetupItem } from '../../../shared/domain/setup';
import { allAccounts, rolesOf } from '../accounts/repository';
import { budgetYears } from '../claims/budget-repository';
import type { Db } from '../db/open';
import { signingKeyWithStatus } from '../exchange/repository';
import { activePack, installRole, ruleSettings } from '../policy/repository';
import { installSettings } from '../settings/service';

const WORKFLOW_ROLES: Role[] = ['clerk', 'reviewer', 'director'];

/**
 * What an administrator sets before the office starts: without these a clerk's first 提交 (or
 * the first bundle, or the 公示) is refused. Done items stay listed, ticked, until all are done.
 * `year` is this year (China): last year's budget does not pay this year's claims.
 */
export function setupChecklist(db: Db, year: number): SetupItem[] {
  const role = installRole(db);
  const items: SetupItem[] = [
    { key: 'install', label: '所属县区', done: role !== null, hint: '在首页「本机所属单位」中选择', page: 'home' },
  ];
  if (role?.role !== 'city') {
    const settings = ruleSettings(db);
    for (const rule of activePack(db).rules) {
      const needs = settingNeeded(rule.award);
      if (!needs) continue;
      items.push({
        key: `rule:${rule.id}`,
        label: `「${rule.title}」的${needs === 'tiers' ? '分档标准' : '奖补比例'}`,
        done: settings.get(rule.id)?.type === needs,
        hint: '在「政策与规则」的「本县分档与比例」中填写',
        page: 'policy',
      });
    }
    items.push(
      { key: 'budget', label: `${year}年度预算及下达文号`, done: budgetYears(db).includes(year), hint: '在「申报与拨付」的「预算」中登记', page: 'claims' },
      { key: 'noticeContact', label: '异议受理联系方式（公示用）', done: installSettings(db).noticeContact.trim() !== '', hint: '在「用户与设置」的设置中填写', page: 'accounts' },
    );
  }
  items.push({ key: 'signingKey', label: '签名密钥（数据报送用）', done: signingKeyWithStatus(db, 'active') !== undefined, hint: '在「数据报送」的「报送签名密钥」中生成', page: 'exchange' });
  const active = allAccounts(db).filter((a) => !a.disabled);
  for (const r of WORKFLOW_ROLES) {
    items.push({
      key: `account:${r}`,
      label: `${ROLE_LABELS[r]}账号`,
      done: active.some((a) => rolesOf(a).includes(r)),
      hint: '在「用户与设置」中新建用户',
      page: 'accounts',
    });
  }
  return items;
}
