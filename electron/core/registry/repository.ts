import { pinyin } from 'pinyin-pro';
import { LISTS, type ListId, type SubjectFields, SubjectFieldsSchema, type SubjectRow } from '../../../shared/domain/registry';
import { maskBankCard, maskIdNumber, maskPhone, normaliseIdentifier } from '../../../shared/identifiers';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { canonicalJson } from '../ledger/canonical';
import { placeholders, statement } from '../db/statements';
import type { KeyLookup } from './validate';

// subject, subject_fact and import_log: the beneficiary lists, each subject's yearly figures,
// and the record of every import. Every read of a subject goes through here (other domains join
// a subject's name and place onto their own rows, never its fields).

type Row = { id: string; list: ListId; key: string; name: string; fields: string; revision: number; bank_account: string | null; phone: string | null; id_number: string | null; town: string | null; village: string | null };

export type StoredSubject = Row & { parsed: SubjectFields };

export const fieldsOf = (id: string, text: string): SubjectFields => parseJsonColumn(SubjectFieldsSchema, text, `主体 ${id} 的字段`);

// ── Writing (only the events of registry/events.ts) ─────────────────────────────────────────

export function upsertSubject(db: Db, s: { id: string; list: ListId; key: string; search: string; fields: SubjectFields }, seq: number): void {
  const f = s.fields;
  const text = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : null);
  statement<[string, ListId, string, string, string | null, string | null, string | null, string | null, string | null, string | null, string, string, number, number]>(
    db,
    `INSERT INTO subject (id, list, key, name, uscc, id_number, phone, bank_account, town, village, fields, search, revision, created_seq, updated_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (id) DO UPDATE SET key = excluded.key, name = excluded.name, uscc = excluded.uscc, id_number = excluded.id_number,
       phone = excluded.phone, bank_account = excluded.bank_account, town = excluded.town, village = excluded.village,
       fields = excluded.fields, search = excluded.search, revision = revision + 1, updated_seq = excluded.updated_seq`,
  ).run(
    s.id,
    s.list,
    s.key,
    text('name') ?? '',
    text('uscc') ?? text('ownerUscc') ?? text('buyerUscc'),
    text('idNumber') ?? text('operatorIdNumber') ?? text('sellerIdNumber'),
    text('phone'),
    text('bankAccount'),
    text('town'),
    text('village'),
    // the ledger's canonical JSON: for a flat record, what JSON.stringify with sorted keys writes, 2× faster
    canonicalJson(f),
    s.search,
    seq,
    seq,
  );
}

export function upsertSubjectFacts(db: Db, subjectId: string, year: number, values: Record<string, number>, seq: number): void {
  const upsert = statement<[string, number, string, number, number]>(
    db,
    `INSERT INTO subject_fact (subject_id, year, fact, value, updated_seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (subject_id, year, fact) DO UPDATE SET value = excluded.value, updated_seq = excluded.updated_seq`,
  );
  for (const [fact, value] of Object.entries(values)) upsert.run(subjectId, year, fact, value, seq);
}

