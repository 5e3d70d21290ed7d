import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../../../shared/result';
import { throttledUnlock } from '../crypto/attempts';
import { fingerprint, openPrivateKey, type SealedKey, sealPrivateKey } from '../crypto/signing';
import { KEY_FILE, KeyFile, type KeyProtector, writeKeyFile } from '../exchange/keys';
import type { Core } from '../core';
import { type BackupSummary, createBackup, sizeAndDigest } from './backup';
import { replaceWithStaged, stageBackup } from './restore';
import { createZipWriter, readZip } from './zip-stream';
import { dataFolderOf } from '../files';

// Moving to a new PC (导出迁移包): the signing key is sealed by this PC's key store and will not
// open on another. The package is a full backup plus every key file's private key re-sealed with
// a passphrase the administrator typed twice (scrypt, as the web build seals keys). Importing it
// restores the backup and seals the keys again with the new PC's own protector: the same key,
// so the city sees the same fingerprint and no rotation is needed.

export const TRANSFER_FORMAT = 'county-ledger-transfer/1';
const TRANSFER_MANIFEST = 'transfer.json';
const BACKUP_ENTRY = 'backup.zip';
const MAX_MANIFEST_BYTES = 256 * 1024;

const TransferKey = z.object({ file: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/), algorithm: KeyFile.shape.algorithm, publicKey: z.string(), fingerprint: z.string(), sealed: z.unknown() });
const TransferManifest = z.object({
  format: z.literal(TRANSFER_FORMAT),
  createdAt: z.string(),
  backup: z.object({ size: z.number().int().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  keys: z.array(TransferKey),
});

export const MIN_TRANSFER_PASSPHRASE = 8;

function checkPassphrase(passphrase: string, repeated: string): void {
  if (passphrase.length < MIN_TRANSFER_PASSPHRASE) throw new DomainError('VALIDATION', `迁移包口令至少 ${MIN_TRANSFER_PASSPHRASE} 个字符`, { field: 'passphrase' });
  if (passphrase !== repeated) throw new DomainError('VALIDATION', '两次输入的迁移包口令不一致', { field: 'repeated' });
}

/** Writes the migration package into `outDir`; the current key files open with `current` (throttled when it is a passphrase). */
export async function exportTransferPackage(core: Core, current: KeyProtector, passphrase: string, repeated: string, outDir: string): Promise<{ path: string; fileName: string; fingerprints: string[] }> {
  checkPassphrase(passphrase, repeated);
  const keysDir = join(core.dataDir, dirname(KEY_FILE));
  const keys = (existsSync(keysDir) ? readdirSync(keysDir) : [])
    .filter((name) => name.endsWith('.json') && name !== 'unlock-attempts.json')
    .sort()
    .map((name) => {
      const file = KeyFile.parse(JSON.parse(readFileSync(join(keysDir, name), 'utf8')));
      if (file.protection !== current.kind) throw new DomainError('KEY_LOCKED', `密钥文件 ${name} 的保护方式与本机不同，无法导出`);
      const open = () => current.open(file.sealed);
      const privateKey = current.kind === 'passphrase' ? throttledUnlock(keysDir, open) : open();
      return { file: name, algorithm: file.algorithm, publicKey: file.publicKey, fingerprint: file.fingerprint, sealed: sealPrivateKey(privateKey, passphrase) };
    });
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(outDir, '.transfer-'));
  try {
    const backup = await createBackup({ db: core.db, dataDir: core.dataDir, appVersion: core.appVersion }, work, 'transfer');
    const manifest = { format: TRANSFER_FORMAT, createdAt: backup.manifest.createdAt, backup: sizeAndDigest(backup.path), keys };
    const fileName = backup.fileName.replace(/-transfer\.zip$/, '.cmove');
    const path = join(outDir, fileName);
    if (existsSync(path)) throw new DomainError('CONFLICT', `迁移包「${path}」已存在`);
    const zip = createZipWriter(`${path}.part`);
    zip.addBytes(TRANSFER_MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
    zip.addFile(BACKUP_ENTRY, backup.path);
    zip.close();
    renameSync(`${path}.part`, path);
    return { path, fileName, fingerprints: keys.map((k) => k.fingerprint) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const refuse = (reason: string) => new DomainError('BACKUP_INVALID', `迁移包无法使用：${reason}。当前数据未做任何改动。`);

/**
 * On the new PC: checks the package, opens its keys with the passphrase, restores its backup into
 * `dbPath` (whose lock the caller holds) and seals the keys with this PC's protector.
 */
export function importTransferPackage(packagePath: string, passphrase: string, protector: KeyProtector, dbPath: string): { summary: BackupSummary; fingerprints: string[]; replacedDir: string | null } {
  if (!existsSync(packagePath)) throw new DomainError('NOT_FOUND', `迁移包「${packagePath}」不存在`);
  const dataDir = dataFolderOf(dbPath);
  const made = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const work = mkdtempSync(join(dataDir, '.transfer-'));
  try {
    const { manifest, backupPath } = unpackTransfer(packagePath, work);
    const opened = manifest.keys.map((key) => {
      let privateKey: string;
      try {
        // openPrivateKey checks the sealed object's every field itself
        privateKey = openPrivateKey(key.sealed as SealedKey, passphrase);
      } catch {
        throw new DomainError('KEY_LOCKED', '迁移包口令不正确');
      }
      if (fingerprint(key.algorithm, key.publicKey) !== key.fingerprint) throw refuse(`密钥 ${key.file} 的指纹与公钥不符`);
      return { ...key, privateKey };
    });
    const staged = stageBackup(backupPath, dataDir);
    try {
      for (const key of opened) {
        const path = join(staged.dir, dirname(KEY_FILE), key.file);
        const old = existsSync(path) ? KeyFile.parse(JSON.parse(readFileSync(path, 'utf8'))) : null;
        if (!old || old.fingerprint !== key.fingerprint) throw refuse(`备份中的密钥文件 ${key.file} 与迁移包所带的密钥不符`);
        writeKeyFile(path, { algorithm: key.algorithm, publicKey: key.publicKey, fingerprint: key.fingerprint, protection: protector.kind, sealed: protector.seal(key.privateKey) });
      }
      rmSync(join(staged.dir, dirname(KEY_FILE), 'unlock-attempts.json'), { force: true });
    } catch (error) {
      rmSync(staged.dir, { recursive: true, force: true });
      throw error;
    }
    const { replacedDir } = replaceWithStaged(staged, dbPath);
    return { summary: staged.summary, fingerprints: opened.map((k) => k.fingerprint), replacedDir };
  } finally {
    rmSync(work, { recursive: true, force: true });
    // a refused package leaves no trace on the new PC, not even the empty folder it was unpacked in
    if (made && readdirSync(dataDir).length === 0) rmdirSync(dataDir);
  }
}

function unpackTransfer(packagePath: string, work: string): { manifest: z.infer<typeof TransferManifest>; backupPath: string } {
  let manifest: z.infer<typeof TransferManifest> | null = null;
  const backupPath = join(work, basename(BACKUP_ENTRY));
  let sawBackup = false;
  readZip(packagePath, (name) => {
    if (!manifest) {
      if (name !== TRANSFER_MANIFEST) throw refuse('不是县域电商台账的迁移包');
      const chunks: Uint8Array[] = [];
      let size = 0;
      return {
        write(chunk) {
          size += chunk.length;
          if (size > MAX_MANIFEST_BYTES) throw refuse('迁移包清单过大');
          chunks.push(chunk);
        },
        end() {
          const parsed = TransferManifest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          if (!parsed.success) throw refuse('迁移包清单格式不对');
          manifest = parsed.data;
        },
      };
    }
    if (name !== BACKUP_ENTRY || sawBackup) throw refuse(`含有多余的文件「${name}」`);
    sawBackup = true;
    return boundedFile(backupPath, manifest.backup.size);
  });
  if (!manifest || !sawBackup) throw refuse('缺少清单或备份');
  const { backup } = manifest as z.infer<typeof TransferManifest>;
  const actual = sizeAndDigest(backupPath);
  if (actual.size !== backup.size || actual.sha256 !== backup.sha256) throw refuse('所带备份的大小或 SHA-256 与清单不符');
  return { manifest, backupPath };
}

function boundedFile(path: string, limit: number) {
  const fd = openSync(path, 'wx', 0o600);
  let size = 0;
  return {
    write(chunk: Uint8Array) {
      size += chunk.length;
      if (size > limit) {
        closeSync(fd);
        throw refuse('所带备份比清单所记的大');
      }
      writeSync(fd, chunk);
    },
    end() {
      closeSync(fd);
    },
  };
}
