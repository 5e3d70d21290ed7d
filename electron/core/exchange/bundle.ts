import { createHash, hash } from 'node:crypto';
import { strFromU8, strToU8, Zip, ZipDeflate } from 'fflate';
import {
  type Algorithm,
  BundleSignature,
  type BundleSummary,
  DATA_FILES,
  type DataFileName,
  JournalLine,
  MANIFEST_NAME,
  Manifest,
  type ManifestFile,
  SIGNATURE_NAME,
} from '../../../shared/domain/exchange';
import { DomainError, type ErrorCode } from '../../../shared/result';
import { canonicalJson } from '../ledger/canonical';
import { entryHash } from '../ledger/ledger';
import { streamLines } from './bundle-lines';
import { centralDirectory, readEntry, ZipError, type ZipEntry } from './zip';

// Writing and checking bundles, with no database: what goes in (manifest, JSON Lines, signature)
// and every reason the city refuses one, each with its own error code. The manifest is stored
// as canonical JSON, so its bytes are what is signed and what the bundle's digest is taken over.

export type Signer = { algorithm: Algorithm; publicKey: string; fingerprint: string; sign: (message: Uint8Array) => string };
export type Verifier = (algorithm: Algorithm, publicKey: string, message: Uint8Array, signature: string) => boolean;

const sha256 = (bytes: Uint8Array) => hash('sha256', bytes, 'hex');

function refuse(code: ErrorCode, message: string, details?: unknown): never {
  throw new DomainError(code, message, details);
}

/** One data file's lines, each a JSON text without its newline, read as the file is written. */
export type Lines = Iterable<string>;

/**
 * Rows as JSON Lines. The lines need stable bytes, not canonical ones (only the manifest is
 * signed, and it pins each file by digest), so the writer's own key order serves and
 * JSON.stringify does the work.
 */
export function* rowLines(rows: Iterable<unknown>): Lines {
  for (const row of rows) yield JSON.stringify(row);
}

export type PackedBundle = { bytes: Uint8Array; manifest: Manifest; digest: string };

/** Lines are gathered into pieces of about this many characters before they are hashed and compressed. */
const PIECE = 1 << 20;

/**
 * Builds the zip as the lines arrive: each data file is hashed and deflated a piece at a time,
 * so no file's rows or text are ever held whole; the manifest (which needs every file's size,
 * row count and digest) and the signature go in last. The entries carry the manifest's creation
 * time and the pieces are cut at the same places for the same lines, so the bytes are reproducible.
 *
 * A generator: after each piece it yields how many lines are written so far, so the caller can
 * show progress and let other work run between pieces. Its return value is the bundle.
 */
export function* packBundle(base: Omit<Manifest, 'files' | 'key'>, data: Record<DataFileName, Lines>, signer: Signer): Generator<number, PackedBundle, void> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  const mtime = new Date(base.createdAt);
  const entry = (name: string) => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    return file;
  };
  let written = 0;
  const files: ManifestFile[] = [];
  for (const name of DATA_FILES) {
    const file = entry(name);
    const digest = createHash('sha256');
    let bytes = 0;
    let rows = 0;
    let pending: string[] = [];
    let size = 0;
    const flush = (final: boolean) => {
      const piece = Buffer.from(pending.join(''), 'utf8');
      digest.update(piece);
      bytes += piece.length;
      file.push(piece, final);
      written += pending.length / 2;
      pending = [];
      size = 0;
    };
    for (const line of data[name]) {
      pending.push(line, '\n');
      size += line.length + 1;
      rows++;
      if (size >= PIECE) {
        flush(false);
        yield written;
      }
    }
    flush(true);
    yield written;
    files.push({ name, bytes, rows, sha256: digest.digest('hex') });
  }
  const manifest: Manifest = { ...base, key: { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint }, files };
  const manifestBytes = strToU8(canonicalJson(manifest));
  const signature: BundleSignature = { algorithm: signer.algorithm, signature: signer.sign(manifestBytes) };
  entry(MANIFEST_NAME).push(manifestBytes, true);
  entry(SIGNATURE_NAME).push(strToU8(canonicalJson(signature)), true);
  zip.end();
  if (failure) throw failure;
  return { bytes: Buffer.concat(chunks), manifest, digest: sha256(manifestBytes) };
}

