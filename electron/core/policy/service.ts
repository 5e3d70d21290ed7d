import type { Principal } from '../../../shared/domain/accounts';
import type { InstallRole } from '../../../shared/domain/policy';
import type { RuleSetting } from '../../../shared/domain/rules';
import { DomainError } from '../../../shared/result';
import { countyRecorded } from '../counties/events';
import type { Db } from '../db/open';
import type { Ledger } from '../ledger/ledger';
import { Engine, type Overrides } from '../rules/engine';
import { countyReadings } from '../readings/service';
import { checkRuleSetting } from '../rules/settings';
import { taskDefined } from '../tasks/events';
import { installConfigured, packKeyInstalled, policyPackLoaded, ruleSettingRecorded } from './events';
import { loadPolicyPack, type PackFromFiles } from './pack';
import { activePack, activePolicyPack, ruleSettings } from './repository';

/** Who loads the pack into a new ledger: no one has signed in yet. */
const SYSTEM_SEED: Principal = { username: '系统初始化', displayName: '系统初始化', roles: [] };

/** First start: the pack, its counties and its task table become journal entries. */
export function seedFromPolicyPack(ledger: Ledger, dir: string): void {
  recordPolicyPack(ledger, SYSTEM_SEED, loadPolicyPack(dir));
}

/**
 * Makes a pack the active one: the pack itself (content and digest), then its counties and task
 * rows, in one write. Progress recorded against tasks is kept; their wording follows the pack.
 */
export function recordPolicyPack(ledger: Ledger, by: Principal, pack: PackFromFiles): void {
  const { meta, hmacKey, ...content } = pack;
  const key = content.exchange && 'hmacKeySha256' in content.exchange && hmacKey ? { hmacKeySha256: content.exchange.hmacKeySha256, hmacKey } : null;
  ledger.appendMany(by.username, [
    { kind: policyPackLoaded.kind, entity: `policy:${meta.id}`, payload: { ...meta, content } },
    ...(key ? [{ kind: packKeyInstalled.kind, entity: `policy:${meta.id}`, payload: key }] : []),
    ...pack.counties.map((c) => ({ kind: countyRecorded.kind, entity: `county:${c.code}`, payload: c })),
    ...pack.tasks.map((t) => ({ kind: taskDefined.kind, entity: `task:${t.no}`, payload: t })),
  ]);
}

/** Sets which unit this install belongs to; a county must be one of the active pack's. */
export function configureInstallRole(ledger: Ledger, by: Principal, role: InstallRole): void {
  if (role.role === 'county') {
    const county = activePack(ledger.db).counties.find((c) => c.code === role.county);
    if (!county) throw new DomainError('VALIDATION', `区划代码「${role.county}」不是政策包中的县区`);
  }
  ledger.append(by.username, { kind: installConfigured.kind, entity: 'install', payload: role });
}

/** Saves a county's tier table or rate after checking it against the city's caps. */
export function saveRuleSetting(ledger: Ledger, by: Principal, setting: RuleSetting): void {
  const problem = checkRuleSetting(activePack(ledger.db), setting);
  if (problem) throw new DomainError('VALIDATION', problem, { rule: setting.rule });
  ledger.append(by.username, { kind: ruleSettingRecorded.kind, entity: `rule:${setting.rule}`, payload: setting });
}

/** Makes a pack read from a folder (a later year's plan, or a revision) the active pack. */
export function loadPackFromDirectory(ledger: Ledger, by: Principal, dir: string): { digest: string; previousDigest: string | null } {
  const pack = loadPolicyPack(dir);
  const previous = activePolicyPack(ledger.db);
  if (previous?.digest === pack.meta.digest) {
    throw new DomainError('CONFLICT', `该政策包（摘要 ${pack.meta.digest.slice(0, 16)}…）已是当前政策包`);
  }
  recordPolicyPack(ledger, by, pack);
  return { digest: pack.meta.digest, previousDigest: previous?.digest ?? null };
}

/** An engine over the active pack and this county's settings, optionally with what-if overrides. */
export function engineFor(db: Db, overrides?: Overrides): Engine {
  const pack = activePack(db);
  return new Engine(pack, ruleSettings(db), overrides, countyReadings(db, pack));
}
