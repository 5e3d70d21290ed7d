import type { RuleSetting } from '../../shared/domain/rules';
import { DomainError } from '../../shared/result';
import { recordPolicyPack } from '../core';
import type { Db } from '../db/open';
import type { Ledger } from '../ledger/ledger';
import { Engine, type Overrides } from '../rules/engine';
import { checkRuleSetting } from '../rules/settings';
import type { InstallRole } from '../../shared/domain/policy';
import { installConfigured, ruleSettingRecorded } from './events';
import { loadPolicyPack } from './pack';
import { activePack, activePolicyPack, ruleSettings } from './repository';

/** Sets which unit this install belongs to; a county must be one of the active pack's. */
export function configureInstallRole(ledger: Ledger, actor: string, role: InstallRole): void {
  if (role.role === 'county') {
    const county = activePack(ledger.db).counties.find((c) => c.code === role.county);
    if (!county) throw new DomainError('VALIDATION', `区划代码「${role.county}」不是政策包中的县区`);
  }
  ledger.append(actor, { kind: installConfigured.kind, entity: 'install', payload: role });
}

/** Saves a county's tier table or rate after checking it against the city's caps. */
export function saveRuleSetting(ledger: Ledger, actor: string, setting: RuleSetting): void {
  const problem = checkRuleSetting(activePack(ledger.db), setting);
  if (problem) throw new DomainError('VALIDATION', problem, { rule: setting.rule });
  ledger.append(actor, { kind: ruleSettingRecorded.kind, entity: `rule:${setting.rule}`, payload: setting });
}

/** Loads a pack folder (a later year's plan, or a revision) and makes it the active pack. */
export function loadPackFromDirectory(ledger: Ledger, actor: string, dir: string): { digest: string; previousDigest: string | null } {
  const pack = loadPolicyPack(dir);
  const previous = activePolicyPack(ledger.db);
  if (previous?.digest === pack.meta.digest) {
    throw new DomainError('CONFLICT', `该政策包（摘要 ${pack.meta.digest.slice(0, 16)}…）已是当前政策包`);
  }
  recordPolicyPack(ledger, actor, pack);
  return { digest: pack.meta.digest, previousDigest: previous?.digest ?? null };
}

/** An engine over the active pack and this county's settings, optionally with what-if overrides. */
export function engineFor(db: Db, overrides?: Overrides): Engine {
  return new Engine(activePack(db), ruleSettings(db), overrides);
}
