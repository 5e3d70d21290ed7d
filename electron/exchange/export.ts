import { hash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { bundleFileName, type DataFileName, type JournalLine, type Manifest } from '../../shared/domain/exchange';
import { Quarter, quarterLabel } from '../../shared/domain/progress';
import { LISTS, type ListId, type SubjectFields } from '../../shared/domain/registry';
import { maskPersonName } from '../../shared/identifiers';
import { DomainError } from '../../shared/result';
import { keyedIdHash } from '../crypto/signing';
import type { Core } from '../core';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';
import { entryHash, GENESIS_HASH } from '../ledger/ledger';
import { activePack } from '../policy/repository';
import { chinaToday } from '../claims/service';
import { quarterReport } from '../progress/service';
import { packBundle } from './bundle';
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

type SubjectRow = { id: string; list: ListId; name: string; town: string | null; village: string | null; uscc: string | null; fields: string };

function subjectLines(core: Core, hmacKey: string): unknown[] {
  const rows = statement(core.db, 'SELECT id, list, name, town, village, uscc, fields FROM subject ORDER BY id').all() as SubjectRow[];
  const keyed = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? keyedIdHash(hmacKey, v) : null);
  return rows.map((r) => {
    const fields = JSON.parse(r.fields) as SubjectFields;
    const idField = PERSON_ID_FIELD[r.list];
    return {
      id: r.id,
      list: r.list,
      name: PERSON_LISTS.has(r.list) ? maskPersonName(r.name) : r.name,
      town: r.town,
      village: r.village,
      uscc: r.uscc,
      idHash: keyed(idField ? fields[idField] : r.uscc),
      bankHash: keyed(fields.bankAccount),
    };
  });
}

type ClaimRow = {
  id: string;
  no: string;
  subject_id: string;
  list: ListId;
  rule: string;
  year: number;
  state: string;
  amount_fen: number | null;
  paid_fen: number | null;
  paid_on: string | null;
  voucher_no: string | null;
  approved_at: string | null;
  pack_digest: string | null;
  frozen: number;
  trace: string;
  fields: string;
};

function claimLines(core: Core, hmacKey: string): { claims: unknown[]; payments: unknown[] } {
  const rows = statement(
    core.db,
    `SELECT c.id, c.no, c.subject_id, s.list, c.rule, c.year, c.state, c.amount_fen, c.paid_fen, c.paid_on, c.voucher_no, c.approved_at, c.pack_digest, c.frozen, c.trace, s.fields
     FROM claim c JOIN subject s ON s.id = c.subject_id ORDER BY c.no`,
  ).all() as ClaimRow[];
  const claims: unknown[] = [];
  const payments: unknown[] = [];
  for (const c of rows) {
    const fields = JSON.parse(c.fields) as SubjectFields;
    const idField = PERSON_ID_FIELD[c.list] ?? (LISTS[c.list].fields.some((f) => f.key === 'uscc') ? 'uscc' : 'ownerUscc');
    const idValue = fields[idField];
    const payeeHash = typeof idValue === 'string' && idValue !== '' ? keyedIdHash(hmacKey, idValue) : null;
    claims.push({
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
      trace: c.frozen ? (JSON.parse(c.trace) as unknown) : null,
      payeeHash,
    });
    if (c.state === 'paid') {
      const bank = fields.bankAccount;
      payments.push({ claimNo: c.no, voucherNo: c.voucher_no, paidOn: c.paid_on, paidFen: c.paid_fen, payeeHash, bankHash: typeof bank === 'string' && bank ? keyedIdHash(hmacKey, bank) : null });
    }
  }
  return { claims, payments };
}

type JournalDbRow = { seq: number; at: string; actor: string; kind: string; entity: string; payload: string; prev_hash: string; hash: string };

/**
 * The journal since the last bundle, each entry re-hashed and linked to the one before on the
 * way. Whether the segment continues the head the last bundle sent is the city's check
 * (BUNDLE_CHAIN): a county that rewrote its history still exports, and the city refuses it.
 * \`ledger verify\` checks the whole chain.
 */
