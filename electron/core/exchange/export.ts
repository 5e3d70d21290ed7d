import { existsSync } from 'node:fs';
import { hash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Principal } from '../../../shared/domain/accounts';
import { chinaToday, quarterLabel } from '../../../shared/dates';
import { bundleFileName, DATA_FILES, type DataFileName, type JournalLine, type Manifest, type PackExchange } from '../../../shared/domain/exchange';
import { maskPersonName } from '../../../shared/identifiers';
import { DomainError } from '../../../shared/result';
import type { Core } from '../core';
import { keyedIdHasher } from '../crypto/signing';
import { type Db, openReadSnapshot } from '../db/open';
import { writeNewFileDurably } from '../files';
import { entryHashOfBytes, GENESIS_HASH } from '../ledger/ledger';
import { journalHead, journalSegmentBytes, journalSegmentCount } from '../ledger/repository';
import { type EventRegistry, payloadLeaves } from '../ledger/events';
import { subjectTypeOf } from '../claims/payees';
import { activePack, installedHmacKey } from '../policy/repository';
import { quarterReport } from '../progress/service';
import { type Lines, type PackedBundle, packBundle, rowLines } from './bundle';
import type { RecheckFinding } from '../../../shared/domain/recheck';
import { countyRecheck } from './recheck-county';
import { keptBundlePath, markDone, recordPending, settlePending, writeKept } from './delivery';
import { currentPublicKey, installSigner, type KeyProtector, nextPublicKey } from './keys';
import { approvalSeqs, type BundleExportRow, exportClaims, exportCounts, exportPayments, exportSubjects, lastBundleExport, PERSON_LISTS } from './repository';

// The county's bundle for a closed quarter: its report's task rows, the registry and claims with
// personal data minimised (keyed hashes for ID numbers and bank accounts, person names masked as
// in the 公示 list), payments, and every journal entry since the previous bundle.

/** The last bundle this county exported: the next one continues it. */
export function lastExport(core: Core): BundleExportRow | null {
  return lastBundleExport(core.db) ?? null;
}

/** A keyed hash for a number, or null when the field is empty. */
type Keyed = (value: unknown) => string | null;

function keyedWith(hmacKey: string): Keyed {
  const hasher = keyedIdHasher(hmacKey);
  return (v) => (typeof v === 'string' && v.trim() !== '' ? hasher(v) : null);
}

/** A payload travels as text only when its kind declares it `whole`. */
function travelsWhole(events: EventRegistry, kind: string, payload: Buffer): boolean {
  return payloadLeaves(events, kind, () => payload.toString('utf8')) === 'whole';
}

/**
 * The key for the active pack's keyed hashes. Packs journaled since the key was kept apart name it
 * by SHA-256 and the key sits in the install settings; older ones held it in their content.
 */
function packHmacKey(db: Db, exchange: PackExchange): string {
  if ('hmacKey' in exchange) return exchange.hmacKey;
  const key = installedHmacKey(db, exchange.hmacKeySha256);
  if (!key) throw new DomainError('POLICY_INVALID', '本机没有当前政策包的身份证号比对密钥（应随市局签名下发的政策包一同载入），无法生成数据包');
  return key;
}

/**
 * Every line of every file, checked on its way into the bundle: a line holding the HMAC key
 * (a kind declared `whole` by mistake, a field copied where it should not be) stops the export.
 */
function* withoutSecret(lines: Lines, secret: string): Lines {
  for (const line of lines) {
    if (line.includes(secret)) throw new DomainError('INTERNAL', '数据包中出现了身份证号比对密钥，已停止生成（程序错误，请联系开发人员）');
    yield line;
  }
}

function* subjectLines(db: Db, keyed: Keyed): Lines {
  for (const r of exportSubjects(db)) {
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

/**
 * Claims with their frozen decisions. An approved claim carries what the city needs to decide it
 * again (市级复核): the frozen facts, the subject's type and course, the journal position and day
 * of the approval; never a person's numbers. A trace and facts are stored as canonical JSON text,
 * so they are placed in the line as they are rather than parsed and written out again.
 */
function* claimLines(db: Db, keyed: Keyed): Lines {
  const approvals = approvalSeqs(db);
  for (const c of exportClaims(db)) {
    const decidedSeq = c.frozen ? (approvals.get(c.id) ?? null) : null;
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
      subjectType: subjectTypeOf(c.list, { level: typeof c.level === 'string' ? c.level : null }),
      course: c.course,
      decidedSeq,
      decidedOn: decidedSeq !== null && c.approved_at ? chinaToday(c.approved_at) : null,
    });
    yield `${line.slice(0, -1)},"facts":${c.frozen ? c.facts : 'null'},"trace":${c.frozen ? c.trace : 'null'}}`;
  }
}

