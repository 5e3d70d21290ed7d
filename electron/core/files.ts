import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// The files that belong to one database (its signing keys, evidence and exported bundles) live in
// a folder named after it, so that two databases in one folder never share them; and they are
// written so that a crash leaves either the whole file under its name or none.

/** `<folder>/ledger.db` keeps its files in `<folder>/ledger.db.files/`. */
export function dataFolderOf(dbPath: string): string {
  return `${dbPath}.files`;
}

/** Where versions before the per-database folder kept them: beside the database, shared by every database there. */
export function sharedFolderOf(dataDir: string): string {
  return dirname(dataDir);
}

/**
 * Writes the bytes under a temporary name, flushes them to the disk, renames, and flushes the
 * folder so that the rename itself survives a power cut. A file of that name is replaced.
 */
export function writeFileDurably(path: string, bytes: Uint8Array | string, mode = 0o644): void {
  const temporary = writeTemporary(path, bytes, mode);
  renameSync(temporary, path);
  syncFolder(dirname(path));
}

/**
 * As writeFileDurably, but never over an existing file: the name is taken with a hard link,
 * which fails if it exists (where links are not supported, as on FAT USB sticks, a check and a
 * rename do). Returns false, writing nothing, when the name was taken.
 */
export function writeNewFileDurably(path: string, bytes: Uint8Array): boolean {
  if (existsSync(path)) return false;
  const temporary = writeTemporary(path, bytes, 0o644);
  try {
    linkSync(temporary, path);
    unlinkSync(temporary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || existsSync(path)) {
      rmSync(temporary, { force: true });
      return false;
    }
    renameSync(temporary, path);
  }
  syncFolder(dirname(path));
  return true;
}

/** The bytes in `<path>.<pid>.part`, flushed to the disk. */
function writeTemporary(path: string, bytes: Uint8Array | string, mode: number): string {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.part`;
  const fd = openSync(temporary, 'w', mode);
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  return temporary;
}

/** Flushes a folder's entries (a rename or a removal) to the disk; where folders cannot be opened (Windows) the rename is already durable. */
export function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder; nothing more can be done there
  } finally {
    closeSync(fd);
  }
}
