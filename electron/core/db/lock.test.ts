import Database from 'better-sqlite3';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal, signIn, callerFor, tempDir } from '../../../test/helpers/core';
import { openCore } from '../core';
import { DEFAULT_POLICY_DIR, PROJECT_ROOT } from '../paths';
import { acquireDatabaseLock, lockPathOf, processStartedAt, startTimeOf } from './lock';
import { LATEST_SCHEMA_VERSION } from './migrations';

// One writer per database: the lock file, and SQLite's own lock when a second connection writes anyway.

let tmp: ReturnType<typeof tempDir>;
let children: ChildProcess[] = [];
beforeEach(() => (tmp = tempDir()));
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
  tmp.dispose();
});

const open = (dbPath: string, extra: { busyTimeoutMs?: number; program?: string } = {}) => openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', ...extra });

/** A live process that is not this one: the holder another program would be. */
function otherProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function writeLock(dbPath: string, holder: { pid: number; startedAt: number; program: string; host?: string }) {
  writeFileSync(lockPathOf(dbPath), JSON.stringify({ host: hostname(), ...holder }));
}

describe('database lock', () => {
  it('is held while the core is open, names the program, and goes on close', () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    const core = open(dbPath, { program: '本机服务（npm run web）' });
    expect(JSON.parse(readFileSync(lockPathOf(dbPath), 'utf8'))).toMatchObject({ pid: process.pid, program: '本机服务（npm run web）' });
    core.close();
    expect(existsSync(lockPathOf(dbPath))).toBe(false);
  });

  it('refuses a database a live program holds, naming it, before touching the file', async () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    open(dbPath).close();
    const before = readFileSync(dbPath);
    const child = otherProcess();
    await new Promise((r) => setTimeout(r, 200));
    writeLock(dbPath, { pid: child.pid!, startedAt: startTimeOf(child.pid!) ?? Date.now(), program: '桌面版（县域电商台账）' });
    const error = refusal(() => open(dbPath));
    expect(error.code).toBe('DB_BUSY');
    expect(error.message).toContain('正被另一个程序使用：桌面版（县域电商台账）');
    expect(error.message).toContain(`进程号 ${child.pid}`);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('takes over a stale lock: its process is gone, or its process id now belongs to a later process', async () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    writeLock(dbPath, { pid: gone, startedAt: Date.now() - 60_000, program: '已退出的程序' });
    open(dbPath).close();

    if (startTimeOf(process.pid) !== null) {
      const reused = otherProcess();
      await new Promise((r) => setTimeout(r, 200));
      // the lock says its holder started an hour before the process that now has the id
      writeLock(dbPath, { pid: reused.pid!, startedAt: Date.now() - 3_600_000, program: '崩溃的程序' });
      open(dbPath).close();
    }
    expect(existsSync(lockPathOf(dbPath))).toBe(false);
  });

  it('counts a lock from another computer (a shared folder) as held', () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    writeLock(dbPath, { pid: 1, startedAt: processStartedAt(), program: '桌面版', host: '另一台电脑' });
    const error = refusal(() => open(dbPath));
    expect(error.message).toContain('在电脑「另一台电脑」上');
  });

  it('lets one process open its own database twice and releases on the last close', () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    const first = acquireDatabaseLock(dbPath, '甲');
    const second = acquireDatabaseLock(dbPath, '甲');
    first.release();
    expect(existsSync(lockPathOf(dbPath))).toBe(true);
    second.release();
    expect(existsSync(lockPathOf(dbPath))).toBe(false);
  });
});

describe('a second writer', () => {
  it('waits for another connection’s write instead of failing at once (immediate transactions, busy timeout)', async () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    const core = open(dbPath);
    const call = callerFor(core, signIn(core));
    // another process takes the write lock, writes, and commits 400 ms later
    const holder = spawn(
      process.execPath,
      ['-e', `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(dbPath)}); d.exec('BEGIN IMMEDIATE'); d.pragma('user_version = ${LATEST_SCHEMA_VERSION}'); console.log('held'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 400);`],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const saved = await call('settings.save', { noticeContact: '县商务局 0554-1234567' });
    expect(saved).toMatchObject({ ok: true });
    expect(core.ledger.verify().ok).toBe(true);
    core.close();
  });

  it('is refused with DB_BUSY and the Chinese message when the other write outlasts the timeout, nothing written', async () => {
    const dbPath = join(tmp.dir, 'ledger.db');
    const core = open(dbPath, { busyTimeoutMs: 150 });
    const call = callerFor(core, signIn(core));
    const head = core.ledger.readHead();
    const other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');
    const refused = await call('settings.save', { noticeContact: '县商务局' });
    other.exec('ROLLBACK');
    other.close();
    expect(refused).toEqual({ ok: false, error: { code: 'DB_BUSY', message: '数据库正被其他程序使用，请稍后重试' } });
    expect(core.ledger.readHead()).toEqual(head);
    core.close();
  });
});
