import { InstallRole, LoadedPolicyPack } from '../../shared/domain/policy';
import { RuleSetting } from '../../shared/domain/rules';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';
import { PolicyPackContent } from './pack';

/**
 * A policy pack loaded into the ledger, whole: its identity, digest and content. The newest load
 * is the active pack; the engine runs on this stored content, never on files read later.
 */
export const policyPackLoaded = defineEvent({
  kind: 'policy.loaded',
  payload: LoadedPolicyPack.extend({ content: PolicyPackContent }),
  apply(db, p, meta) {
    const { content, ...m } = p;
    statement(db, 'UPDATE policy_pack SET active = 0').run();
    statement(
      db,
      `INSERT INTO policy_pack (id, doc_no, title, issuer, issued_on, years, version, digest, active, loaded_seq, content)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (digest) DO UPDATE SET active = 1, loaded_seq = excluded.loaded_seq`,
    ).run(m.id, m.docNo, m.title, m.issuer, m.issuedOn, JSON.stringify(m.years), m.version, m.digest, meta.seq, canonicalJson(content));
  },
});

/** A county's tier table or rate for one rule (checked against the caps before it is written). */
export const ruleSettingRecorded = defineEvent({
  kind: 'rule.setting',
  payload: RuleSetting,
  apply(db, setting, meta) {
    statement(
      db,
      `INSERT INTO rule_setting (rule, setting, updated_seq) VALUES (?, ?, ?)
       ON CONFLICT (rule) DO UPDATE SET setting = excluded.setting, updated_seq = excluded.updated_seq`,
    ).run(setting.rule, canonicalJson(setting), meta.seq);
  },
});

/** Writes one install-wide setting; every event that sets one goes through here. */
export function upsertInstallSetting(db: Db, key: string, value: string, seq: number): void {
  statement(
    db,
    `INSERT INTO install_setting (key, value, updated_seq) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_seq = excluded.updated_seq`,
  ).run(key, value, seq);
}

/** Which unit this install belongs to: one county, or the city's commerce bureau. */
export const installConfigured = defineEvent({
  kind: 'install.configured',
  payload: InstallRole,
  apply(db, role, meta) {
    upsertInstallSetting(db, 'role', canonicalJson(role), meta.seq);
  },
});

export const POLICY_EVENTS = [policyPackLoaded, ruleSettingRecorded, installConfigured];
