import { hash, randomBytes } from 'node:crypto';
import type { Principal } from '../../../shared/domain/accounts';
import { type ImportIssue, LISTS, type ListId, type SubjectFields } from '../../../shared/domain/registry';
import { DomainError } from '../../../shared/result';
import { checkedEntry, type Ledger } from '../ledger/ledger';
import { registryImported, registryRejectsExported, subjectRecorded } from './events';
import { rejectsXlsx } from './rejects';
import { keyLookup, maskFields, searchText, subjectById } from './repository';
import { readSpreadsheet, type Table } from './table';
import { type CheckedRow, checkTable, columnFields } from './validate';

// An import in two steps: read and check every row (the preview, which writes nothing), then
// commit the valid rows in one transaction. The refused rows go back to the clerk as a rejects
// file, handed out on request and journaled, since it holds their personal data in full.

export type ImportReport = {
  rows: number;
  new: number;
  updates: number;
  errors: ImportIssue[];
  warnings: string[];
  sheet: string;
  encoding: string | null;
  committed: boolean;
  /** Every row with its status, personal fields masked, for the preview grid. */
  preview: { row: number; status: CheckedRow['status']; fields: SubjectFields; reasons: string[] }[];
  /** The rejects file on offer (its rows are fetched with downloadRejects), or null when every row is valid. */
  rejects: { fileName: string; rows: number } | null;
};

export type ImportSource = { fileName: string; bytes: Uint8Array } | { fileName: string; table: Table };

export type PreparedImport = {
  report: ImportReport;
  /** The refused rows as a spreadsheet, or null when there are none. Not journaled: see downloadRejects. */
  rejectsFile(): Promise<Uint8Array | null>;
  /** Writes the valid rows and the import in one transaction; refuses when there are none. */
  commit(by: Principal): ImportReport;
};

const rejectsName = (list: ListId) => `${LISTS[list].label}-未导入的行.xlsx`;
/** The upload's SHA-256, or for a pasted block, of its cells. */
const sourceSha256 = (source: ImportSource) =>
  'bytes' in source ? hash('sha256', source.bytes, 'hex') : hash('sha256', JSON.stringify(source.table.rows.map((r) => r.cells)), 'hex');

/** Reads and checks every row; nothing is written until commit. */
export async function prepareImport(ledger: Ledger, list: ListId, source: ImportSource, forCommit = false): Promise<PreparedImport> {
  const def = LISTS[list];
  const table = 'table' in source ? source.table : await readSpreadsheet(def, source.fileName, source.bytes);
  const checked = checkTable(def, table, keyLookup(ledger.db, list, table.rows.length >= 1000));
  const valid = checked.filter((r) => r.status !== 'error');
  const errors = checked.flatMap((r) => r.issues);
  const rejected = checked.filter((r) => r.status === 'error');
  const report: ImportReport = {
    rows: checked.length,
    new: checked.filter((r) => r.status === 'new').length,
    updates: checked.filter((r) => r.status === 'update').length,
    errors,
    warnings: checked.flatMap((r) => r.warnings.map((w) => `第 ${r.row} 行：${w}`)),
    sheet: table.sheet,
    encoding: table.encoding ?? null,
    committed: false,
    // The preview is what the clerk looks at before committing; a commit has no use for it.
    preview: forCommit ? [] : checked.map((r) => ({ row: r.row, status: r.status, fields: maskFields(list, r.fields), reasons: r.issues.map((i) => (r.typed[i.column] === undefined ? i.message : `${i.message}（所填：「${r.typed[i.column]}」）`)) })),
    rejects: rejected.length ? { fileName: rejectsName(list), rows: rejected.length } : null,
  };
  return {
    report,
    rejectsFile: async () =>
      rejected.length
        ? rejectsXlsx(list, table.headers, columnFields(def, table.headers), rejected.map((r) => ({ row: r.row, cells: r.original, reason: r.issues.map((i) => i.message).join('；') })))
        : null,
    commit(by) {
      if (valid.length === 0) throw new DomainError('VALIDATION', '没有可导入的有效行，未写入任何数据', { errors });
      const ids = subjectIds();
      ledger.appendMany(by.username, [
        {
          kind: registryImported.kind,
          entity: `import:${list}`,
          payload: { list, fileName: source.fileName, sha256: sourceSha256(source), rows: checked.length, added: report.new, updated: report.updates, rejected: rejected.length },
        },
        ...valid.map((r) => {
          const before = r.existingId ? (subjectById(ledger.db, r.existingId)?.parsed ?? null) : null;
          // A blank optional cell does not erase what the registry already holds.
          const after = before ? mergeFields(before, r.fields) : r.fields;
          const id = r.existingId ?? ids.next();
          // every value was read and checked cell by cell (checkTable): the ledger does not parse the row again
          return checkedEntry(subjectRecorded, `subject:${id}`, { id, list, key: r.key, search: searchText(after), before, after, facts: r.facts });
        }),
      ]);
      return { ...report, committed: true };
    },
  };
}

/**
 * Reads, checks and (with commit) writes an import in one transaction: the import itself (file
 * name and SHA-256) and every valid row become journal entries together, or nothing does.
 */
export async function importList(ledger: Ledger, by: Principal, list: ListId, source: ImportSource, commit: boolean): Promise<ImportReport> {
  const prepared = await prepareImport(ledger, list, source, commit);
  return commit ? prepared.commit(by) : prepared.report;
}

/** The rejects file of an upload, for the clerk who uploaded it; the hand-out is journaled. */
export async function downloadRejects(ledger: Ledger, by: Principal, list: ListId, source: ImportSource): Promise<{ fileName: string; bytes: Uint8Array }> {
  const prepared = await prepareImport(ledger, list, source, true);
  const bytes = await prepared.rejectsFile();
  if (!bytes || !prepared.report.rejects) throw new DomainError('VALIDATION', '这份文件没有未导入的行');
  recordRejectsHandedOut(ledger, by, list, source, prepared.report.rejects.rows);
  return { fileName: prepared.report.rejects.fileName, bytes };
}

/** Journals that the refused rows of an upload left the core as a file. */
export function recordRejectsHandedOut(ledger: Ledger, by: Principal, list: ListId, source: ImportSource, rows: number): void {
  ledger.append(by.username, { kind: registryRejectsExported.kind, entity: `import:${list}`, payload: { list, fileName: source.fileName, sha256: sourceSha256(source), rows } });
}

/**
 * New subject ids that sort in the order they were made (time, then a counter), so the tables'
 * indexes grow at their ends instead of being split all over, with a random tail against clashes.
 */
export function subjectIds(): { next(): string } {
  const stamp = Date.now().toString(36).padStart(9, '0');
  const salt = randomBytes(3).toString('hex');
  let counter = 0;
  return { next: () => `S${stamp}${salt}${(counter++).toString(36).padStart(5, '0')}` };
}

function mergeFields(before: SubjectFields, incoming: SubjectFields): SubjectFields {
  const out: SubjectFields = { ...before };
  for (const [k, v] of Object.entries(incoming)) if (v !== null) out[k] = v;
  return out;
}
