import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Principal } from '../../../shared/domain/accounts';
import { DomainError } from '../../../shared/result';
import { parseJsonColumn } from '../db/json';
import type { Db } from '../db/open';
import { writeNewFileDurably } from '../files';
import type { Ledger } from '../ledger/ledger';
import { readSetting } from '../settings/repository';
import { openBundle } from './bundle';
import { bundleAbandoned, bundleExported, bundlePending, PENDING_BUNDLE_SETTING, PendingBundle } from './events';
import { activateNextKey, nextPublicKey } from './keys';
import { lastBundleExport } from './repository';

// Getting a signed bundle onto the disk so that the ledger and the files agree whatever moment the
// process dies at. Three steps: the bundle's digest journaled as pending; its bytes written into
// the database's own folder (exports/) under a temporary name, flushed, given its name, the folder
// flushed; then marked done. A file under a bundle's name therefore exists only if the ledger
// already holds its digest. A process that died between the steps leaves a pending bundle, which
// the next start (or the next export) settles: done if the file is whole on the disk (someone may
// have taken it to the city), abandoned if it never got there (then nobody can have it, and the
// next export reuses its sequence). The copy into a folder the clerk chose is made after, from
// a bundle the ledger already records.

/** Where every bundle this install exports is kept, whatever folder it was also written to. */
export function keptBundlePath(dataDir: string, fileName: string): string {
  return join(dataDir, 'exports', fileName);
}

export function pendingBundle(db: Db): PendingBundle | null {
  const value = readSetting(db, PENDING_BUNDLE_SETTING);
  return value === null ? null : parseJsonColumn(PendingBundle, value, '待完成的数据包');
}

/** Step 1: the digest in the ledger, checked against the last bundle in the same write. */
export function recordPending(ledger: Ledger, by: Principal, pending: PendingBundle): void {
  ledger.db.transaction(() => {
    if ((lastBundleExport(ledger.db)?.sequence ?? 0) !== pending.sequence - 1) {
      throw new DomainError('CONFLICT', `第 ${pending.sequence} 号数据包已由另一个程序生成，本次未写入，请刷新后重试`);
    }
    if (pendingBundle(ledger.db)) throw new DomainError('CONFLICT', '另一个程序正在生成数据包，请稍后重试');
    ledger.append(by.username, { kind: bundlePending.kind, entity: `bundle:${pending.sequence}`, payload: pending });
  })();
}

/** Step 2: the bytes under the bundle's name in the database's folder, durably, never over another file. */
export function writeKept(dataDir: string, fileName: string, bytes: Uint8Array): string {
  const path = keptBundlePath(dataDir, fileName);
  if (!writeNewFileDurably(path, bytes)) throw new DomainError('CONFLICT', `数据文件夹中已有 ${fileName}（不是本机账本记录的数据包），请把它移走后重试`);
  return path;
}

/** Step 3: done, and the next key the bundle announced takes over, in one commit. */
export function markDone(ledger: Ledger, by: Principal, dataDir: string, pending: PendingBundle): void {
  ledger.db.transaction(() => {
    const last = lastBundleExport(ledger.db);
    if (last?.sequence === pending.sequence && last.digest === pending.digest) return; // another start already did
    const current = pendingBundle(ledger.db);
    if (current?.sequence !== pending.sequence || current.digest !== pending.digest) {
      throw new DomainError('CONFLICT', `第 ${pending.sequence} 号数据包已被另一个程序处理，本次未完成，请刷新后重试`);
    }
    const { announces, ...exported } = pending;
    ledger.append(by.username, { kind: bundleExported.kind, entity: `bundle:${pending.sequence}`, payload: exported });
    if (announces && nextPublicKey(ledger.db)?.fingerprint === announces) activateNextKey(ledger, by, dataDir, pending.sequence);
  })();
}

/** The digest of the bundle in a file, or null when there is no whole bundle there. */
function digestOnDisk(path: string): string | null {
  if (!existsSync(path)) return null;
  try {
    return openBundle(readFileSync(path)).digest;
  } catch {
    return null;
  }
}

/** Temporary files a stopped write left beside a bundle's name: never a bundle anyone could take. */
function removeLeftovers(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) return;
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(folder)) if (name.startsWith(prefix) && name.endsWith('.part')) rmSync(join(folder, name), { force: true });
}

export type Settled = { sequence: number; fileName: string; outcome: 'done' | 'abandoned' };

/** Settles a pending bundle a stopped process left: done if its file is whole, abandoned if not. Null when nothing was pending. */
export function settlePending(ledger: Ledger, by: Principal, dataDir: string): Settled | null {
  const pending = pendingBundle(ledger.db);
  if (!pending) return null;
  const path = keptBundlePath(dataDir, pending.fileName);
  removeLeftovers(path);
  const settled = { sequence: pending.sequence, fileName: pending.fileName };
  if (digestOnDisk(path) === pending.digest) {
    markDone(ledger, by, dataDir, pending);
    return { ...settled, outcome: 'done' };
  }
  const reason = existsSync(path) ? `${pending.fileName} 与账本所记的摘要不符，未采用` : `写入 ${pending.fileName} 之前程序已停止`;
  ledger.append(by.username, { kind: bundleAbandoned.kind, entity: `bundle:${pending.sequence}`, payload: { sequence: pending.sequence, digest: pending.digest, reason } });
  return { ...settled, outcome: 'abandoned' };
}
