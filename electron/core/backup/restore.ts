import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DomainError } from '../../../shared/result';
import { fingerprint } from '../crypto/signing';
import { openDatabase } from '../db/open';
import { ALL_EVENTS } from '../events';
import { currentPublicKey, KEY_FILE, KeyFile } from '../exchange/keys';
import { Ledger } from '../ledger/ledger';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { BackupManifest, type BackupSummary, DATA_FOLDERS, DATABASE_ENTRY, MANIFEST_NAME, summaryOf } from './backup';
import { readZip } from './zip-stream';
import { dataFolderOf } from '../files';

// Restoring: the backup is checked whole before anything of the current data is touched. Every
// file is unpacked into a staging folder beside the database with its size capped at the size
// the manifest gives and its SHA-256 compared; the copy is opened (and brought to this version's
// schema) and its whole ledger verified, chain and state; only then are the current files moved
// aside into replaced-<time>/ and the copy moved in. A refusal leaves the data folder as it was.

const MAX_MANIFEST_BYTES = 1024 * 1024;
const ENTRY_NAME = /^(database\/ledger\.db|evidence\/[0-9a-f]{2}\/[0-9a-f]{64}|keys\/[A-Za-z0-9._-]{1,100})$/;

export type StagedBackup = { dir: string; manifest: BackupManifest; summary: BackupSummary };

const refuse = (reason: string) => new DomainError('BACKUP_INVALID', `备份文件无法使用：${reason}。当前数据未做任何改动。`);

/**
 * Unpacks and verifies a backup into a staging folder inside `dataDir`. Throws BACKUP_INVALID
 * (removing the staging folder) if anything does not hold.
 */
export function stageBackup(backupPath: string, dataDir: string): StagedBackup {
  if (!existsSync(backupPath)) throw new DomainError('NOT_FOUND', `备份文件「${backupPath}」不存在`);
  mkdirSync(dataDir, { recursive: true });
  const dir = mkdtempSync(join(dataDir, '.restore-'));
  try {
    const manifest = unpack(backupPath, dir);
    verifyCopy(dir, manifest);
    return { dir, manifest, summary: summaryOf(manifest) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (error instanceof DomainError && error.code !== 'INTERNAL') throw error;
    throw refuse(`不是有效的备份（${error instanceof Error ? error.message : String(error)}）`);
  }
}

function unpack(backupPath: string, dir: string): BackupManifest {
  let manifest: BackupManifest | null = null;
  const expected = new Map<string, { size: number; sha256: string }>();
  const seen = new Set<string>();
  readZip(backupPath, (name) => {
    if (!manifest) {
      if (name !== MANIFEST_NAME) throw refuse('第一个文件不是备份清单 manifest.json');
      const chunks: Uint8Array[] = [];
      let size = 0;
      return {
        write(chunk) {
          size += chunk.length;
          if (size > MAX_MANIFEST_BYTES) throw refuse('备份清单过大');
          chunks.push(chunk);
        },
        end() {
          manifest = parseManifest(Buffer.concat(chunks));
          for (const file of manifest.files) {
            if (!ENTRY_NAME.test(file.name)) throw refuse(`清单中的文件名「${file.name}」不允许`);
            if (expected.has(file.name)) throw refuse(`清单中的文件「${file.name}」重复`);
            if (file.name.startsWith('evidence/') && basename(file.name) !== file.sha256) throw refuse(`证据文件「${file.name}」的名称与其 SHA-256 不符`);
            expected.set(file.name, file);
          }
          if (!expected.has(DATABASE_ENTRY)) throw refuse('清单中没有数据库文件');
        },
      };
    }
    const want = expected.get(name);
    if (!want) throw refuse(`含有清单之外的文件「${name}」`);
    if (seen.has(name)) throw refuse(`文件「${name}」出现了两次`);
    seen.add(name);
    return fileSink(join(dir, ...name.split('/')), name, want);
  });
  if (!manifest) throw refuse('缺少备份清单 manifest.json');
  for (const name of expected.keys()) if (!seen.has(name)) throw refuse(`缺少清单中的文件「${name}」`);
  return manifest;
}

function parseManifest(bytes: Buffer): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw refuse('备份清单不是有效的 JSON');
  }
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) throw refuse(`备份清单格式不对（${parsed.error.issues[0]?.path.join('.') ?? ''}）`);
  return parsed.data;
}

