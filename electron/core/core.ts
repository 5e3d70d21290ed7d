import { userInfo } from 'node:os';
import { type Principal, ROLES } from '../../shared/domain/accounts';
import { Sessions } from './accounts/sessions';
import { openDatabase, type Db, type OpenOptions } from './db/open';
import { ALL_EVENTS } from './events';
import { settlePending } from './exchange/delivery';
import { adoptSharedKeyFiles, type KeyProtector } from './exchange/keys';
import { dataFolderOf } from './files';
import { Ledger, type Clock } from './ledger/ledger';
import { seedFromPolicyPack } from './policy/service';

// The core: one open database, its ledger, and who acts when no one has signed in. Shared by the
// Electron main process, the loopback host and the CLI; it never imports 'electron'.

export type Core = {
  db: Db;
  ledger: Ledger;
  /** Who acts when no one has signed in (the CLI: the operating-system user, holding every role). */
  actor: Principal;
  appVersion: string;
  /** The database's own folder (`<file>.files`, files.ts): its signing keys, evidence and exported bundles. */
  dataDir: string;
  sessions: Sessions;
  /** How the signing key is sealed when the caller gives no passphrase (the desktop app: safeStorage). */
  keyProtector?: KeyProtector;
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
};

export function openCore(options: CoreOptions): Core {
  const db = openDatabase(options.dbPath, options);
  try {
    const ledger = new Ledger(db, ALL_EVENTS, options.clock);
    if (ledger.count() === 0) seedFromPolicyPack(ledger, options.seedPolicyDir);
    const dataDir = dataFolderOf(options.dbPath);
    const actor = localPrincipal(options.actor ?? localActor());
    adoptSharedKeyFiles(db, dataDir);
    // a bundle export a stopped process left between its steps is finished or abandoned now
    settlePending(ledger, actor, dataDir);
    return {
      db,
      ledger,
      actor,
      appVersion: options.appVersion,
      dataDir,
      sessions: new Sessions(options.now),
      ...(options.keyProtector ? { keyProtector: options.keyProtector } : {}),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
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
