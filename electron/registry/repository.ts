import { pinyin } from 'pinyin-pro';
import { LISTS, type ListId, type SubjectFields, type SubjectRow } from '../../shared/domain/registry';
import { maskBankCard, maskIdNumber, maskPhone } from '../../shared/identifiers';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import type { KeyLookup } from './validate';

type Row = { id: string; list: ListId; key: string; name: string; fields: string; revision: number; bank_account: string | null; phone: string | null; id_number: string | null; town: string | null; village: string | null };

/** What search matches: the name, its pinyin and initials ("hyc" finds 华宇村), identifiers, places. */
export function searchText(fields: SubjectFields): string {
  const name = typeof fields.name === 'string' ? fields.name : '';
  const syllables = pinyin(name, { toneType: 'none', type: 'array' });
  const initials = syllables.map((s) => s.charAt(0)).join('');
  const full = syllables.join('');
  const parts = [name, initials, full, fields.uscc, fields.ownerUscc, fields.idNumber, fields.operatorIdNumber, fields.phone, fields.town, fields.village, fields.operator, fields.ownerName, fields.buyerUscc, fields.seller, fields.sellerIdNumber];
  return parts.filter((p) => typeof p === 'string' && p !== '').join(' ').toLowerCase();
}

export function keyLookup(db: Db, list: ListId): KeyLookup {
  const byKey = statement(db, 'SELECT id, fields FROM subject WHERE list = ? AND key = ?');
  return (key) => {
    const row = byKey.get(list, key) as { id: string; fields: string } | undefined;
    return row ? { id: row.id, fields: JSON.parse(row.fields) as SubjectFields } : null;
  };
}

export function subjectById(db: Db, id: string): (Row & { parsed: SubjectFields }) | null {
  const row = statement(db, 'SELECT * FROM subject WHERE id = ?').get(id) as Row | undefined;
  return row ? { ...row, parsed: JSON.parse(row.fields) as SubjectFields } : null;
}

/** Personal fields masked: ID numbers, phones and bank accounts never leave the core in full here. */
export function maskFields(list: ListId, fields: SubjectFields): SubjectFields {
  const out: SubjectFields = { ...fields };
  for (const field of LISTS[list].fields) {
    const value = out[field.key];
    if (!field.sensitive || typeof value !== 'string') continue;
    out[field.key] = field.type === 'idNumber' ? maskIdNumber(value) : field.type === 'phone' ? maskPhone(value) : maskBankCard(value);
  }
  return out;
}

function factsByIds(db: Db, ids: readonly string[]): Map<string, Record<string, Record<string, number>>> {
  const query = statement(db, 'SELECT year, fact, value FROM subject_fact WHERE subject_id = ?');
  const out = new Map<string, Record<string, Record<string, number>>>();
  for (const id of ids) {
    const byYear: Record<string, Record<string, number>> = {};
    for (const r of query.all(id) as { year: number; fact: string; value: number }[]) (byYear[String(r.year)] ??= {})[r.fact] = r.value;
    out.set(id, byYear);
  }
  return out;
}

/** Facts by year for many subjects at once. */
function factsOf(db: Db, list: ListId): Map<string, Record<string, Record<string, number>>> {
  const rows = statement(db, 'SELECT f.subject_id, f.year, f.fact, f.value FROM subject_fact f JOIN subject s ON s.id = f.subject_id WHERE s.list = ?').all(list) as {
    subject_id: string;
    year: number;
    fact: string;
    value: number;
  }[];
  const out = new Map<string, Record<string, Record<string, number>>>();
  for (const r of rows) {
    const byYear = out.get(r.subject_id) ?? {};
    (byYear[String(r.year)] ??= {})[r.fact] = r.value;
    out.set(r.subject_id, byYear);
  }
  return out;
}

/**
 * Suspicious data for the reviewer (the plan: 对弄虚作假的要严肃问责), flagged, never refused:
 * a bank account on several payees, one phone on many trainees, the same name twice in a village,
 * an ID number that stands under different names. Each check is one grouped query returning only
 * the offending values; rows are then matched in memory, so a 100,000-row list costs no joins.
 */
