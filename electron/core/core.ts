import { userInfo } from 'node:os';
import { type Principal, ROLES } from '../../shared/domain/accounts';
import { Sessions } from './accounts/sessions';
import { createBackupSync } from './backup/backup';
import { backupDirOf } from './backup/schedule';
import { acquireDatabaseLock, type DatabaseLock } from './db/lock';
import { openDatabase, type Db, type OpenOptions } from './db/open';
import { ALL_EVENTS } from './events';
import { settlePending } from './exchange/delivery';
import { adoptSharedKeyFiles, type KeyProtector } from './exchange/keys';
import { dataFolderOf } from './files';
import { Ledger, type Clock } from './ledger/ledger';
import type { Log } from './log';
import { seedFromPolicyPack } from './policy/service';

// The core: one open database, its ledger, and who acts when no one has signed in. Shared by the
// Electron main process, the loopback host and the CLI; it never imports 'electron'.

export type Core = {
  /** Replaced, with ledger, when a backup is restored into the running program. */
  db: Db;
  ledger: Ledger;
  dbPath: string;
  /** Who acts when no one has signed in (the CLI: the operating-system user, holding every role). */
  actor: Principal;
  appVersion: string;
  /** The database's own folder (`<file>.files`, files.ts): its signing keys, evidence and exported bundles. */
  dataDir: string;
  sessions: Sessions;
  /** How the signing key is sealed when the caller gives no passphrase (the desktop app: safeStorage). */
  keyProtector?: KeyProtector;
  log: Log;
  /** Which program this is, as others are told when it holds the database (「桌面版」…). */
  program: string;
  /** The desktop build: packs must be signed, paths come from the main process's dialogs. */
  desktop: boolean;
  /** What the running program is built on, for 关于 (the desktop core process knows Electron's). */
  runtime: { electron: string | null; node: string; logDir: string | null };
  /** Closes and opens the database file again (after a restore replaced it); everyone is signed out. */
  reopen(): void;
  close(): void;
};

export type CoreOptions = OpenOptions & {
  dbPath: string;
  /** Policy pack loaded into an empty ledger on first start. */
  seedPolicyDir: string;
  appVersion: string;
  /** The name the local actor is journaled under (default: the operating-system user). */
  actor?: string;
  clock?: Clock;
  /** Milliseconds now, for idle locks and today's date (tests move it). */
  now?: () => number;
  keyProtector?: KeyProtector;
  /** Named in the lock file and in the refusal another program gets (default 「县域电商台账」). */
  program?: string;
  log?: Log;
  desktop?: boolean;
  logDir?: string;
};

const SILENT: Log = { path: null, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Opens the database for writing: takes its lock first (another live program holding it is
 * refused with DB_BUSY naming that program), then migrates and seeds.
 */
export function openCore(options: CoreOptions): Core {
  const program = options.program ?? '县域电商台账';
  const lock: DatabaseLock | null = options.dbPath === ':memory:' ? null : acquireDatabaseLock(options.dbPath, program);
  let db: Db;
  const dataDir = dataFolderOf(options.dbPath);
  try {
    db = openDatabase(options.dbPath, {
      ...options,
      // a database that holds data is backed up before its schema changes; no backup, no migration
      beforeMigrate: (old) => {
        const backup = createBackupSync({ db: old, dataDir, appVersion: options.appVersion }, backupDirOf(old, dataDir), 'migration');
        options.log?.info(`结构迁移前已备份：${backup.path}`);
      },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  try {
    const ledger = new Ledger(db, ALL_EVENTS, options.clock);
    if (ledger.count() === 0) seedFromPolicyPack(ledger, options.seedPolicyDir);
    const actor = localPrincipal(options.actor ?? localActor());
    adoptSharedKeyFiles(db, dataDir);
    // a bundle export a stopped process left between its steps is finished or abandoned now
    settlePending(ledger, actor, dataDir);
    const core: Core = {
      db,
      ledger,
      dbPath: options.dbPath,
      actor,
      appVersion: options.appVersion,
      dataDir,
      sessions: new Sessions(options.now),
      ...(options.keyProtector ? { keyProtector: options.keyProtector } : {}),
      log: options.log ?? SILENT,
      program,
      desktop: options.desktop ?? false,
      runtime: { electron: process.versions.electron ?? null, node: process.versions.node, logDir: options.logDir ?? null },
      reopen: () => {
        core.db.close();
        core.db = openDatabase(options.dbPath, options);
        core.ledger = new Ledger(core.db, ALL_EVENTS, options.clock);
        core.sessions = new Sessions(options.now);
      },
      close: () => {
        core.db.close();
        lock?.release();
      },
    };
    return core;
  } catch (error) {
    db.close();
    lock?.release();
    throw error;
  }
}

/** The person at the keyboard of a command line: whoever can open the database file may do anything to it. */
export function localPrincipal(name: string): Principal {
  return { username: name, displayName: name, roles: ROLES };
}

export function localActor(): string {
  try {
    return `本机用户:${userInfo().username}`;
  } catch {
    return '本机用户';
  }
}
