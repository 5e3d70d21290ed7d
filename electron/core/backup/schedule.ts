import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chinaToday } from '../../../shared/dates';
import type { Core } from '../core';
import type { Db } from '../db/open';
import { describeError } from '../log';
import { readSetting } from '../settings/repository';
import { type BackupResult, createBackup } from './backup';
import { sharedFolderOf } from '../files';

// Automatic backups: one a day on the first start of that day, of which the last 7 days' and the
// last 12 months' (each month's first) are kept, in the folder the administrator chose (a USB
// drive or a network share) or `backups/` beside the database. Other backups (manual, before a
// migration or an update) are never pruned.

export const KEEP_DAILY = 7;
export const KEEP_MONTHLY = 12;
const DAILY = /^county-ledger-.+-(\d{8})-\d{6}-daily\.zip$/;

/** Where backups go: the folder an administrator chose, else `backups/` beside the database (not in its own folder, which a backup copies). */
export function backupDirOf(db: Db, dataDir: string): string {
  try {
    const chosen = readSetting(db, 'backupDir');
    if (chosen) return chosen;
  } catch {
    // an older schema, while migrating
  }
  return join(sharedFolderOf(dataDir), 'backups');
}

/** The file names of daily backups to delete so that the last 7 days and the first of each of the last 12 months remain. */
export function dailyBackupsToPrune(names: readonly string[]): string[] {
  const daily = names
    .map((name) => ({ name, day: DAILY.exec(name)?.[1] }))
    .filter((f): f is { name: string; day: string } => f.day !== undefined)
    .sort((a, b) => (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  const days = [...new Set(daily.map((f) => f.day))].slice(0, KEEP_DAILY);
  for (const f of daily) if (days.includes(f.day)) keep.add(f.name);
  const firstOfMonth = new Map<string, string>();
  for (const f of [...daily].reverse()) if (!firstOfMonth.has(f.day.slice(0, 6))) firstOfMonth.set(f.day.slice(0, 6), f.name);
  for (const month of [...firstOfMonth.keys()].sort().reverse().slice(0, KEEP_MONTHLY)) keep.add(firstOfMonth.get(month)!);
  return daily.filter((f) => !keep.has(f.name)).map((f) => f.name);
}

function backupNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Today's daily backup, if there is none yet in the folder; then prunes. Null when one already exists. */
export async function dailyBackup(core: Core, now = new Date()): Promise<BackupResult | null> {
  const dir = backupDirOf(core.db, core.dataDir);
  const today = chinaToday(now).replace(/-/g, '');
  if (backupNames(dir).some((name) => DAILY.exec(name)?.[1] === today)) return null;
  const result = await createBackup({ db: core.db, dataDir: core.dataDir, appVersion: core.appVersion }, dir, 'daily', now);
  for (const name of dailyBackupsToPrune(backupNames(dir))) rmSync(join(dir, name), { force: true });
  return result;
}

/** Runs the daily backup after start-up without holding it up; a failure is logged, not fatal. */
export async function startDailyBackup(core: Core): Promise<void> {
  try {
    const result = await dailyBackup(core);
    if (result) core.log.info(`每日备份完成：${result.fileName}`);
  } catch (error) {
    core.log.error(`每日备份失败：${describeError(error)}`);
  }
}
