import { closeSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { DomainError } from '../../../shared/result';

// One writer per database file: whoever opens a ledger for writing (the desktop app, the loopback
// host, a writing CLI command) holds `<db>.lock`, naming the program, its process id and the
// moment that process started. A lock whose process is gone, or whose process id now belongs to
// a process that started later (the id was reused after a crash), is stale and taken over.
// SQLite's own locking still guards each transaction; this lock keeps a second program from
// writing under the first one's feet at all, and tells the clerk which program it is.

export const LockHolder = z.object({
  pid: z.number().int(),
  /** When the holding process started (ms since 1970), to tell a reused process id from the holder. */
  startedAt: z.number(),
  program: z.string(),
  host: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

export type DatabaseLock = { path: string; release(): void };

/** In this process: the locks already held, so one process may open its own database twice (tests, a reopen). */
const held = new Map<string, { count: number; holder: LockHolder }>();

export function lockPathOf(dbPath: string): string {
  return `${dbPath}.lock`;
}

export function processStartedAt(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}

/** Takes the database's lock for `program` (e.g. 「本机服务（npm run web）」), or refuses naming who holds it. */
export function acquireDatabaseLock(dbPath: string, program: string): DatabaseLock {
  const path = lockPathOf(dbPath);
  const mine = held.get(path);
  if (mine) {
    mine.count++;
    return releaser(path);
  }
  const holder: LockHolder = { pid: process.pid, startedAt: processStartedAt(), program, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, holder)) {
      held.set(path, { count: 1, holder });
      return releaser(path);
    }
    const other = readHolder(path);
    if (other && isLive(other)) throw inUse(dbPath, other);
    // Stale (or unreadable, i.e. torn by a crash while being written): move it aside and try again.
    // Renaming rather than deleting means two programs that both judged it stale cannot both take it.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // another program moved it first
    }
    const moved = readHolder(aside);
    if (moved && other && (moved.pid !== other.pid || moved.startedAt !== other.startedAt)) {
      // a live lock taken meanwhile by whoever removed the stale one: put it back
      try {
        linkSync(aside, path);
      } catch {
        // someone holds it again either way
      }
    }
    unlinkSync(aside);
  }
  const other = readHolder(path);
  throw inUse(dbPath, other);
}

function releaser(path: string): DatabaseLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const mine = held.get(path);
      if (!mine || --mine.count > 0) return;
      held.delete(path);
      const current = readHolder(path);
      if (current && current.pid === mine.holder.pid && current.startedAt === mine.holder.startedAt) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}

/** Writes the holder to a private file and links it in place: the link fails if a lock exists, so the file is never seen half-written. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A file system without hard links (some network shares): exclusive create instead.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'ENOTSUP') throw error;
    try {
      writeFileSync(path, JSON.stringify(holder), { flag: 'wx' });
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean
    }
  }
}

/** Removes the lock if `pid` (a process known to have died) holds it on this computer. */
export function removeLockOf(dbPath: string, pid: number): void {
  const path = lockPathOf(dbPath);
  const holder = readHolder(path);
  if (holder && holder.pid === pid && holder.host === hostname()) {
    try {
      unlinkSync(path);
    } catch {
      // gone already
    }
  }
}

export function readHolder(path: string): LockHolder | null {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the holder still runs. A lock from another computer (a shared folder) cannot be checked and counts as live. */
export function isLive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTimeOf(holder.pid);
  // A process that started well after the lock was taken only reuses the id.
  return started === null || started <= holder.startedAt + 5_000;
}

/** When a process started (ms since 1970), where the system tells (Linux /proc); null elsewhere. */
export function startTimeOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields are counted after its closing ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || !bootLine) return null;
    // USER_HZ is 100 on every Linux the app runs on (x64 and arm64)
    return Number(bootLine[1]) * 1000 + ticks * 10;
  } catch {
    return null;
  }
}

function inUse(dbPath: string, holder: LockHolder | null): DomainError {
  if (!holder) return new DomainError('DB_BUSY', `数据库「${dbPath}」正被其他程序使用，请稍后重试`);
  const since = new Date(holder.startedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const where = holder.host === hostname() ? '' : `（在电脑「${holder.host}」上）`;
  return new DomainError(
    'DB_BUSY',
    `数据库「${dbPath}」正被另一个程序使用：${holder.program}${where}，进程号 ${holder.pid}，启动于 ${since}。请先关闭该程序，或改用其他数据库文件。`,
    { holder },
  );
}
