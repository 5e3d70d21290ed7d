import { z } from 'zod';
import { InstallRole, LoadedPolicyPack } from '../../../shared/domain/policy';
import { RuleSetting } from '../../../shared/domain/rules';
import { hmacKeySha256 } from '../crypto/keyed-id';
import { defineEvent } from '../ledger/events';
import { insertPolicyPack, upsertRuleSetting, writeHmacKey, writeInstallRole } from './repository';
import { PolicyPackContent } from './content';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A policy pack loaded into the ledger: its identity, digest and content, with the HMAC key only
 * by its SHA-256 (packKeyInstalled holds the key). The newest load is the active pack; the engine
 * runs on this stored content, never on files read later.
 */
export const policyPackLoaded = defineEvent({
  kind: 'policy.loaded',
  payload: LoadedPolicyPack.extend({ content: PolicyPackContent }),
  // a pack journaled before the key was kept apart holds the key: that entry stays home
  leaves: (p) => (p.content.exchange && 'hmacKey' in p.content.exchange ? 'digest' : 'whole'),
  apply(db, p, meta) {
    const { content, ...m } = p;
    insertPolicyPack(db, m, content, meta.seq);
  },
});

/** A county's tier table or rate for one rule (checked against the caps before it is written). */
export const ruleSettingRecorded = defineEvent({
  kind: 'rule.setting',
  payload: RuleSetting,
  leaves: 'whole',
  apply(db, setting, meta) {
    upsertRuleSetting(db, setting, meta.seq);
  },
});

/** Which unit this install belongs to: one county, or the city's commerce bureau. */
export const installConfigured = defineEvent({
  kind: 'install.configured',
  payload: InstallRole,
  leaves: 'whole',
  apply(db, role, meta) {
    writeInstallRole(db, role, meta.seq);
  },
});

/**
 * The key for ID and bank numbers that came with a pack (in the city's signed pack, or the demo
 * key of the seed pack), kept among the install settings under its SHA-256. A secret: it never
 * leaves the county, not even in the journal lines of a bundle.
 */
export const packKeyInstalled = defineEvent({
  kind: 'policy.hmacKey',
  payload: z
    .object({ hmacKeySha256: Hex64, hmacKey: Hex64 })
    .refine((p) => hmacKeySha256(p.hmacKey) === p.hmacKeySha256, { message: '密钥与其摘要不符', path: ['hmacKeySha256'] }),
  leaves: 'never',
  apply(db, p, meta) {
    writeHmacKey(db, p.hmacKeySha256, p.hmacKey, meta.seq);
  },
});

export const POLICY_EVENTS = [policyPackLoaded, packKeyInstalled, ruleSettingRecorded, installConfigured];