function journalLines(core: Core, afterSeq: number): JournalLine[] {
  const rows = statement(core.db, 'SELECT * FROM journal WHERE seq > ? ORDER BY seq').all(afterSeq) as JournalDbRow[];
  let prev = rows[0]?.prev_hash;
  let seq = afterSeq;
  for (const r of rows) {
    if (r.seq !== seq + 1 || r.prev_hash !== prev || entryHash(r) !== r.hash) {
      throw new DomainError('LEDGER_BROKEN', `本机账本第 ${r.seq} 条记录校验未通过（哈希链断裂或内容被改动），不能报送；请先运行账本校验`);
    }
    prev = r.hash;
    seq = r.seq;
  }
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    kind: r.kind,
    entity: r.entity,
    prevHash: r.prev_hash,
    hash: r.hash,
    payloadSha256: hash('sha256', r.payload, 'hex'),
    payload: PUBLIC_KINDS.has(r.kind) ? r.payload : null,
  }));
}

export type ExportResult = { path: string; fileName: string; digest: string; sequence: number; rows: Record<DataFileName, number> };

type Prepared = { base: Omit<Manifest, 'files' | 'key'>; data: Record<DataFileName, unknown[]>; fileName: string; head: { seq: number; hash: string } };

/** Everything the next bundle for `period` carries, before it is signed. Refused for an open quarter or an altered unsent journal. */
export function prepareBundle(core: Core, actor: string, period: string): Prepared {
  const now = core.sessions.time();
  const report = quarterReport({ db: core.db, today: chinaToday(now) }, period, actor, now.toISOString());
  if (report.state !== 'closed') throw new DomainError('STATE', `${quarterLabel(period)}尚未关闭：请审批人核对季度报告并关闭该季度后再报送`);
  const pack = activePack(core.db);
  if (!pack.exchange) throw new DomainError('POLICY_INVALID', '当前政策包中没有市里下发的报送设置（exchange.json），无法生成数据包');
  const last = lastExport(core);
  const head = core.ledger.readHead();
  const { claims, payments } = claimLines(core, pack.exchange.hmacKey);
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
      ledger: { fromSeq: last?.head_seq ?? 0, fromHash: last?.head_hash ?? GENESIS_HASH, headSeq: head.seq, headHash: head.hash },
      previousBundleDigest: last?.digest ?? null,
      nextKey: (() => {
        const next = nextPublicKey(core.db);
        return next && { algorithm: next.algorithm, publicKey: next.publicKey, fingerprint: next.fingerprint };
      })(),
      report: { asOf: report.asOf, state: report.state, preparedBy: report.preparedBy, approvedBy: report.approvedBy, generatedAt: report.generatedAt },
    },
    data: {
      'progress.jsonl': report.tasks,
      'subjects.jsonl': subjectLines(core, pack.exchange.hmacKey),
      'claims.jsonl': claims,
      'payments.jsonl': payments,
      'journal.jsonl': journalLines(core, last?.head_seq ?? 0),
    },
    fileName: bundleFileName(report.county.code, period, sequence),
    head,
  };
}

/** What the next bundle would hold, for the summary shown before it is written. */
export function previewBundle(core: Core, actor: string, period: string): { sequence: number; fileName: string; rows: Record<DataFileName, number>; fromSeq: number; headSeq: number } {
  const { base, data, fileName } = prepareBundle(core, actor, period);
  const rows = Object.fromEntries(Object.entries(data).map(([name, lines]) => [name, lines.length])) as Record<DataFileName, number>;
  return { sequence: base.sequence, fileName, rows, fromSeq: base.ledger.fromSeq, headSeq: base.ledger.headSeq };
}

/**
 * Signs and writes the next bundle for a closed quarter into `outDir` (through a temporary
 * name, renamed when complete) and journals it.
 */
export function exportBundle(core: Core, actor: string, protector: KeyProtector, period: string, outDir: string): ExportResult & { bytes: Uint8Array } {
  const prepared = prepareBundle(core, actor, period);
  const pack = activePack(core.db);
  // a key nobody has compared with the city must not sign: it is made (and its public key handed over) first
  if (!currentPublicKey(core.db)) throw new DomainError('STATE', '本机尚未生成签名密钥：请先生成密钥，把公钥文件交市局并电话核对指纹后再报送');
  const signer = installSigner(core.ledger, actor, core.dataDir, protector, pack.exchange!.algorithm);
  const packed = packBundle(prepared.base, prepared.data as Record<DataFileName, readonly unknown[]>, signer);
  const { fileName, head } = prepared;
  const sequence = prepared.base.sequence;
  const path = join(outDir, fileName);
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
