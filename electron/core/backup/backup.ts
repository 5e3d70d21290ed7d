import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/open';
import { schemaVersion } from '../db/open';
import { snapshotDatabase, snapshotDatabaseSync } from '../db/snapshot';
import { journalCount, journalHead } from '../ledger/repository';
import { activePack, installRole } from '../policy/repository';
import { quarterStates } from '../progress/repository';
import { createZipWriter } from './zip-stream';
import { sharedFolderOf } from '../files';

// A backup is one zip: manifest.json first (what it holds and the SHA-256 of every file), then a
// consistent copy of the database, the evidence files and the sealed key files. The manifest
// names the ledger's head, so a restore can show what it would bring back before touching anything.

export const BACKUP_FORMAT = 'county-ledger-backup/1';
export const MANIFEST_NAME = 'manifest.json';
export const DATABASE_ENTRY = 'database/ledger.db';
/** The folders beside the database that belong to it, as they are named inside a backup. */
export const DATA_FOLDERS = ['evidence', 'keys'] as const;

export const BackupReason = z.enum(['manual', 'daily', 'migration', 'update', 'move', 'transfer']);
export type BackupReason = z.infer<typeof BackupReason>;

const FileEntry = z.object({ name: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  reason: BackupReason,
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int().min(1),
  install: z.object({ role: z.enum(['county', 'city']).nullable(), county: z.object({ code: z.string(), name: z.string() }).nullable() }),
  ledger: z.object({ entries: z.number().int().min(0), headSeq: z.number().int().min(0), headHash: z.string() }),
  lastClosedQuarter: z.string().nullable(),
  files: z.array(FileEntry).min(1),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** What the clerk is shown about a backup before it is restored. */
export type BackupSummary = Pick<BackupManifest, 'reason' | 'createdAt' | 'appVersion' | 'schemaVersion' | 'install' | 'ledger' | 'lastClosedQuarter'> & { files: number; bytes: number };

export type BackupResult = { path: string; fileName: string; manifest: BackupManifest };

export type BackupSource = { db: Db; dataDir: string; appVersion: string };

/** The manual and daily backup: SQLite's online backup lets calls go on while it copies. */
export async function createBackup(source: BackupSource, outDir: string, reason: BackupReason, now = new Date()): Promise<BackupResult> {
  const work = workFolder(outDir);
  try {
    const snapshot = join(work, 'ledger.db');
    await snapshotDatabase(source.db, snapshot);
    return packBackup(source, snapshot, outDir, reason, now);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The same, synchronously: before a migration, inside the opening of the database. */
export function createBackupSync(source: BackupSource, outDir: string, reason: BackupReason, now = new Date()): BackupResult {
  const work = workFolder(outDir);
  try {
    const snapshot = join(work, 'ledger.db');
    snapshotDatabaseSync(source.db, snapshot);
    return packBackup(source, snapshot, outDir, reason, now);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function workFolder(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  // unique even for two backups started in the same millisecond (a manual one and one before an update)
  return mkdtempSync(join(outDir, '.backup-'));
}

export function backupFileName(manifest: Pick<BackupManifest, 'install' | 'createdAt' | 'reason'>): string {
  const who = manifest.install.county?.code ?? manifest.install.role ?? 'ledger';
  // China time, so a day's backup is named after the clerk's day
  const stamp = new Date(Date.parse(manifest.createdAt) + 8 * 3600_000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `county-ledger-${who}-${stamp}-${manifest.reason}.zip`;
}

function packBackup(source: BackupSource, snapshot: string, outDir: string, reason: BackupReason, now: Date): BackupResult {
  const files: { name: string; path: string }[] = [{ name: DATABASE_ENTRY, path: snapshot }];
  for (const folder of DATA_FOLDERS) {
    for (const path of filesUnder(join(source.dataDir, folder))) files.push({ name: `${folder}/${relative(join(source.dataDir, folder), path).split(sep).join('/')}`, path });
  }
  // evidence an install from before the per-database folder left beside the database is still read
  // there (evidence.ts), so it is backed up too, and a restore puts it in the database's own folder
  const legacy = join(sharedFolderOf(source.dataDir), 'evidence');
  const taken = new Set(files.map((f) => f.name));
  for (const path of filesUnder(legacy)) {
    const name = `evidence/${relative(legacy, path).split(sep).join('/')}`;
    if (!taken.has(name)) files.push({ name, path });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    reason,
    createdAt: now.toISOString(),
    appVersion: source.appVersion,
    ...describeDatabase(source.db),
    files: files.map((f) => ({ name: f.name, ...sizeAndDigest(f.path) })),
  };
  // two backups in one second (a manual one, then one before an update) each get their own name
  let fileName = backupFileName(manifest);
  for (let n = 2; existsSync(join(outDir, fileName)); n++) fileName = backupFileName(manifest).replace(/\.zip$/, `-${n}.zip`);
  const path = join(outDir, fileName);
  const partial = `${path}.part`;
  rmSync(partial, { force: true });
  const zip = createZipWriter(partial);
  try {
    zip.addBytes(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest, null, 2)));
    for (const file of files) zip.addFile(file.name, file.path);
    zip.close();
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, path);
  return { path, fileName, manifest };
}

/** Schema version, install, ledger head and last closed quarter of a database (tolerating an older schema). */
export function describeDatabase(db: Db): Pick<BackupManifest, 'schemaVersion' | 'install' | 'ledger' | 'lastClosedQuarter'> {
  const head = journalHead(db) ?? { seq: 0, hash: '0'.repeat(64) };
  return {
    schemaVersion: schemaVersion(db),
    install: orNull(() => {
      const role = installRole(db);
      const county = role?.role === 'county' ? activePack(db).counties.find((c) => c.code === role.county) : undefined;
      return { role: role?.role ?? null, county: county ? { code: county.code, name: county.name } : null };
    }) ?? { role: null, county: null },
    ledger: { entries: journalCount(db), headSeq: head.seq, headHash: head.hash },
    lastClosedQuarter: orNull(() => [...quarterStates(db)].filter(([, state]) => state === 'closed').map(([q]) => q).sort().at(-1) ?? null),
  };
}

function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    // a table an older schema does not have yet
    return null;
  }
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (!name.endsWith('.tmp')) out.push(full);
  }
  return out;
}

export function sizeAndDigest(path: string): { size: number; sha256: string } {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  let size = 0;
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { size, sha256: hash.digest('hex') };
}

export function summaryOf(manifest: BackupManifest): BackupSummary {
  const { files, format: _format, ...rest } = manifest;
  return { ...rest, files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) };
}
