import { InstallRole, LoadedPolicyPack } from '../../../shared/domain/policy';
import { RuleSetting } from '../../../shared/domain/rules';
import { defineEvent } from '../ledger/events';
import { insertPolicyPack, upsertRuleSetting, writeInstallRole } from './repository';
import { PolicyPackContent } from './content';

/**
 * A policy pack loaded into the ledger, whole: its identity, digest and content. The newest load
 * is the active pack; the engine runs on this stored content, never on files read later.
 */
export const policyPackLoaded = defineEvent({
  kind: 'policy.loaded',
  payload: LoadedPolicyPack.extend({ content: PolicyPackContent }),
  apply(db, p, meta) {
    const { content, ...m } = p;
    insertPolicyPack(db, m, content, meta.seq);
  },
});

/** A county's tier table or rate for one rule (checked against the caps before it is written). */
export const ruleSettingRecorded = defineEvent({
  kind: 'rule.setting',
  payload: RuleSetting,
  apply(db, setting, meta) {
    upsertRuleSetting(db, setting, meta.seq);
  },
});

/** Which unit this install belongs to: one county, or the city's commerce bureau. */
export const installConfigured = defineEvent({
  kind: 'install.configured',
  payload: InstallRole,
  apply(db, role, meta) {
    writeInstallRole(db, role, meta.seq);
  },
});

export const POLICY_EVENTS = [policyPackLoaded, ruleSettingRecorded, installConfigured];
