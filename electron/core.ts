import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { Sessions } from './accounts/service';
import { openDatabase, schemaVersion, type Db, type OpenOptions } from './db/open';
import { ALL_EVENTS } from './events';
import { Ledger, type Clock } from './ledger/ledger';
import { policyPackLoaded } from './policy/events';
import { loadPolicyPack, type PolicyPack } from './policy/pack';
import { countyRecorded } from './counties/events';
import { taskDefined } from './tasks/events';
import type { KeyProtector } from './exchange/keys';

// The core: one open database, its ledger, and who is acting. Shared by the Electron main
// process, the loopback host and the CLI; it never imports 'electron'.

export type Core = {
  db: Db;
  ledger: Ledger;
  /** Who acts when no one has signed in (the CLI: the operating-system user). */
  actor: string;
  appVersion: string;
  /** The folder beside the database: evidence files live under it. */
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
    return {
      db,
      ledger,
      actor: options.actor ?? localActor(),
      appVersion: options.appVersion,
      dataDir: dirname(options.dbPath),
      sessions: new Sessions(options.now),
      ...(options.keyProtector ? { keyProtector: options.keyProtector } : {}),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** First start: the pack, its counties and its task table become journal entries. */
export function seedFromPolicyPack(ledger: Ledger, dir: string): void {
  recordPolicyPack(ledger, '系统初始化', loadPolicyPack(dir));
}

/**
 * Makes a pack the active one: the pack itself (content and digest), then its counties and task
 * rows, in one write. Progress recorded against tasks is kept; their wording follows the pack.
 */
export function recordPolicyPack(ledger: Ledger, actor: string, pack: PolicyPack): void {
  const { meta, ...content } = pack;
  ledger.appendMany(actor, [
    { kind: policyPackLoaded.kind, entity: `policy:${meta.id}`, payload: { ...meta, content } },
    ...pack.counties.map((c) => ({ kind: countyRecorded.kind, entity: `county:${c.code}`, payload: c })),
    ...pack.tasks.map((t) => ({ kind: taskDefined.kind, entity: `task:${t.no}`, payload: t })),
  ]);
}

export function localActor(): string {
  try {
    return `本机用户:${userInfo().username}`;
  } catch {
    return '本机用户';
  }
}

export { schemaVersion };