export function flagsFor(db: Db, list: ListId, rows: readonly Row[]): Map<string, string[]> {
  const accounts = new Map(
    (statement(db, 'SELECT bank_account AS v, count(DISTINCT list || key) AS n FROM subject WHERE bank_account IS NOT NULL GROUP BY bank_account HAVING n > 1').all() as { v: string; n: number }[]).map((r) => [r.v, r.n]),
  );
  const phones =
    list === 'trainees'
      ? new Map(
          (statement(db, "SELECT phone AS v, count(DISTINCT id_number) AS n FROM subject WHERE list = 'trainees' AND phone IS NOT NULL GROUP BY phone HAVING n >= 3").all() as { v: string; n: number }[]).map((r) => [r.v, r.n]),
        )
      : new Map<string, number>();
  const place = (name: string, town: string | null, village: string | null) => `${name}\u0000${town ?? ''}\u0000${village ?? ''}`;
  const sameName = new Map(
    (statement(db, 'SELECT name, town, village, count(DISTINCT key) AS n FROM subject WHERE list = ? GROUP BY name, town, village HAVING n > 1').all(list) as { name: string; town: string | null; village: string | null; n: number }[]).map(
      (r) => [place(r.name, r.town, r.village), r.n],
    ),
  );
  const idNames = new Set(
    (statement(db, "SELECT id_number AS v FROM subject WHERE id_number IS NOT NULL AND list IN ('trainees', 'poor-households') GROUP BY id_number HAVING count(DISTINCT name) > 1").all() as { v: string }[]).map((r) => r.v),
  );
  const flags = new Map<string, string[]>();
  for (const r of rows) {
    const found: string[] = [];
    const account = r.bank_account ? accounts.get(r.bank_account) : undefined;
    if (account) found.push(`银行账号与另外 ${account - 1} 个主体相同`);
    const phone = r.phone ? phones.get(r.phone) : undefined;
    if (phone) found.push(`手机号被 ${phone} 名学员共用`);
    const same = sameName.get(place(r.name, r.town, r.village));
    if (same) found.push(`同村同名 ${same} 个`);
    if (r.id_number && idNames.has(r.id_number)) found.push('同一身份证号对应不同姓名');
    if (found.length) flags.set(r.id, found);
  }
  return flags;
}

/**
 * A whole list is read by one scan in insertion order (rowid); going through the (list, key)
 * index would fetch rows at random and sort them afterwards, twice as slow at 100,000 rows.
 */
const LIST_COLUMNS = 'id, list, key, name, fields, revision, bank_account, phone, id_number, town, village';
export const LIST_QUERY = `SELECT ${LIST_COLUMNS} FROM subject WHERE +list = ? ORDER BY rowid LIMIT ?`;

export function listSubjects(db: Db, list: ListId, query?: string, onlyId?: string, limit?: number): SubjectRow[] {
  const q = query?.trim().toLowerCase();
  const rows = (
    onlyId
      ? statement(db, `SELECT ${LIST_COLUMNS} FROM subject WHERE list = ? AND id = ?`).all(list, onlyId)
      : q
        ? statement(db, `SELECT ${LIST_COLUMNS} FROM subject WHERE +list = ? AND search LIKE ? ESCAPE '\\' ORDER BY rowid LIMIT ?`).all(list, `%${q.replace(/[%_\\]/g, '\\$&')}%`, limit ?? -1)
        : statement(db, LIST_QUERY).all(list, limit ?? -1)
  ) as Row[];
  // A first screenful (limit) is answered at once: its facts by key, and no whole-list flag checks.
  const facts = limit === undefined ? factsOf(db, list) : factsByIds(db, rows.map((r) => r.id));
  const flags = limit === undefined || onlyId ? flagsFor(db, list, rows) : new Map<string, string[]>();
  return rows.map((r) => ({
    id: r.id,
    list: r.list,
    revision: r.revision,
    fields: maskFields(r.list, JSON.parse(r.fields) as SubjectFields),
    facts: facts.get(r.id) ?? {},
    flags: flags.get(r.id) ?? [],
  }));
}

export function countSubjects(db: Db, list: ListId): number {
  return (statement(db, 'SELECT count(*) AS n FROM subject WHERE list = ?').get(list) as { n: number }).n;
}
