import { hash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { bundleFileName, type DataFileName, type JournalLine, type Manifest } from '../../shared/domain/exchange';
import { Quarter, quarterLabel } from '../../shared/domain/progress';
import { LISTS, type ListId } from '../../shared/domain/registry';
import { maskPersonName } from '../../shared/identifiers';
import { DomainError } from '../../shared/result';
import { keyedIdHasher } from '../crypto/signing';
import type { Core } from '../core';
import { type Db, openReadSnapshot } from '../db/open';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';
import { entryHashOfBytes, GENESIS_HASH } from '../ledger/ledger';
import { activePack } from '../policy/repository';
import { chinaToday } from '../claims/service';
import { quarterReport } from '../progress/service';
import { type Lines, type PackedBundle, packBundle, rowLines } from './bundle';
import { activateNextKey, currentPublicKey, installSigner, type KeyProtector, nextPublicKey } from './keys';

// The county's bundle for a closed quarter: its report's task rows, the registry and claims with
// personal data minimised (keyed hashes for ID numbers and bank accounts, person names masked as
// in the 公示 list), payments, and every journal entry since the previous bundle.

/** Journal kinds whose payloads hold no personal data: they travel whole and the city re-hashes them. */
const PUBLIC_KINDS = new Set([
  'policy.loaded',
  'county.recorded',
  'task.defined',
  'task.progress',
  'rule.setting',
  'install.configured',
  'budget.set',
  'progress.text',
  'progress.value',
  'progress.target',
  'progress.evidence',
  'progress.report',
  'progress.close',
  'progress.reopen',
  'key.generated',
  'bundle.exported',
]);

/** Lists whose subjects are people: their names travel masked. */
const PERSON_LISTS: ReadonlySet<ListId> = new Set(['trainees', 'poor-households']);
/** The field that identifies the person behind a subject, per list. */
const PERSON_ID_FIELD: Partial<Record<ListId, string>> = { trainees: 'idNumber', 'poor-households': 'idNumber', 'service-points': 'operatorIdNumber', 'poverty-purchases': 'sellerIdNumber' };

export const bundleExported = defineEvent({
  kind: 'bundle.exported',
  payload: z.object({
    sequence: z.number().int().min(1),
    period: Quarter,
    fileName: z.string(),
    digest: z.string(),
    headSeq: z.number().int(),
    headHash: z.string(),
    rows: z.record(z.string(), z.number().int()),
  }),
  apply(db, p, meta) {
    statement(db, 'INSERT INTO bundle_export (sequence, period, file_name, digest, head_seq, head_hash, rows, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      p.sequence,
      p.period,
      p.fileName,
      p.digest,
      p.headSeq,
      p.headHash,
      canonicalJson(p.rows),
      meta.actor,
      meta.at,
    );
  },
});

type LastExport = { sequence: number; digest: string; head_seq: number; head_hash: string };

export function lastExport(core: Core): LastExport | null {
  return (statement(core.db, 'SELECT sequence, digest, head_seq, head_hash FROM bundle_export ORDER BY sequence DESC LIMIT 1').get() as LastExport | undefined) ?? null;
}

/** Where each list keeps the number that identifies the person or organisation behind a subject. */
function payeeIdField(list: ListId): string {
  return PERSON_ID_FIELD[list] ?? (LISTS[list].fields.some((f) => f.key === 'uscc') ? 'uscc' : 'ownerUscc');
}

/** SQL for one field of a subject's `fields` JSON chosen by its list (list ids and field keys are our own constants). */
function fieldByList(pick: (list: ListId) => string | undefined, fallback: string): string {
  const cases = (Object.keys(LISTS) as ListId[])
    .map((list) => [list, pick(list)] as const)
    .filter((c): c is readonly [ListId, string] => c[1] !== undefined)
    .map(([list, key]) => `WHEN '${list}' THEN json_extract(s.fields, '$.${key}')`);
  return `CASE s.list ${cases.join(' ')} ELSE ${fallback} END`;
}

/** A keyed hash for a number, or null when the field is empty. */
type Keyed = (value: unknown) => string | null;

function keyedWith(hmacKey: string): Keyed {
  const hasher = keyedIdHasher(hmacKey);
  return (v) => (typeof v === 'string' && v.trim() !== '' ? hasher(v) : null);
}

type SubjectRow = { id: string; list: ListId; name: string; town: string | null; village: string | null; uscc: string | null; person_id: unknown; bank: unknown };

// The columns are read with json_extract rather than by parsing each subject's fields in
// JavaScript: the bundle needs two numbers from them, not the whole record.
const SUBJECT_SQL = `SELECT s.id, s.list, s.name, s.town, s.village, s.uscc, ${fieldByList((l) => PERSON_ID_FIELD[l], 's.uscc')} AS person_id,
  json_extract(s.fields, '$.bankAccount') AS bank FROM subject s ORDER BY s.id`;

function* subjectLines(db: Db, keyed: Keyed): Lines {
  for (const r of statement(db, SUBJECT_SQL).iterate() as IterableIterator<SubjectRow>) {
    yield JSON.stringify({
      id: r.id,
      list: r.list,
      name: PERSON_LISTS.has(r.list) ? maskPersonName(r.name) : r.name,
      town: r.town,
      village: r.village,
      uscc: r.uscc,
      idHash: keyed(r.person_id),
      bankHash: keyed(r.bank),
    });
  }
}

type ClaimRow = {
  id: string;
  no: string;
  subject_id: string;
  rule: string;
  year: number;
  state: string;
  amount_fen: number | null;
  paid_fen: number | null;
  paid_on: string | null;
  approved_at: string | null;
  pack_digest: string | null;
  frozen: number;
  trace: string;
  payee_id: unknown;
};

const CLAIM_SQL = `SELECT c.id, c.no, c.subject_id, c.rule, c.year, c.state, c.amount_fen, c.paid_fen, c.paid_on, c.approved_at, c.pack_digest, c.frozen, c.trace,
  ${fieldByList(payeeIdField, 'NULL')} AS payee_id FROM claim c JOIN subject s ON s.id = c.subject_id ORDER BY c.no`;

/**
 * Claims with their frozen traces. A trace is stored as canonical JSON text, so it is placed in
 * the line as it is rather than parsed and written out again.
 */
function* claimLines(db: Db, keyed: Keyed): Lines {
  for (const c of statement(db, CLAIM_SQL).iterate() as IterableIterator<ClaimRow>) {
    const line = JSON.stringify({
      id: c.id,
      no: c.no,
      subjectId: c.subject_id,
      rule: c.rule,
      year: c.year,
      state: c.state,
      amountFen: c.amount_fen,
      paidFen: c.paid_fen,
      paidOn: c.paid_on,
      approvedAt: c.approved_at,
      packDigest: c.pack_digest,
      payeeHash: keyed(c.payee_id),
    });
    yield `${line.slice(0, -1)},"trace":${c.frozen ? c.trace : 'null'}}`;
  }
}

type PaymentRow = { no: string; voucher_no: string | null; paid_on: string | null; paid_fen: number | null; payee_id: unknown; bank: unknown };

const PAYMENT_SQL = `SELECT c.no, c.voucher_no, c.paid_on, c.paid_fen, ${fieldByList(payeeIdField, 'NULL')} AS payee_id, json_extract(s.fields, '$.bankAccount') AS bank
  FROM claim c JOIN subject s ON s.id = c.subject_id WHERE c.state = 'paid' ORDER BY c.no`;

function* paymentLines(db: Db, keyed: Keyed): Lines {
  for (const p of statement(db, PAYMENT_SQL).iterate() as IterableIterator<PaymentRow>) {
    yield JSON.stringify({ claimNo: p.no, voucherNo: p.voucher_no, paidOn: p.paid_on, paidFen: p.paid_fen, payeeHash: keyed(p.payee_id), bankHash: keyed(p.bank) });
  }
}

type JournalDbRow = { seq: number; at: string; actor: string; kind: string; entity: string; payload: Buffer; prev_hash: string; hash: string };

/**
 * The journal since the last bundle, each entry re-hashed and linked to the one before on the
 * way. Whether the segment continues the head the last bundle sent is the city's check
 * (BUNDLE_CHAIN): a county that rewrote its history still exports, and the city refuses it.
 * \`ledger verify\` checks the whole chain. Payloads are read as bytes: most are only hashed,
 * and only the public kinds' travel as text.
 */
function* journalLines(db: Db, afterSeq: number, headSeq: number): Lines {
  let prev: string | undefined;
  let seq = afterSeq;
  const rows = statement(db, 'SELECT seq, at, actor, kind, entity, CAST(payload AS BLOB) AS payload, prev_hash, hash FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq').iterate(
    afterSeq,
    headSeq,
  ) as IterableIterator<JournalDbRow>;
  for (const r of rows) {
    if (r.seq !== seq + 1 || (prev !== undefined && r.prev_hash !== prev) || entryHashOfBytes(r, r.payload) !== r.hash) {
      throw new DomainError('LEDGER_BROKEN', `本机账本第 ${r.seq} 条记录校验未通过（哈希链断裂或内容被改动），不能报送；请先运行账本校验`);
    }
    prev = r.hash;
    seq = r.seq;
    const line: JournalLine = {
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      kind: r.kind,
      entity: r.entity,
      prevHash: r.prev_hash,
      hash: r.hash,
      payloadSha256: hash('sha256', r.payload, 'hex'),
      payload: PUBLIC_KINDS.has(r.kind) ? r.payload.toString('utf8') : null,
    };
    yield JSON.stringify(line);
  }
}

/** How many lines each data file of the next bundle holds, counted without reading them. */
function lineCounts(db: Db, tasks: number, afterSeq: number, headSeq: number): Record<DataFileName, number> {
  const count = (sql: string, ...args: unknown[]) => (statement(db, sql).get(...args) as { n: number }).n;
  return {
    'progress.jsonl': tasks,
    'subjects.jsonl': count('SELECT count(*) AS n FROM subject'),
    'claims.jsonl': count('SELECT count(*) AS n FROM claim c JOIN subject s ON s.id = c.subject_id'),
    'payments.jsonl': count("SELECT count(*) AS n FROM claim c JOIN subject s ON s.id = c.subject_id WHERE c.state = 'paid'"),
    'journal.jsonl': count('SELECT count(*) AS n FROM journal WHERE seq > ? AND seq <= ?', afterSeq, headSeq),
  };
}

export type ExportResult = { path: string; fileName: string; digest: string; sequence: number; rows: Record<DataFileName, number> };

type Prepared = {
  base: Omit<Manifest, 'files' | 'key'>;
  /** Each file's lines, read from `db` (the app's connection or a snapshot of it) only as the bundle is written. */
  data: (db: Db) => Record<DataFileName, Lines>;
  /** How many lines each file will hold, counted in `db` without reading them. */
  rows: (db: Db) => Record<DataFileName, number>;
  fileName: string;
  head: { seq: number; hash: string };
};

/** Everything the next bundle for `period` carries, before it is signed. Refused for an open quarter; an altered unsent journal entry is refused as it is read. */
export function prepareBundle(core: Core, actor: string, period: string): Prepared {
  const now = core.sessions.time();
  const report = quarterReport({ db: core.db, today: chinaToday(now) }, period, actor, now.toISOString());
  if (report.state !== 'closed') throw new DomainError('STATE', `${quarterLabel(period)}尚未关闭：请审批人核对季度报告并关闭该季度后再报送`);
  const pack = activePack(core.db);
  const exchange = pack.exchange;
  if (!exchange) throw new DomainError('POLICY_INVALID', '当前政策包中没有市里下发的报送设置（exchange.json），无法生成数据包');
  const last = lastExport(core);
  const head = core.ledger.readHead();
  const fromSeq = last?.head_seq ?? 0;
  const sequence = (last?.sequence ?? 0) + 1;
  return {
    base: {
      format: 'county-ledger-bundle/1',
      county: report.county,
      period,
      sequence,
      createdAt: now.toISOString(),
      appVersion: core.appVersion,
      pack: { id: pack.meta.id, version: pack.meta.version, digest: pack.meta.digest },
      ledger: { fromSeq, fromHash: last?.head_hash ?? GENESIS_HASH, headSeq: head.seq, headHash: head.hash },
      previousBundleDigest: last?.digest ?? null,
      nextKey: (() => {
        const next = nextPublicKey(core.db);
        return next && { algorithm: next.algorithm, publicKey: next.publicKey, fingerprint: next.fingerprint };
      })(),
      report: { asOf: report.asOf, state: report.state, preparedBy: report.preparedBy, approvedBy: report.approvedBy, generatedAt: report.generatedAt },
    },
    data: (db) => {
      // one hasher for the whole bundle: claims and payments repeat the subjects' numbers
      const keyed = keyedWith(exchange.hmacKey);
      return {
        'progress.jsonl': rowLines(report.tasks),
        'subjects.jsonl': subjectLines(db, keyed),
        'claims.jsonl': claimLines(db, keyed),
        'payments.jsonl': paymentLines(db, keyed),
        'journal.jsonl': journalLines(db, fromSeq, head.seq),
      };
    },
    rows: (db) => lineCounts(db, report.tasks.length, fromSeq, head.seq),
    fileName: bundleFileName(report.county.code, period, sequence),
    head,
  };
}

/** What the next bundle would hold, for the summary shown before it is written. */
export function previewBundle(core: Core, actor: string, period: string): { sequence: number; fileName: string; rows: Record<DataFileName, number>; fromSeq: number; headSeq: number } {
  const { base, rows, fileName } = prepareBundle(core, actor, period);
  return { sequence: base.sequence, fileName, rows: rows(core.db), fromSeq: base.ledger.fromSeq, headSeq: base.ledger.headSeq };
}

/** What an export under way has done, for the progress bar: lines written of all the bundle's lines. */
export type ExportProgress = { running: boolean; period: string | null; fileName: string | null; done: number; total: number };

/** The export under way on each open database: one at a time. */
const underWay = new WeakMap<Db, ExportProgress>();

export function exportProgress(core: Core): ExportProgress {
  const progress = underWay.get(core.db);
  return progress ? { ...progress } : { running: false, period: null, fileName: null, done: 0, total: 0 };
}

/**
 * Signs and writes the next bundle for a closed quarter into `outDir` (through a temporary
 * name, renamed when complete) and journals it.
 *
 * The bundle is read from a snapshot (a second, read-only connection in one read transaction),
 * a piece at a time, with other work let in between the pieces: the app stays responsive and
 * can answer how far the export has got (exportProgress), while every file still describes the
 * same moment of the ledger. What is written meanwhile goes into the next bundle.
 */
export async function exportBundle(core: Core, actor: string, protector: KeyProtector, period: string, outDir: string): Promise<ExportResult & { bytes: Uint8Array }> {
  if (underWay.has(core.db)) throw new DomainError('CONFLICT', '本机正在生成数据包，请等这一个生成完再试');
  const prepared = prepareBundle(core, actor, period);
  const pack = activePack(core.db);
  // a key nobody has compared with the city must not sign: it is made (and its public key handed over) first
  if (!currentPublicKey(core.db)) throw new DomainError('STATE', '本机尚未生成签名密钥：请先生成密钥，把公钥文件交市局并电话核对指纹后再报送');
  const signer = installSigner(core.ledger, actor, core.dataDir, protector, pack.exchange!.algorithm);
  const { fileName, head } = prepared;
  const sequence = prepared.base.sequence;
  const path = join(outDir, fileName);
  if (existsSync(path)) throw new DomainError('CONFLICT', `目标文件夹中已有 ${fileName}`);

  const snapshot = openReadSnapshot(core.db);
  const source = snapshot?.db ?? core.db;
  const progress: ExportProgress = { running: true, period, fileName, done: 0, total: 0 };
  underWay.set(core.db, progress);
  let packed: PackedBundle;
  try {
    const seen = statement(source, 'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    if ((seen?.seq ?? 0) !== head.seq) throw new DomainError('CONFLICT', '生成数据包时账本正被另一个程序写入，请稍后重试');
    progress.total = Object.values(prepared.rows(source)).reduce((a, b) => a + b, 0);
    const steps = packBundle(prepared.base, prepared.data(source), signer);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        packed = step.value;
        break;
      }
      progress.done = step.value;
      // an in-memory database has no snapshot: its export runs through without letting writes in
      if (snapshot) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    snapshot?.close();
    underWay.delete(core.db);
  }

  if ((lastExport(core)?.sequence ?? 0) !== sequence - 1) throw new DomainError('CONFLICT', `第 ${sequence} 号数据包已由另一个程序生成，本次未写入，请刷新后重试`);
  if (existsSync(path)) throw new DomainError('CONFLICT', `目标文件夹中已有 ${fileName}`);
  mkdirSync(outDir, { recursive: true });
  const temporary = `${path}.${process.pid}.part`;
  writeFileSync(temporary, packed.bytes);
  renameSync(temporary, path);
  const rows = Object.fromEntries(packed.manifest.files.map((f) => [f.name, f.rows])) as Record<DataFileName, number>;
  core.ledger.append(actor, { kind: bundleExported.kind, entity: `bundle:${sequence}`, payload: { sequence, period, fileName, digest: packed.digest, headSeq: head.seq, headHash: head.hash, rows } });
  if (packed.manifest.nextKey) activateNextKey(core.ledger, actor, core.dataDir, sequence);
  return { path, fileName, digest: packed.digest, sequence, rows, bytes: packed.bytes };
}