export type OpenedBundle = {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  digest: string;
  signature: BundleSignature;
  /** The data files the zip's directory lists, not yet inflated: verifyBundle reads each within what the signed manifest says it holds. */
  data: ReadonlyMap<string, ZipEntry>;
  bytes: Uint8Array;
};

/** manifest.json and the signature are read before anything is verified: they may declare no more than this. */
export const MAX_MANIFEST_BYTES = 1 << 20;
const MAX_SIGNATURE_BYTES = 64 << 10;
/** No data file of a bundle may be larger (a county with 100,000 subjects writes about 40 MB). */
export const MAX_DATA_FILE_BYTES = 256 << 20;

const KNOWN_NAMES: readonly string[] = [MANIFEST_NAME, SIGNATURE_NAME, ...DATA_FILES];

/**
 * Reads the zip's directory (nothing inflated), refuses names that are not a bundle's or that
 * occur twice (with two copies, which one counts would depend on the reader), then inflates the
 * manifest and the signature alone, each within its cap. The data files wait for verifyBundle.
 */
export function openBundle(bytes: Uint8Array): OpenedBundle {
  let directory: ZipEntry[];
  try {
    directory = centralDirectory(bytes);
  } catch (error) {
    return refuse('BUNDLE_MANIFEST', `文件不是有效的数据包（无法解压${error instanceof ZipError ? `：${error.message}` : ''}）`);
  }
  const entries = new Map<string, ZipEntry>();
  for (const entry of directory) {
    if (entries.has(entry.name)) refuse('BUNDLE_FILES', `数据包中 ${entry.name} 出现了不止一次，已拒绝（无法确定哪一份是导出时的内容）`);
    entries.set(entry.name, entry);
  }
  const unknown = [...entries.keys()].filter((n) => !KNOWN_NAMES.includes(n));
  if (unknown.length) refuse('BUNDLE_FILES', `数据包文件与清单不符：多出 ${unknown.join('、')}`);

  const manifestEntry = entries.get(MANIFEST_NAME);
  if (!manifestEntry) return refuse('BUNDLE_MANIFEST', '数据包中没有 manifest.json');
  const manifestBytes = readCapped(bytes, manifestEntry, MAX_MANIFEST_BYTES, 'BUNDLE_MANIFEST');
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(manifestBytes));
  } catch {
    return refuse('BUNDLE_MANIFEST', 'manifest.json 不是有效的 JSON');
  }
  const manifest = Manifest.safeParse(parsed);
  if (!manifest.success) {
    const issue = manifest.error.issues[0];
    return refuse('BUNDLE_MANIFEST', `manifest.json 内容无效：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const signatureEntry = entries.get(SIGNATURE_NAME);
  if (!signatureEntry) return refuse('BUNDLE_SIGNATURE', '数据包没有签名');
  let signature: BundleSignature;
  try {
    signature = BundleSignature.parse(JSON.parse(strFromU8(readCapped(bytes, signatureEntry, MAX_SIGNATURE_BYTES, 'BUNDLE_SIGNATURE'))));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    return refuse('BUNDLE_SIGNATURE', '数据包的签名无法读取');
  }
  entries.delete(MANIFEST_NAME);
  entries.delete(SIGNATURE_NAME);
  return { manifest: manifest.data, manifestBytes, digest: sha256(manifestBytes), signature, data: entries, bytes };
}

/** One entry inflated within a cap; a refusal names the file and carries the given code. */
function readCapped(bytes: Uint8Array, entry: ZipEntry, cap: number, code: ErrorCode): Uint8Array {
  try {
    return readEntry(bytes, entry, cap);
  } catch (error) {
    if (error instanceof ZipError) return refuse(code, `数据包中的 ${error.message}`);
    throw error;
  }
}

/** What the city trusts: its key registry, the last bundle it accepted from this county, the packs it knows. */
export type Trust = {
  keys: readonly { county: string; algorithm: Algorithm; publicKey: string; fingerprint: string }[];
  last: { sequence: number; digest: string; headSeq: number; headHash: string } | null;
  packDigests: readonly string[];
  /** The chain's start for a county's first bundle. */
  genesisHash: string;
};

export type VerifiedBundle = { manifest: Manifest; digest: string; rows: Record<DataFileName, unknown[]>; journal: JournalLine[] };

/**
 * Where a streamed bundle's rows go, a piece at a time: each data file's rows in order (journal
 * lines already checked against the chain), so no file's rows are ever held whole. A piece may be
 * handed on before its file's SHA-256 is known; the caller works inside a transaction, which the
 * refusal at the end of a changed file rolls back.
 */
export type BundleSink = (file: DataFileName, rows: unknown[]) => void;

export { ROWS_PER_PIECE } from './bundle-lines';

/** The journal first (its chain and settings), then the report's rows, then the lists. */
const READ_ORDER: readonly DataFileName[] = ['journal.jsonl', 'progress.jsonl', 'subjects.jsonl', 'claims.jsonl', 'payments.jsonl'];

/**
 * Every check, in the order that names the real cause: who signed it, that the signature holds,
 * that the files are exactly those listed, the policy pack, the sequence, then each file streamed:
 * unchanged (its size, SHA-256 and row count as the signed manifest gives them) and, for the
 * journal, continuing the head the city last accepted. Holds the rows whole; the city's import
 * streams them with streamBundle instead.
 */
export function verifyBundle(opened: OpenedBundle, trust: Trust, verifier: Verifier): VerifiedBundle {
  const rows = Object.fromEntries(DATA_FILES.map((name) => [name, [] as unknown[]])) as Record<DataFileName, unknown[]>;
  const { manifest, digest, journal } = streamBundle(opened, trust, verifier, (file, piece) => {
    for (const row of piece) rows[file].push(row);
  });
  return { manifest, digest, rows, journal };
}

/**
 * verifyBundle without holding the rows: each file is inflated a slice at a time within the size
 * the signed manifest gives it, hashed as it goes, cut into lines and parsed, and handed to the
 * sink ROWS_PER_PIECE at a time. Returns the journal lines that carry their payload (the settings
 * and readings the city keeps are among them) — not the whole journal.
 */
export function streamBundle(opened: OpenedBundle, trust: Trust, verifier: Verifier, sink: BundleSink): { manifest: Manifest; digest: string; journal: JournalLine[] } {
  const { manifest, manifestBytes, signature } = opened;
  const county = `${manifest.county.name}（${manifest.county.code}）`;

  const key = trust.keys.find((k) => k.fingerprint === manifest.key.fingerprint && k.publicKey === manifest.key.publicKey);
  if (!key) refuse('BUNDLE_KEY', `签名密钥（指纹 ${manifest.key.fingerprint}）未在市级密钥登记中，请先导入并核对${county}的公钥`);
  if (key.county !== manifest.county.code) refuse('BUNDLE_KEY', `签名密钥（指纹 ${key.fingerprint}）登记为 ${key.county} 的密钥，不能为${county}签名`);
  if (signature.algorithm !== key.algorithm || !verifier(key.algorithm, key.publicKey, manifestBytes, signature.signature)) {
    refuse('BUNDLE_SIGNATURE', `数据包签名验证失败：manifest.json 或签名在导出后被改动，或签名不是${county}登记的密钥所签`);
  }

  const listed = manifest.files.map((f) => f.name).sort();
  const present = [...opened.data.keys()].sort();
  const missing = listed.filter((n) => !present.includes(n));
  const added = present.filter((n) => !listed.includes(n));
  const unknown = listed.filter((n) => !(DATA_FILES as readonly string[]).includes(n));
  if (missing.length || added.length || unknown.length || listed.length !== DATA_FILES.length) {
    refuse('BUNDLE_FILES', `数据包文件与清单不符：${[missing.length ? `缺少 ${missing.join('、')}` : '', added.length ? `多出 ${added.join('、')}` : '', unknown.length ? `清单中有未知文件 ${unknown.join('、')}` : ''].filter(Boolean).join('；') || '清单不完整'}`);
  }
  for (const file of manifest.files) {
    if (file.bytes > MAX_DATA_FILE_BYTES) refuse('BUNDLE_FILE', `${file.name} 记为 ${file.bytes} 字节，超过单个文件的上限 ${MAX_DATA_FILE_BYTES} 字节`);
    const entry = opened.data.get(file.name)!;
    if (entry.declaredSize !== file.bytes) refuse('BUNDLE_FILE', `${file.name} 的大小为 ${entry.declaredSize} 字节，清单记为 ${file.bytes} 字节`);
  }

  if (!trust.packDigests.includes(manifest.pack.digest)) {
    refuse('BUNDLE_PACK', `数据包按政策包 ${manifest.pack.id} ${manifest.pack.version}（摘要 ${manifest.pack.digest.slice(0, 16)}…）填报，市里没有载入这个政策包`);
  }
  const expected = (trust.last?.sequence ?? 0) + 1;
  if (manifest.sequence < expected) refuse('BUNDLE_REPLAY', `${county}第 ${manifest.sequence} 号数据包已经导入过（已接收到第 ${expected - 1} 号），不能重复导入`);
  if (manifest.sequence > expected) refuse('BUNDLE_GAP', `${county}的数据包编号不连续：应为第 ${expected} 号，收到第 ${manifest.sequence} 号，请先导入中间缺少的数据包`);
  if (manifest.previousBundleDigest !== (trust.last?.digest ?? null)) {
    refuse('BUNDLE_PREVIOUS', `${county}第 ${manifest.sequence} 号数据包所记的上一个数据包摘要与市里最后接收的不符`);
  }

  const chain = journalChain(manifest, trust, county);
  const kept: JournalLine[] = [];
  for (const name of READ_ORDER) {
    const file = manifest.files.find((f) => f.name === name)!;
    streamLines(opened.bytes, opened.data.get(name)!, file, (rows) => {
      if (name === 'journal.jsonl') {
        for (const row of rows) {
          const line = chain.next(row);
          if (line.payload !== null) kept.push(line);
        }
      }
      sink(name, rows);
    });
    if (name === 'journal.jsonl') chain.end();
  }
  return { manifest, digest: opened.digest, journal: kept };
}

/** What the city and the CLI report of a bundle that passed every check. */
export function bundleSummary(verified: Pick<VerifiedBundle, 'manifest' | 'digest'>, file: string): BundleSummary {
  const m = verified.manifest;
  return {
    ok: true,
    file,
    digest: verified.digest,
    county: m.county,
    period: m.period,
    sequence: m.sequence,
    fingerprint: m.key.fingerprint,
    rows: Object.fromEntries(m.files.map((f) => [f.name, f.rows])),
    journal: { fromSeq: m.ledger.fromSeq, headSeq: m.ledger.headSeq },
  };
}

/** The journal's lines checked one by one: each continues the last, and each payload that travels matches its hash. */
function journalChain(manifest: Manifest, trust: Trust, county: string): { next(raw: unknown): JournalLine; end(): void } {
  const broken = (why: string): never => refuse('BUNDLE_CHAIN', `${county}的账本记录不连续，历史可能被改写：${why}`);
  const startHash = trust.last?.headHash ?? trust.genesisHash;
  const startSeq = trust.last?.headSeq ?? 0;
  if (manifest.ledger.fromSeq !== startSeq || manifest.ledger.fromHash !== startHash) {
    broken(`本包从第 ${manifest.ledger.fromSeq} 条之后接续，市里最后接收的账本末尾是第 ${startSeq} 条（哈希 ${startHash.slice(0, 12)}…）`);
  }
  let prevHash = startHash;
  let seq = startSeq;
  return {
    next(raw) {
      const parsed = JournalLine.safeParse(raw);
      if (!parsed.success) return broken(`第 ${seq + 1} 条记录格式无效`);
      const e = parsed.data;
      if (e.seq !== seq + 1) broken(`第 ${seq} 条之后应为第 ${seq + 1} 条，实为第 ${e.seq} 条`);
      if (e.prevHash !== prevHash) broken(`第 ${e.seq} 条记录的前序哈希与第 ${seq} 条的哈希不符`);
      if (e.payload !== null) {
        if (hash('sha256', e.payload, 'hex') !== e.payloadSha256) broken(`第 ${e.seq} 条记录的内容与其摘要不符`);
        const recomputed = entryHash({ seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, entity: e.entity, payload: e.payload, prev_hash: e.prevHash });
        if (recomputed !== e.hash) broken(`第 ${e.seq} 条记录的哈希与内容不符`);
      }
      prevHash = e.hash;
      seq = e.seq;
      return e;
    },
    end() {
      if (seq !== manifest.ledger.headSeq || prevHash !== manifest.ledger.headHash) broken(`记录末尾（第 ${seq} 条）与清单所记的账本末尾（第 ${manifest.ledger.headSeq} 条）不符`);
    },
  };
}
