import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../shared/result';
import { sharedFolderOf, writeFileDurably } from './files';

// The evidence store in the database's own folder: files kept under their SHA-256
// (evidence/ab/abcd…), written once through a temporary name, and read back only if they still
// have that hash. Versions before the per-database folder kept evidence beside the database;
// those files are read where they are (another database in that folder may pin the same file).

export function evidencePath(dataDir: string, sha256: string): string {
  return join(dataDir, 'evidence', sha256.slice(0, 2), sha256);
}

/** Copies the bytes into the store (once per content) and returns their SHA-256. */
export function storeEvidence(dataDir: string, fileName: string, bytes: Buffer): string {
  if (bytes.length === 0) throw new DomainError('VALIDATION', `文件「${fileName}」是空文件`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = evidencePath(dataDir, sha256);
  if (!existsSync(path)) writeFileDurably(path, bytes);
  return sha256;
}

/** The stored file, refused if it is missing or no longer has the hash the journal pinned. */
export function readStoredEvidence(dataDir: string, sha256: string, fileName: string): Buffer {
  const path = [evidencePath(dataDir, sha256), evidencePath(sharedFolderOf(dataDir), sha256)].find((p) => existsSync(p));
  if (!path) throw new DomainError('LEDGER_BROKEN', `证据文件「${fileName}」已从数据文件夹中丢失`);
  const bytes = readFileSync(path);
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new DomainError('LEDGER_BROKEN', `证据文件「${fileName}」已被改动，与登记时的 SHA-256 不符`);
  return bytes;
}
