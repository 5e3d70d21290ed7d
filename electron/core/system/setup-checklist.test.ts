import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chinaToday } from '../../../shared/dates';
import type { SetupItem } from '../../../shared/domain/setup';
import { actor, callerFor, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { createAccount } from '../accounts/service';
import { setBudget } from '../claims/payments';
import { installSigner, passphraseProtector } from '../exchange/keys';
import { activePack } from '../policy/repository';
import { configureInstallRole, saveRuleSetting } from '../policy/service';
import { saveSettings } from '../settings/service';

// The administrator's checklist on 首页, through the contract: every item undone on a fresh
// install, each ticked by the write that sets it, and the checklist complete when all are.

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

async function checklist(token: string): Promise<SetupItem[]> {
  const result = await callerFor(core, token)('system.setupChecklist', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SetupItem[];
}
const undone = (items: SetupItem[]) => items.filter((i) => !i.done).map((i) => i.key);

describe('setup checklist', () => {
  it('lists every setting undone on a fresh install, ticks each as it is set, and is for administrators only', async () => {
    const admin = signIn(core, 'admin', ['admin']);
    const fresh = await checklist(admin);
    const ruleKeys = activePack(core.db)
      .rules.filter((r) => r.award.type === 'tiered' || r.award.type === 'percentage')
      .map((r) => `rule:${r.id}`);
    expect(ruleKeys.length).toBeGreaterThan(0);
    expect(undone(fresh)).toEqual(['install', ...ruleKeys, 'budget', 'noticeContact', 'signingKey', 'account:clerk', 'account:reviewer', 'account:director']);
    expect(fresh.find((i) => i.key === 'rule:poverty-purchase')).toMatchObject({ label: expect.stringMatching(/^「.+」的奖补比例$/), page: 'policy' });
    expect(fresh.find((i) => i.key === 'noticeContact')).toMatchObject({ page: 'accounts' });
    const thisYear = Number(chinaToday(core.ledger.now()).slice(0, 4)); // the test clock's year, 2019
    expect(fresh.find((i) => i.key === 'budget')).toMatchObject({ label: `${thisYear}年度预算及下达文号`, page: 'claims' });

    const by = actor('admin');
    configureInstallRole(core.ledger, by, { role: 'county', county: '340422' });
    saveRuleSetting(core.ledger, by, { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 1000 });
    // another year's budget does not tick this year's item
    setBudget(core.ledger, by, { year: thisYear + 1, docNo: '淮商〔2019〕88号', base: '1000000' });
    expect(undone(await checklist(admin))).toContain('budget');
    setBudget(core.ledger, by, { year: thisYear, docNo: '淮商〔2019〕88号', base: '1000000' });
    saveSettings(core.ledger, by, { noticeContact: '县商务局 0554-1234567' });
    createAccount(core.ledger, by, { username: 'lu', displayName: '李录入', roles: ['clerk'], password: 'luru12345' });
    const partly = undone(await checklist(admin));
    expect(partly).not.toContain('install');
    expect(partly).not.toContain('rule:poverty-purchase');
    expect(partly).not.toContain('budget');
    expect(partly).not.toContain('noticeContact');
    expect(partly).not.toContain('account:clerk');
    expect(partly).toContain('signingKey');
    expect(partly).toContain('account:reviewer');

    // a tier table where a rate is needed does not tick the item
    for (const rule of activePack(core.db).rules) {
      if (rule.award.type === 'tiered') saveRuleSetting(core.ledger, by, { type: 'tiers', rule: rule.id, tiers: [{ atLeast: 0, awardFen: 100 }] });
      if (rule.award.type === 'percentage') saveRuleSetting(core.ledger, by, { type: 'rate', rule: rule.id, rateBasisPoints: 500 });
    }
    installSigner(core.ledger, by, core.dataDir, passphraseProtector('mima-12345678'), 'ed25519');
    createAccount(core.ledger, by, { username: 'shen', displayName: '张审核', roles: ['reviewer', 'director'], password: 'shenhe12345' });
    expect(undone(await checklist(admin))).toEqual([]);

    const clerk = callerFor(core, core.sessions.open('lu'));
    expect(await clerk('system.setupChecklist', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a city install asks only for what a city needs', async () => {
    const admin = signIn(core, 'admin', ['admin']);
    configureInstallRole(core.ledger, actor('admin'), { role: 'city' });
    expect(undone(await checklist(admin))).toEqual(['signingKey', 'account:clerk', 'account:reviewer', 'account:director']);
  });
});