function* paymentLines(db: Db, keyed: Keyed): Lines {
  for (const p of exportPayments(db)) {
    yield JSON.stringify({ claimNo: p.no, voucherNo: p.voucher_no, paidOn: p.paid_on, paidFen: p.paid_fen, payeeHash: keyed(p.payee_id), bankHash: keyed(p.bank) });
  }
}

/**
 * The journal since the last bundle, each entry re-hashed and linked to the one before on the
 * way. Whether the segment continues the head the last bundle sent is the city's check
 * (BUNDLE_CHAIN): a county that rewrote its history still exports, and the city refuses it.
 * `ledger verify` checks the whole chain. Payloads are read as bytes: most are only hashed,
 * and only those whose kind declares them `whole` (ledger/events.ts) travel as text.
 */
function* journalLines(db: Db, events: EventRegistry, afterSeq: number, headSeq: number): Lines {
  let prev: string | undefined;
  let seq = afterSeq;
  for (const r of journalSegmentBytes(db, afterSeq, headSeq)) {
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
      payload: travelsWhole(events, r.kind, r.payload) ? r.payload.toString('utf8') : null,
    };
    yield JSON.stringify(line);
  }
}

/** How many lines each data file of the next bundle holds, counted without reading them. */
function lineCounts(db: Db, tasks: number, afterSeq: number, headSeq: number): Record<DataFileName, number> {
  const counts = exportCounts(db);
  return {
    'progress.jsonl': tasks,
    'subjects.jsonl': counts.subjects,
    'claims.jsonl': counts.claims,
    'payments.jsonl': counts.payments,
    'journal.jsonl': journalSegmentCount(db, afterSeq, headSeq),
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
export function prepareBundle(core: Core, by: Principal, period: string): Prepared {
  const now = core.sessions.time();
  const report = quarterReport({ db: core.db, today: chinaToday(now) }, period, by.displayName, now.toISOString());
  if (report.state !== 'closed') throw new DomainError('STATE', `${quarterLabel(period)}尚未关闭：请审批人核对季度报告并关闭该季度后再报送`);
  const pack = activePack(core.db);
  const exchange = pack.exchange;
  if (!exchange) throw new DomainError('POLICY_INVALID', '当前政策包中没有市里下发的报送设置（exchange.json），无法生成数据包');
  const hmacKey = packHmacKey(core.db, exchange);
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
      report: {
        asOf: report.asOf,
        state: report.state,
        preparedBy: report.preparedBy,
        approvedBy: report.approvedBy,
        generatedAt: report.generatedAt,
        // a quarter closed before pack 1.1 has none of these: they stay absent, not empty
        ...(report.subsidies !== undefined && { subsidies: report.subsidies }),
        ...(report.readings !== undefined && { readings: report.readings }),
        ...(report.plan !== undefined && { plan: report.plan }),
        ...(report.responsibilities !== undefined && { responsibilities: report.responsibilities }),
        ...(report.measures !== undefined && { measures: report.measures }),
      },
    },
    data: (db) => {
      // one hasher for the whole bundle: claims and payments repeat the subjects' numbers
      const keyed = keyedWith(hmacKey);
      const files: Record<DataFileName, Lines> = {
        'progress.jsonl': rowLines(report.tasks),
        'subjects.jsonl': subjectLines(db, keyed),
        'claims.jsonl': claimLines(db, keyed),
        'payments.jsonl': paymentLines(db, keyed),
        'journal.jsonl': journalLines(db, core.ledger.events, fromSeq, head.seq),
      };
      for (const name of DATA_FILES) files[name] = withoutSecret(files[name], hmacKey);
      return files;
    },
    rows: (db) => lineCounts(db, report.tasks.length, fromSeq, head.seq),
    fileName: bundleFileName(report.county.code, period, sequence),
    head,
  };
}

