import { z } from 'zod';
import { InstallRole, LoadedPolicyPack } from '../../../shared/domain/policy';
import { RuleSetting, type RuleId } from '../../../shared/domain/rules';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { readSetting, writeSetting } from '../settings/repository';
import { type PolicyPack } from './pack';
import { PolicyPackContent } from './content';

// policy_pack: every pack ever loaded, by digest, with its whole content (the engine runs on
// this stored content, never on files read later); rule_setting: a county's tier tables and
// rates; and, kept among the install settings, which unit this install belongs to.

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
  active: number;
};

const Years = z.array(z.number().int());
const META_COLUMNS = 'id, doc_no, title, issuer, issued_on, years, version, digest, loaded_seq, active';

function metaOf(row: Omit<PackRow, 'content'>): LoadedPolicyPack {
  return LoadedPolicyPack.parse({
    id: row.id,
    docNo: row.doc_no,
    title: row.title,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    years: parseJsonColumn(Years, row.years, `政策包 ${row.id} 的年度`),
    version: row.version,
    digest: row.digest,
  });
}

/** A pack loaded: it becomes the only active one (a pack loaded again is made active again). */
export function insertPolicyPack(db: Db, meta: LoadedPolicyPack, content: PolicyPackContent, seq: number): void {
  statement(db, 'UPDATE policy_pack SET active = 0').run();
  statement<[string, string, string, string, string, string, string, string, number, string]>(
    db,
    `INSERT INTO policy_pack (id, doc_no, title, issuer, issued_on, years, version, digest, active, loaded_seq, content)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (digest) DO UPDATE SET active = 1, loaded_seq = excluded.loaded_seq`,
  ).run(meta.id, meta.docNo, meta.title, meta.issuer, meta.issuedOn, JSON.stringify(meta.years), meta.version, meta.digest, seq, canonicalJson(content));
}

export function activePolicyPack(db: Db): LoadedPolicyPack | null {
  const row = statement<[], Omit<PackRow, 'content'>>(db, `SELECT ${META_COLUMNS} FROM policy_pack WHERE active = 1`).get();
  return row ? metaOf(row) : null;
}

export function loadedPolicyPacks(db: Db): (LoadedPolicyPack & { active: boolean; loadedSeq: number })[] {
  const rows = statement<[], Omit<PackRow, 'content'>>(db, `SELECT ${META_COLUMNS} FROM policy_pack ORDER BY loaded_seq DESC`).all();
  return rows.map((r) => ({ ...metaOf(r), active: r.active === 1, loadedSeq: r.loaded_seq }));
}

/** The digests of every pack this install has loaded (the city checks a bundle's pack against them). */
export function loadedPackDigests(db: Db): string[] {
  return statement<[], { digest: string }>(db, 'SELECT digest FROM policy_pack').all().map((r) => r.digest);
}

/** A loaded pack's identity by digest, or null. */
export function policyPackByDigest(db: Db, digest: string): LoadedPolicyPack | null {
  const row = statement<[string], Omit<PackRow, 'content'>>(db, `SELECT ${META_COLUMNS} FROM policy_pack WHERE digest = ?`).get(digest);
  return row ? metaOf(row) : null;
}

// Parsing a pack's content is not free; it changes only when another pack is loaded. Per
// database: the same pack journaled by an older version holds other content (the key inside).
const contentCache = new WeakMap<Db, Map<string, PolicyPack>>();

/** The active pack's full content, as recorded in the ledger. */
export function activePack(db: Db): PolicyPack {
  const row = statement<[], Omit<PackRow, 'content'>>(db, `SELECT ${META_COLUMNS} FROM policy_pack WHERE active = 1`).get();
  if (!row) throw new DomainError('POLICY_INVALID', '尚未载入政策包');
  const cache = contentCache.get(db) ?? new Map<string, PolicyPack>();
  contentCache.set(db, cache);
  const cached = cache.get(row.digest);
  if (cached) return cached;
  const content = statement<[string], { content: string }>(db, 'SELECT content FROM policy_pack WHERE digest = ?').get(row.digest)?.content ?? '{}';
  const pack = { ...parseJsonColumn(PolicyPackContent, content, `政策包 ${row.id}`), meta: metaOf(row) };
  cache.set(row.digest, pack);
  return pack;
}

/** Any loaded pack's full content by digest (a claim cites the pack it was decided under), or null. */
export function packByDigest(db: Db, digest: string): PolicyPack | null {
  const row = statement<[string], Omit<PackRow, 'content'>>(db, `SELECT ${META_COLUMNS} FROM policy_pack WHERE digest = ?`).get(digest);
  if (!row) return null;
  const cache = contentCache.get(db) ?? new Map<string, PolicyPack>();
  contentCache.set(db, cache);
  const cached = cache.get(digest);
  if (cached) return cached;
  const content = statement<[string], { content: string }>(db, 'SELECT content FROM policy_pack WHERE digest = ?').get(digest)?.content ?? '{}';
  const pack = { ...parseJsonColumn(PolicyPackContent, content, `政策包 ${row.id}`), meta: metaOf(row) };
  cache.set(digest, pack);
  return pack;
}

export function upsertRuleSetting(db: Db, setting: RuleSetting, seq: number): void {
  statement<[string, string, number]>(
    db,
    `INSERT INTO rule_setting (rule, setting, updated_seq) VALUES (?, ?, ?)
     ON CONFLICT (rule) DO UPDATE SET setting = excluded.setting, updated_seq = excluded.updated_seq`,
  ).run(setting.rule, canonicalJson(setting), seq);
}

export function ruleSettings(db: Db): Map<RuleId, RuleSetting> {
  const rows = statement<[], { rule: string; setting: string }>(db, 'SELECT rule, setting FROM rule_setting ORDER BY rule').all();
  const settings = rows.map((r) => parseJsonColumn(RuleSetting, r.setting, `规则「${r.rule}」的本县设置`));
  return new Map(settings.map((s) => [s.rule, s]));
}

const ROLE_KEY = 'role';

export function writeInstallRole(db: Db, role: InstallRole, seq: number): void {
  writeSetting(db, ROLE_KEY, canonicalJson(role), seq);
}

export function installRole(db: Db): InstallRole | null {
  const value = readSetting(db, ROLE_KEY);
  return value === null ? null : parseJsonColumn(InstallRole, value, '本机所属单位');
}

/** The install setting holding a pack's HMAC key, named by the key's SHA-256. */
const hmacKeySetting = (sha256: string) => `hmacKey:${sha256}`;

export function writeHmacKey(db: Db, sha256: string, hmacKey: string, seq: number): void {
  writeSetting(db, hmacKeySetting(sha256), hmacKey, seq);
}

/** The HMAC key a pack names by its SHA-256, or null when it never reached this install. */
export function installedHmacKey(db: Db, sha256: string): string | null {
  return readSetting(db, hmacKeySetting(sha256));
}
