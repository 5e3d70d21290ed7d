import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Principal } from '../../../shared/domain/accounts';
import { DomainError } from '../../../shared/result';
import { accountCount } from '../accounts/repository';
import { type BackupResult, createBackup } from '../backup/backup';
import { discardStaged, replaceWithStaged, type StagedBackup, stageBackup } from '../backup/restore';
import { backupDirOf } from '../backup/schedule';
import type { Core } from '../core';
import { dataFolderOf } from '../files';
import { DATABASE_FILE, defaultDataDir, LOCATION_FILE } from '../paths';
import { settingRecorded } from '../settings/events';
import { readSetting } from '../settings/repository';

// The program's own housekeeping: where backups go, backups staged for restore, moving the data
// folder, the update server's address.

export function recordSetting(core: Core, by: Principal, key: 'backupDir' | 'updateUrl' | 'fontPath', value: string): void {
  core.ledger.append(by.username, { kind: settingRecorded.kind, entity: `setting:${key}`, payload: { key, value } });
}

export function updateUrl(core: Core): string {
  return readSetting(core.db, 'updateUrl') ?? '';
}

export function backupNow(core: Core, reason: 'manual' | 'update' = 'manual'): Promise<BackupResult> {
  return createBackup({ db: core.db, dataDir: core.dataDir, appVersion: core.appVersion }, backupDirOf(core.db, core.dataDir), reason);
}

export function listBackups(core: Core): { dir: string; files: { fileName: string; bytes: number; modifiedAt: string }[] } {
  const dir = backupDirOf(core.db, core.dataDir);
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => /^county-ledger-.+\.zip$/.test(n)) : [];
  const files = names.map((fileName) => {
    const s = statSync(join(dir, fileName));
    return { fileName, bytes: s.size, modifiedAt: s.mtime.toISOString() };
  });
  return { dir, files: files.sort((a, b) => (a.fileName < b.fileName ? 1 : -1)) };
}

export function setBackupDir(core: Core, by: Principal, path: string): string {
  if (!isAbsolute(path)) throw new DomainError('VALIDATION', '备份文件夹应为完整路径（如 E:\\台账备份）', { field: 'path' });
  try {
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, '.county-ledger-write-test'), '');
  } catch {
    throw new DomainError('VALIDATION', `无法写入文件夹「${path}」：请确认 U 盘或网络共享已连接且可写`, { field: 'path' });
  }
  recordSetting(core, by, 'backupDir', path);
  return path;
}

/** Restore and migration-package import replace everything: an administrator only, or anyone while no account exists yet (a new PC). */
export function mayReplaceData(core: Core, principal: Principal | null): void {
  if (accountCount(core.db) === 0) return;
  if (!principal) throw new DomainError('UNAUTHORIZED', '请先登录');
  if (!principal.roles.includes('admin')) throw new DomainError('FORBIDDEN', '只有管理员可以从备份恢复');
}

/** Backups unpacked and verified, waiting for the administrator to confirm; at most one per program. */
const staged = new WeakMap<Core, StagedBackup>();

export function inspectBackup(core: Core, path: string): { staged: string; summary: StagedBackup['summary'] } {
  const previous = staged.get(core);
  if (previous) discardStaged(previous);
  staged.delete(core);
  const copy = stageBackup(path, core.dataDir);
  staged.set(core, copy);
  return { staged: copy.dir, summary: copy.summary };
}

/** Replaces the running program's data with the staged copy; everyone is signed out. */
export function restoreStaged(core: Core, stagedDir: string): { summary: StagedBackup['summary']; replacedDir: string | null } {
  const copy = staged.get(core);
  if (!copy || copy.dir !== stagedDir) throw new DomainError('STATE', '请先选择备份文件并核对其内容');
  staged.delete(core);
  core.db.close();
  try {
    const { replacedDir } = replaceWithStaged(copy, core.dbPath);
    return { summary: copy.summary, replacedDir };
  } finally {
    core.reopen();
  }
}

/**
 * Moves the data to another folder (e.g. D:\县域电商台账): a backup of it is restored there,
 * location.json in the default folder points to it, and the program restarts on it. The old
 * folder stays as it was, for the administrator to delete once satisfied.
 */
export async function moveDataDir(core: Core, by: Principal, target: string, home = defaultDataDir()): Promise<{ dataDir: string; database: string }> {
  if (!isAbsolute(target)) throw new DomainError('VALIDATION', '新的数据文件夹应为完整路径', { field: 'path' });
  const dataDir = resolve(target);
  if (resolve(dirname(core.dbPath)) === dataDir) throw new DomainError('VALIDATION', '新文件夹与当前数据文件夹相同', { field: 'path' });
  const database = join(dataDir, DATABASE_FILE);
  if (existsSync(database)) throw new DomainError('CONFLICT', `文件夹「${dataDir}」中已有台账数据库，请选择空文件夹`, { field: 'path' });
  mkdirSync(dataDir, { recursive: true });
  const backup = await createBackup({ db: core.db, dataDir: core.dataDir, appVersion: core.appVersion }, join(dataDir, 'backups'), 'move');
  replaceWithStaged(stageBackup(backup.path, dataFolderOf(database)), database);
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, LOCATION_FILE), `${JSON.stringify({ dataDir, movedBy: by.username, movedAt: new Date().toISOString() }, null, 2)}\n`);
  return { dataDir, database };
}