/** What the next bundle would hold, for the summary shown before it is written. */
export function previewBundle(core: Core, by: Principal, period: string): { sequence: number; fileName: string; rows: Record<DataFileName, number>; fromSeq: number; headSeq: number; recheck: RecheckFinding[] } {
  const { base, rows, fileName } = prepareBundle(core, by, period);
  return { sequence: base.sequence, fileName, rows: rows(core.db), fromSeq: base.ledger.fromSeq, headSeq: base.ledger.headSeq, recheck: countyRecheck(core.db) };
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
 * Signs the next bundle for a closed quarter, writes it through the three steps of delivery.ts
 * (journaled as pending, written into the database's folder, marked done) and copies it into
 * `outDir` when that is another folder.
 *
 * The bundle is read from a snapshot (a second, read-only connection in one read transaction),
 * a piece at a time, with other work let in between the pieces: the app stays responsive and
 * can answer how far the export has got (exportProgress), while every file still describes the
 * same moment of the ledger. What is written meanwhile goes into the next bundle.
 */
export async function exportBundle(core: Core, by: Principal, protector: KeyProtector, period: string, outDir: string): Promise<ExportResult & { bytes: Uint8Array }> {
  if (underWay.has(core.db)) throw new DomainError('CONFLICT', '本机正在生成数据包，请等这一个生成完再试');
  // what a stopped export left is settled first: the sequence continues from it
  settlePending(core.ledger, by, core.dataDir);
  const prepared = prepareBundle(core, by, period);
  const pack = activePack(core.db);
  // a key nobody has compared with the city must not sign: it is made (and its public key handed over) first
  if (!currentPublicKey(core.db)) throw new DomainError('STATE', '本机尚未生成签名密钥：请先生成密钥，把公钥文件交市局并电话核对指纹后再报送');
  const signer = installSigner(core.ledger, by, core.dataDir, protector, pack.exchange!.algorithm);
  const { fileName, head } = prepared;
  const sequence = prepared.base.sequence;
  const kept = keptBundlePath(core.dataDir, fileName);
  const path = join(outDir, fileName);
  const copy = resolve(outDir) !== resolve(dirname(kept));
  const taken = () => {
    if (copy && existsSync(path)) throw new DomainError('CONFLICT', `目标文件夹中已有 ${fileName}`);
    if (existsSync(kept)) throw new DomainError('CONFLICT', `数据文件夹中已有 ${fileName}（不是本机账本记录的数据包），请把它移走后重试`);
  };
  taken();

  const snapshot = openReadSnapshot(core.db);
  const source = snapshot?.db ?? core.db;
  const progress: ExportProgress = { running: true, period, fileName, done: 0, total: 0 };
  underWay.set(core.db, progress);
  let packed: PackedBundle;
  try {
    const seen = journalHead(source);
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

  taken();
  const rows = Object.fromEntries(packed.manifest.files.map((f) => [f.name, f.rows])) as Record<DataFileName, number>;
  const pending = { sequence, period, fileName, digest: packed.digest, headSeq: head.seq, headHash: head.hash, rows, announces: packed.manifest.nextKey?.fingerprint ?? null };
  recordPending(core.ledger, by, pending);
  try {
    writeKept(core.dataDir, fileName, packed.bytes);
    markDone(core.ledger, by, core.dataDir, pending);
  } catch (error) {
    // done if the file got there whole, abandoned if not: never left pending by a process that goes on
    try {
      settlePending(core.ledger, by, core.dataDir);
    } catch {
      // the next start settles it
    }
    throw error;
  }
  if (copy) copyOut(path, kept, sequence, packed.bytes);
  return { path: copy ? path : kept, fileName, digest: packed.digest, sequence, rows, bytes: packed.bytes };
}

/** The copy for the clerk's folder, of a bundle the ledger already records: a failure leaves the kept one to copy by hand. */
function copyOut(path: string, kept: string, sequence: number, bytes: Uint8Array): void {
  const recorded = `第 ${sequence} 号数据包已生成并记入账本，保存在 ${kept}`;
  let written: boolean;
  try {
    written = writeNewFileDurably(path, bytes);
  } catch (error) {
    throw new DomainError('INTERNAL', `${recorded}；复制到 ${path} 失败（${(error as Error).message}），请手工复制`);
  }
  if (!written) throw new DomainError('CONFLICT', `${recorded}；目标文件夹中已有同名文件，未复制`);
}
