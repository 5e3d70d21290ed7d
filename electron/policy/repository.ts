import { InstallRole, LoadedPolicyPack } from '../../shared/domain/policy';
import { RuleSetting, type RuleId } from '../../shared/domain/rules';
import { DomainError } from '../../shared/result';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { type PolicyPack, PolicyPackContent } from './pack';

type PackRow = {
  id: string;
  doc_no: string;
  title: string;
  issuer: string;
  issued_on: string;
  years: string;
  version: string;
  digest: string;
  content: string;
  loaded_seq: number;
};

function metaOf(row: PackRow): LoadedPolicyPack {
  return LoadedPolicyPack.parse({
    id: row.id,
    docNo: row.doc_no,
    title: row.title,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    years: JSON.parse(row.years) as unknown,
    version: row.version,
    digest: row.digest,
  });
}

export function activePolicyPack(db: Db): LoadedPolicyPack | null {
  const row = statement(db, 'SELECT * FROM policy_pack WHERE active = 1').get() as PackRow | undefined;
  return row ? metaOf(row) : null;
}

export function loadedPolicyPacks(db: Db): (LoadedPolicyPack & { active: boolean; loadedSeq: number })[] {
  const rows = statement(db, 'SELECT * FROM policy_pack ORDER BY loaded_seq DESC').all() as (PackRow & { active: number })[];
  return rows.map((r) => ({ ...metaOf(r), active: r.active === 1, loadedSeq: r.loaded_seq }));
}

// Parsing a pack's content is not free; it changes only when another pack is loaded.
const contentCache = new Map<string, PolicyPack>();

/** The active pack's full content, as recorded in the ledger. */
export function activePack(db: Db): PolicyPack {
  const row = statement(db, 'SELECT * FROM policy_pack WHERE active = 1').get() as PackRow | undefined;
  if (!row) throw new DomainError('POLICY_INVALID', '尚未载入政策包');
  const cached = contentCache.get(row.digest);
  if (cached) return cached;
  const pack = { ...PolicyPackContent.parse(JSON.parse(row.content)), meta: metaOf(row) };
  contentCache.set(row.digest, pack);
  return pack;
}

export function ruleSettings(db: Db): Map<RuleId, RuleSetting> {
  const rows = statement(db, 'SELECT setting FROM rule_setting ORDER BY rule').all() as { setting: string }[];
  const settings = rows.map((r) => RuleSetting.parse(JSON.parse(r.setting)));
  return new Map(settings.map((s) => [s.rule, s]));
}

export function installRole(db: Db): InstallRole | null {
  const row = statement(db, "SELECT value FROM install_setting WHERE key = 'role'").get() as { value: string } | undefined;
  return row ? InstallRole.parse(JSON.parse(row.value)) : null;
}
