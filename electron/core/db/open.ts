import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { DomainError } from '../../../shared/result';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';

export type Db = Database.Database;

export type OpenOptions = {
  /** Schema version to migrate to; the latest unless a migration test asks otherwise. */
  targetVersion?: number;
  /** Path of a better-sqlite3 build for another runtime (the Electron ABI copy). */
  nativeBinding?: string;
  /** How long a write waits for another connection's write to finish before giving up (DB_BUSY). */
  busyTimeoutMs?: number;
  /** Called before pending migrations run on a database that already holds data (the app backs it up). */
  beforeMigrate?: (db: Db, from: number, to: number) => void;
};

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** The native build each open database was opened with, for further connections to the same file. */
const bindings = new WeakMap<Db, string | undefined>();

/**
 * Opens (creating if absent) a County Ledger database and brings its schema up to date.
 * A database written by a newer version of the app, or a file that is not ours, is refused
 * before anything is written to it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') assertSqliteFile(path);
  const db = new Database(path, {
    timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  bindings.set(db, options.nativeBinding);
  immediateTransactions(db);
  try {
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new DomainError(
        'DB_TOO_NEW',
        `数据库由更新版本的县域电商台账写入（结构版本 ${version}，本程序支持到 ${LATEST_SCHEMA_VERSION}），为避免损坏已拒绝打开。请升级本程序后再打开。`,
        { version, supported: LATEST_SCHEMA_VERSION },
      );
    }
    if (version === 0 && hasTables(db)) {
      throw new DomainError('DB_INVALID', `文件「${path}」不是县域电商台账数据库，已拒绝打开。`);
    }
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // A clerk's PC may lose power at any moment: a committed entry must be on disk.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Up to 256 MiB of page cache (taken only as it is used): a 100,000-row import writes about
    // 200 MB of pages, and a smaller cache spills them to the WAL mid-transaction (its commit took
    // 20 s instead of 15 s with 64 MiB, measured on the trainee import).
    db.pragma('cache_size = -262144');
    const target = options.targetVersion ?? LATEST_SCHEMA_VERSION;
    if (version > 0 && version < target) options.beforeMigrate?.(db, version, target);
    migrate(db, target);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs `work` with the page cache set to `kib` KiB, then puts the connection's own size back. One
 * long write transaction (a bundle's import) keeps every dirty page in the cache until it commits;
 * a small cache spills them to the WAL as it goes, so memory stays bounded by the cache.
 */
export function withPageCache<T>(db: Db, kib: number, work: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.abs(Math.trunc(kib))}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${before}`);
  }
}

/** Opens an existing database for reading only (audits): nothing is migrated or written. */
export function openDatabaseReadOnly(path: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): Db {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `数据库文件「${path}」不存在`);
  assertSqliteFile(path);
  const db = new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const version = schemaVersion(db);
  if (version !== LATEST_SCHEMA_VERSION) {
    db.close();
    throw new DomainError(
      version > LATEST_SCHEMA_VERSION ? 'DB_TOO_NEW' : 'DB_INVALID',
      `数据库结构版本为 ${version}，本程序只能只读校验版本 ${LATEST_SCHEMA_VERSION} 的数据库`,
    );
  }
  return db;
}

/**
 * Every transaction on a ledger connection begins IMMEDIATE: it takes the write lock at BEGIN and,
 * if another connection is writing, waits up to the busy timeout. A DEFERRED one would read first
 * and then fail at once with SQLITE_BUSY when it tried to write after the other had committed.
 * Nested transactions stay savepoints, as before.
 */
function immediateTransactions(db: Db): void {
  const transaction = db.transaction.bind(db);
  // .immediate carries the same default/deferred/immediate/exclusive members as the default variant
  db.transaction = ((fn: (...args: never[]) => unknown) => transaction(fn).immediate) as Db['transaction'];
}

/** SQLite's "the database is locked" (another connection's write outlasted the busy timeout). */
export function isBusyError(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export const BUSY_MESSAGE = '数据库正被其他程序使用，请稍后重试';

export function sqliteVersion(db: Db): string {
  return db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? '';
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every pending migration up to `target` in one transaction. */
export function migrate(db: Db, target: number = LATEST_SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (target > LATEST_SCHEMA_VERSION || target < current) {
    throw new RangeError(`无法从结构版本 ${current} 迁移到 ${target}`);
  }
  if (current === target) return;
  db.transaction(() => {
    for (let v = current; v < target; v++) {
      const migration = MIGRATIONS[v];
      if (!migration) throw new RangeError(`缺少第 ${v + 1} 个迁移`);
      migration.up(db);
    }
    db.pragma(`user_version = ${target}`);
  })();
}

function hasTables(db: Db): boolean {
  return (db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()?.n ?? 0) > 0;
}

function assertSqliteFile(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new DomainError('DB_INVALID', `文件「${path}」不是 SQLite 数据库，已拒绝打开。`);
  }
}

/**
 * A second, read-only connection to the same file, holding one read transaction until it is
 * closed: with WAL it keeps seeing the database as it was when opened, while the app's own
 * connection goes on writing. For long reads (a bundle export) that let other work run between
 * their pieces. Null for an in-memory database, which has no second connection.
 */
export function openReadSnapshot(db: Db): { db: Db; close(): void } | null {
  if (db.memory) return null;
  const nativeBinding = bindings.get(db);
  const snapshot = new Database(db.name, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    snapshot.exec('BEGIN');
    // a read transaction takes its snapshot at its first read
    snapshot.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    snapshot.close();
    throw error;
  }
  return {
    db: snapshot,
    close: () => {
      try {
        snapshot.exec('COMMIT');
      } finally {
        snapshot.close();
      }
    },
  };
}
