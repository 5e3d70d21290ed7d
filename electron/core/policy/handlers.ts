import { DomainError } from '../../../shared/result';
import { type HandlerGroup, signedIn } from '../calls';
import type { Core } from '../core';
import { listCounties } from '../counties/repository';
import { activePack, installRole, loadedPolicyPacks, ruleSettings } from './repository';
import { configureInstallRole, loadPackFromDirectory, saveRuleSetting } from './service';

function installInfo(core: Core) {
  const role = installRole(core.db);
  const county = role?.role === 'county' ? (listCounties(core.db).find((c) => c.code === role.county) ?? null) : null;
  return { role, county };
}

export const policyHandlers: HandlerGroup<'install' | 'policy'> = {
  'install.get': (_input, core) => installInfo(core),
  'install.configure': (input, core, ctx) => {
    configureInstallRole(core.ledger, signedIn(ctx), input);
    return installInfo(core);
  },
  'policy.get': (_input, core) => {
    const pack = activePack(core.db);
    return {
      active: pack.meta,
      loaded: loadedPolicyPacks(core.db),
      rules: pack.rules,
      parameters: pack.parameters,
      facts: pack.facts,
      cityTargets: pack.cityTargets,
      settings: [...ruleSettings(core.db).values()],
    };
  },
  'policy.saveSetting': (input, core, ctx) => {
    saveRuleSetting(core.ledger, signedIn(ctx), input);
    return [...ruleSettings(core.db).values()];
  },
  'policy.loadDirectory': (input, core, ctx) => {
    // the desktop build loads only packs the city signed (README: 政策包)
    if (core.desktop) throw new DomainError('FORBIDDEN', '桌面版只载入市局签名的政策包：请用“载入签名政策包”选择市局下发的文件');
    return loadPackFromDirectory(core.ledger, signedIn(ctx), input.path);
  },
};