export function insertImportLog(db: Db, seq: number, p: { list: ListId; fileName: string; sha256: string; rows: number; added: number; updated: number; rejected: number }): void {
  statement<[number, ListId, string, string, number, number, number, number]>(
    db,
    'INSERT INTO import_log (seq, list, file_name, sha256, rows, added, updated, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, p.list, p.fileName, p.sha256, p.rows, p.added, p.updated, p.rejected);
}

// ── One subject ──────────────────────────────────────────────────────────────────────────────

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/**
 * What a partial search matches: the name, its pinyin and initials ("hyc" finds 华宇村), places,
 * people's names, credit codes (public, shown in full) and personal numbers only as shown, masked
 * (3404**********6273). A personal number is found whole (listSubjects), never digit by digit.
 */
export function searchText(fields: SubjectFields): string {
  const name = text(fields.name) ?? '';
  const syllables = pinyin(name, { toneType: 'none', type: 'array' });
  const initials = syllables.map((s) => s.charAt(0)).join('');
  const full = syllables.join('');
  const masked = [
    ...[fields.idNumber, fields.operatorIdNumber, fields.sellerIdNumber].map((v) => text(v) && maskIdNumber(text(v)!)),
    text(fields.phone) && maskPhone(text(fields.phone)!),
    text(fields.bankAccount) && maskBankCard(text(fields.bankAccount)!),
  ];
  const parts = [name, initials, full, fields.uscc, fields.ownerUscc, fields.buyerUscc, ...masked, fields.town, fields.village, fields.operator, fields.ownerName, fields.seller];
  return parts.filter((p) => typeof p === 'string' && p !== '').join(' ').toLowerCase();
}

/** Personal numbers in full: search text written before they were left out still holds them. */
const SENSITIVE_KEYS = ['idNumber', 'operatorIdNumber', 'sellerIdNumber', 'phone', 'bankAccount'];

/** Whether a partial query matches a row's search text other than inside a full personal number. */
function matchesShownText(search: string, fields: SubjectFields, query: string): boolean {
  const hidden = new Set(SENSITIVE_KEYS.map((k) => text(fields[k])?.toLowerCase()).filter((v) => v !== undefined && v !== null));
  if (hidden.size === 0) return true;
  return search
    .split(' ')
    .filter((token) => !hidden.has(token))
    .join(' ')
    .includes(query);
}

/** A query that is a complete identifier (ID number, credit code, mobile or bank number), normalised; otherwise null. */
function wholeIdentifier(query: string): string | null {
  const id = normaliseIdentifier(query).replace(/-/g, '');
  return /^(\d{17}[\dX]|[0-9A-HJ-NPQRTUWXY]{18}|1\d{10}|\d{12,19})$/.test(id) ? id : null;
}

/**
 * Finds a list's subject by key. `wholeList`: for an import of many rows, the list's keys are read
 * once (from the (list, key) index alone) and only keys already there are looked up row by row —
 * a 100,000-row import into an empty list asked SQLite 100,000 times for nothing (5% of it).
 */
export function keyLookup(db: Db, list: ListId, wholeList = false): KeyLookup {
  const byKey = statement<[ListId, string], { id: string; fields: string }>(db, 'SELECT id, fields FROM subject WHERE list = ? AND key = ?');
  const known = wholeList ? new Set(statement<[ListId], { key: string }>(db, 'SELECT key FROM subject WHERE list = ?').all(list).map((r) => r.key)) : null;
  return (key) => {
    if (known && !known.has(key)) return null;
    const row = byKey.get(list, key);
    return row ? { id: row.id, fields: fieldsOf(row.id, row.fields) } : null;
  };
}

export function subjectById(db: Db, id: string): StoredSubject | null {
  const row = statement<[string], Row>(db, 'SELECT * FROM subject WHERE id = ?').get(id);
  return row ? { ...row, parsed: fieldsOf(row.id, row.fields) } : null;
}

/** The subjects of one list registered under a credit code (e.g. an enterprise, or a buyer's purchase records), in the order they were made. */
export function subjectsByUscc(db: Db, list: ListId, uscc: string): { id: string; fields: SubjectFields }[] {
  return statement<[ListId, string], { id: string; fields: string }>(db, 'SELECT id, fields FROM subject WHERE list = ? AND uscc = ? ORDER BY rowid')
    .all(list, uscc)
    .map((r) => ({ id: r.id, fields: fieldsOf(r.id, r.fields) }));
}

/** A subject's yearly figures for one year, by fact. */
export function subjectFactsOf(db: Db, subjectId: string, year: number): Map<string, number> {
  const rows = statement<[string, number], { fact: string; value: number }>(db, 'SELECT fact, value FROM subject_fact WHERE subject_id = ? AND year = ?').all(subjectId, year);
  return new Map(rows.map((f) => [f.fact, f.value]));
}

/** One yearly figure of a subject, or undefined. */
export function subjectFact(db: Db, subjectId: string, year: number, fact: string): number | undefined {
  return statement<[string, number, string], { value: number }>(db, 'SELECT value FROM subject_fact WHERE subject_id = ? AND year = ? AND fact = ?').get(subjectId, year, fact)?.value;
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

// ── Checks against fraud that look across subjects (indexed: migration 0007) ──────────────

/** Other payees' names on one bank account; the SQL is exported for the test that pins its query plan. */
export const SAME_ACCOUNT_SQL = 'SELECT count(DISTINCT name) AS n FROM subject WHERE bank_account = ? AND name <> ? AND id <> ?';
/** The names one ID number or credit code is registered under (brands and purchase records name others' numbers). */
export const SAME_NUMBER_SQL = "SELECT DISTINCT name FROM subject WHERE (id_number = ? OR uscc = ?) AND list NOT IN ('brands', 'poverty-purchases')";

export function otherNamesOnAccount(db: Db, bankAccount: string, name: string, subjectId: string): number {
  return statement<[string, string, string], { n: number }>(db, SAME_ACCOUNT_SQL).get(bankAccount, name, subjectId)?.n ?? 0;
}

export function namesForNumber(db: Db, number: string): string[] {
  return statement<[string, string], { name: string }>(db, SAME_NUMBER_SQL)
    .all(number, number)
    .map((r) => r.name);
}

// ── Counting for quarterly progress ─────────────────────────────────────────────────────────

/** Values of one field per matching subject, filtered in SQLite (JSON booleans read as 1 and 0). Field keys are the lists' own constants. */
export function subjectFieldValues(db: Db, lists: readonly string[], field: string, where: Record<string, string | boolean> = {}): (string | number | null)[] {
  const conditions = Object.keys(where).map((k) => ` AND json_extract(fields, '$.${k}') = ?`);
  const values = Object.values(where).map((v) => (v === true ? 1 : v === false ? 0 : v));
  return statement<(string | number)[], [string | number | null]>(db, `SELECT json_extract(fields, '$.${field}') AS v FROM subject WHERE list IN (${placeholders(lists.length)})${conditions.join('')}`)
    .raw()
    .all(...lists, ...values)
    .map((r) => (r as [string | number | null])[0]);
}

/** How many subjects of the lists had a yearly figure above an amount in a year. */
export function countFactsOver(db: Db, lists: readonly string[], year: number, fact: string, overFen: number): number {
  return (
    statement<(string | number)[], { n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM subject_fact f JOIN subject s ON s.id = f.subject_id
       WHERE s.list IN (${placeholders(lists.length)}) AND f.year = ? AND f.fact = ? AND f.value > ?`,
    ).get(...lists, year, fact, overFen)?.n ?? 0
  );
}

/** How many records of the lists dated within [from, to] carry an amount in a field, and its sum. */
export function sumSubjectField(db: Db, lists: readonly string[], field: string, dateField: string, from: string, to: string): { records: number; total: number } {
  const row = statement<string[], { n: number; total: number }>(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(json_extract(fields, '$.${field}')), 0) AS total FROM subject
     WHERE list IN (${placeholders(lists.length)}) AND json_extract(fields, '$.${dateField}') BETWEEN ? AND ?
       AND json_type(fields, '$.${field}') = 'integer'`,
  ).get(...lists, from, to);
  return { records: row?.n ?? 0, total: row?.total ?? 0 };
}

// ── Lists for the grid ───────────────────────────────────────────────────────────────────────

type Facts = Record<string, Record<string, number>>;

export function factsByIds(db: Db, ids: readonly string[]): Map<string, Facts> {
  const query = statement<[string], { year: number; fact: string; value: number }>(db, 'SELECT year, fact, value FROM subject_fact WHERE subject_id = ?');
  const out = new Map<string, Facts>();
  for (const id of ids) {
    const byYear: Facts = {};
    for (const r of query.all(id)) (byYear[String(r.year)] ??= {})[r.fact] = r.value;
    out.set(id, byYear);
  }
  return out;
}

/** Facts by year for many subjects at once. */
function factsOf(db: Db, list: ListId): Map<string, Facts> {
  const rows = statement<[ListId], { subject_id: string; year: number; fact: string; value: number }>(
    db,
    'SELECT f.subject_id, f.year, f.fact, f.value FROM subject_fact f JOIN subject s ON s.id = f.subject_id WHERE s.list = ?',
  ).all(list);
  const out = new Map<string, Facts>();
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
    statement<[], { v: string; n: number }>(db, 'SELECT bank_account AS v, count(DISTINCT list || key) AS n FROM subject WHERE bank_account IS NOT NULL GROUP BY bank_account HAVING n > 1')
      .all()
      .map((r) => [r.v, r.n]),
  );
  const phones =
    list === 'trainees'
      ? new Map(
          statement<[], { v: string; n: number }>(db, "SELECT phone AS v, count(DISTINCT id_number) AS n FROM subject WHERE list = 'trainees' AND phone IS NOT NULL GROUP BY phone HAVING n >= 3")
            .all()
            .map((r) => [r.v, r.n]),
        )
      : new Map<string, number>();
  const place = (name: string, town: string | null, village: string | null) => `${name}\u0000${town ?? ''}\u0000${village ?? ''}`;
  const sameName = new Map(
    statement<[ListId], { name: string; town: string | null; village: string | null; n: number }>(
      db,
      'SELECT name, town, village, count(DISTINCT key) AS n FROM subject WHERE list = ? GROUP BY name, town, village HAVING n > 1',
    )
      .all(list)
      .map((r) => [place(r.name, r.town, r.village), r.n]),
  );
  const idNames = new Set(
    statement<[], { v: string }>(db, "SELECT id_number AS v FROM subject WHERE id_number IS NOT NULL AND list IN ('trainees', 'poor-households') GROUP BY id_number HAVING count(DISTINCT name) > 1")
      .all()
      .map((r) => r.v),
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
  const rows = onlyId
    ? statement<[ListId, string], Row>(db, `SELECT ${LIST_COLUMNS} FROM subject WHERE list = ? AND id = ?`).all(list, onlyId)
    : q
      ? searchRows(db, list, q, limit)
      : statement<[ListId, number], Row>(db, LIST_QUERY).all(list, limit ?? -1);
  // A first screenful (limit) is answered at once: its facts by key, and no whole-list flag checks.
  const facts = limit === undefined ? factsOf(db, list) : factsByIds(db, rows.map((r) => r.id));
  const flags = limit === undefined || onlyId ? flagsFor(db, list, rows) : new Map<string, string[]>();
  return rows.map((r) => ({
    id: r.id,
    list: r.list,
    revision: r.revision,
    fields: maskFields(r.list, fieldsOf(r.id, r.fields)),
    facts: facts.get(r.id) ?? {},
    flags: flags.get(r.id) ?? [],
  }));
}

/** Rows whose shown text contains the query, or that hold it as a whole identifier. */
function searchRows(db: Db, list: ListId, query: string, limit: number | undefined): Row[] {
  const whole = wholeIdentifier(query) ?? '';
  const candidates = statement<[ListId, string, string, string, string, string], Row & { search: string }>(
    db,
    `SELECT ${LIST_COLUMNS}, search FROM subject WHERE +list = ?
       AND (search LIKE ? ESCAPE '\\' OR id_number = ? OR uscc = ? OR phone = ? OR bank_account = ?) ORDER BY rowid`,
  ).all(list, `%${query.replace(/[%_\\]/g, '\\$&')}%`, whole, whole, whole, whole);
  const found = candidates.filter(
    (r) => (whole !== '' && [r.id_number, r.phone, r.bank_account].includes(whole)) || matchesShownText(r.search, fieldsOf(r.id, r.fields), query),
  );
  return found.slice(0, limit ?? found.length).map(({ search: _search, ...row }) => row);
}

export function countSubjects(db: Db, list: ListId): number {
  return statement<[ListId], { n: number }>(db, 'SELECT count(*) AS n FROM subject WHERE list = ?').get(list)?.n ?? 0;
}

/** Every subject's id by its list and key ("trainees|340422…"), for code that knows subjects by their key. */
export function subjectIdsByKey(db: Db): Map<string, string> {
  return new Map(
    statement<[], { id: string; list: string; key: string }>(db, 'SELECT id, list, key FROM subject')
      .all()
      .map((r) => [`${r.list}|${r.key}`, r.id]),
  );
}

/** How many subjects each list holds (lists without any are absent). */
export function subjectCountsByList(db: Db): Map<ListId, number> {
  return new Map(
    statement<[], { list: ListId; n: number }>(db, 'SELECT list, count(*) AS n FROM subject GROUP BY list')
      .all()
      .map((r) => [r.list, r.n]),
  );
}

/** How many subjects the lists hold together. */
export function subjectCountIn(db: Db, lists: readonly string[]): number {
  return statement<string[], { n: number }>(db, `SELECT count(*) AS n FROM subject WHERE list IN (${placeholders(lists.length)})`).get(...lists)?.n ?? 0;
}

/** How many yearly figures of one fact the lists' subjects have for a year. */
export function factCountIn(db: Db, lists: readonly string[], year: number, fact: string): number {
  return (
    statement<(string | number)[], { n: number }>(
      db,
      `SELECT count(*) AS n FROM subject_fact f JOIN subject s ON s.id = f.subject_id WHERE s.list IN (${placeholders(lists.length)}) AND f.year = ? AND f.fact = ?`,
    ).get(...lists, year, fact)?.n ?? 0
  );
}