/** Writes one entry, never more bytes than the manifest gives, and checks its digest at the end. */
function fileSink(path: string, name: string, want: { size: number; sha256: string }) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'wx', 0o600);
  const hash: Hash = createHash('sha256');
  let size = 0;
  return {
    write(chunk: Uint8Array) {
      size += chunk.length;
      if (size > want.size) throw refuse(`文件「${name}」比清单所记的大`);
      hash.update(chunk);
      writeSync(fd, chunk);
    },
    end() {
      fsyncSync(fd);
      closeSync(fd);
      if (size !== want.size || hash.digest('hex') !== want.sha256) throw refuse(`文件「${name}」的大小或 SHA-256 与清单不符（文件被改动或损坏）`);
    },
  };
}

/** Opens the unpacked copy, verifies its whole ledger and its key file against the manifest. */
function verifyCopy(dir: string, manifest: BackupManifest): void {
  const db = openDatabase(join(dir, ...DATABASE_ENTRY.split('/')));
  try {
    const ledger = new Ledger(db, ALL_EVENTS);
    const chain = ledger.verify();
    if (!chain.ok) throw refuse(`账本校验未通过：${chain.reason}`);
    if (chain.headSeq !== manifest.ledger.headSeq || chain.headHash !== manifest.ledger.headHash) throw refuse('账本末尾与备份清单所记的不符');
    const rebuilt = rebuildFromJournal(ledger, ALL_EVENTS);
    try {
      const differences = compareState(db, rebuilt);
      if (differences.length > 0) throw refuse(`数据与账本记录不一致：${differences.map((d) => d.table).join('、')}`);
    } finally {
      rebuilt.close();
    }
    const keyPath = join(dir, KEY_FILE);
    const registered = currentPublicKey(db);
    if (existsSync(keyPath)) {
      const file = KeyFile.safeParse(JSON.parse(readFileSync(keyPath, 'utf8')));
      const own = file.success ? fingerprint(file.data.algorithm, file.data.publicKey) : null;
      if (!file.success || !registered || own !== registered.fingerprint || file.data.fingerprint !== own) throw refuse('签名密钥文件与账本登记的公钥不一致');
    }
  } finally {
    db.close();
  }
}

/**
 * Moves the current database and its folders aside into replaced-<time>/ and the staged copy in.
 * The caller holds the database's lock and has closed its own connection.
 */
export function replaceWithStaged(staged: StagedBackup, dbPath: string, now = new Date()): { replacedDir: string | null } {
  const dataDir = dataFolderOf(dbPath);
  const current = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, ...DATA_FOLDERS.map((f) => join(dataDir, f))].filter((p) => existsSync(p));
  let replacedDir: string | null = null;
  if (current.length > 0) {
    replacedDir = join(dataDir, `replaced-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${process.pid}`);
    mkdirSync(replacedDir);
    for (const path of current) renameSync(path, join(replacedDir, basename(path)));
  }
  renameSync(join(staged.dir, ...DATABASE_ENTRY.split('/')), dbPath);
  mkdirSync(dataDir, { recursive: true });
  for (const folder of DATA_FOLDERS) {
    const from = join(staged.dir, folder);
    if (existsSync(from)) renameSync(from, join(dataDir, folder));
  }
  rmSync(staged.dir, { recursive: true, force: true });
  return { replacedDir };
}

export function discardStaged(staged: StagedBackup): void {
  rmSync(staged.dir, { recursive: true, force: true });
}
