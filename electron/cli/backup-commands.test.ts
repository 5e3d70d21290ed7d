import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/core';
import { PROJECT_ROOT } from '../core/paths';

// Backup and restore as the IT staff run them, and one program per database: a running host
// keeps writing commands (and a second host) out, while reading ones run beside it.

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

function cli(...args: string[]) {
  return cliWith(process.env, ...args);
}

function cliWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = spawnSync(TSX, [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), ...args], { encoding: 'utf8', env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json: () => JSON.parse(run.stdout) as Record<string, unknown> };
}

let dir: string;
let dispose: () => void;
const hosts: ChildProcess[] = [];
beforeEach(() => ({ dir, dispose } = tempDir()));
afterEach(() => {
  for (const host of hosts.splice(0)) host.kill('SIGKILL');
  dispose();
});

/** Starts `npm run web`'s server on the database and waits for its banner. */
function startHost(db: string): Promise<{ host: ChildProcess; banner: string }> {
  const host = spawn(TSX, [join(PROJECT_ROOT, 'electron', 'host', 'main.ts'), '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  hosts.push(host);
  return new Promise((resolve, reject) => {
    let banner = '';
    host.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('按 Ctrl+C 退出')) resolve({ host, banner });
    });
    host.on('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
}

describe('cli backup / restore', { timeout: 180_000 }, () => {
  it('backup prints the file; restore brings it back into a database that does not exist yet; a tampered one exits 1 with the envelope', () => {
    const db = join(dir, 'county.db');
    expect(cli('demo', '--db', db, '--county', '340422', '--subjects', '50', '--claims', '10', '--seed', '3').status).toBe(0);
    const backup = cli('backup', '--db', db, '--out', join(dir, 'backups'));
    expect(backup.status).toBe(0);
    const path = backup.stdout.trim();
    expect(path).toMatch(/backups[\\/]county-ledger-340422-\d{8}-\d{6}-manual\.zip$/);
    const head = (cli('ledger', 'verify', '--db', db).json() as { headHash: string }).headHash;

    const restored = cli('restore', '--db', join(dir, 'new', 'county.db'), '--from', path);
    expect(restored.status).toBe(0);
    expect(restored.json()).toMatchObject({ ok: true, restored: { ledger: { headHash: head }, install: { county: { code: '340422' } }, lastClosedQuarter: '2019Q4' }, replacedDir: null });
    expect(cli('ledger', 'verify', '--db', join(dir, 'new', 'county.db')).json()).toMatchObject({ ok: true, headHash: head, stateMatchesJournal: true });

    const bytes = readFileSync(path);
    bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 0xff; // inside the central directory / last entry
    bytes[200] = bytes[200]! ^ 0xff; // inside the first entries' data
    writeFileSync(join(dir, 'tampered.zip'), bytes);
    const before = readFileSync(join(dir, 'new', 'county.db'));
    const refused = cli('restore', '--db', join(dir, 'new', 'county.db'), '--from', join(dir, 'tampered.zip'));
    expect(refused.status).toBe(1);
    expect(refused.json()).toEqual({ ok: false, error: { code: 'BACKUP_INVALID', message: expect.stringContaining('当前数据未做任何改动') } });
    expect(readFileSync(join(dir, 'new', 'county.db')).equals(before)).toBe(true);
  });

  it('a second host on a database a running host holds exits non-zero naming it, before serving; writing commands refuse, reading ones run', async () => {
    const db = join(dir, 'county.db');
    expect(cli('demo', '--db', db, '--county', '340422', '--subjects', '50', '--claims', '10', '--seed', '3').status).toBe(0);
    const { host, banner } = await startHost(db);
    expect(banner).toContain(`数据文件夹：${dir}`);

    const second = spawnSync(TSX, [join(PROJECT_ROOT, 'electron', 'host', 'main.ts'), '--db', db, '--port', '0'], { encoding: 'utf8', timeout: 60_000 });
    expect(second.status).not.toBe(0);
    expect(second.stdout).toBe(''); // nothing served, no address printed
    expect(second.stderr).toContain('正被另一个程序使用：本机服务（npm run web');
    expect(second.stderr).toMatch(/进程号 \d+，启动于/);

    const backup = cli('backup', '--db', db, '--out', join(dir, 'backups'));
    expect(backup.status).toBe(1);
    expect(backup.json()).toMatchObject({ ok: false, error: { code: 'DB_BUSY', message: expect.stringContaining('本机服务（npm run web') } });
    expect(cli('restore', '--db', db, '--from', join(dir, 'nothing.zip')).json()).toMatchObject({ ok: false, error: { code: 'DB_BUSY' } });

    expect(cli('ledger', 'verify', '--db', db).status).toBe(0);
    const progress = cli('progress', '--db', db, '--quarter', '2019Q4');
    expect(progress.status).toBe(0);
    const report = cli('report', '--db', db, '--quarter', '2019Q4', '--format', 'xlsx', '--out', join(dir, 'report.xlsx'));
    expect(report.status).toBe(0);
    expect(report.json()).toMatchObject({ ok: true, journaled: false });
    // an open quarter's report is journaled, so it waits for the database
    expect(cli('report', '--db', db, '--quarter', '2020Q1', '--format', 'xlsx', '--out', join(dir, 'open.xlsx')).json()).toMatchObject({ ok: false, error: { code: 'DB_BUSY' } });

    host.kill('SIGTERM');
    await new Promise((resolve) => host.once('exit', resolve));
    expect(cli('backup', '--db', db, '--out', join(dir, 'backups')).status).toBe(0);
  });

  it('without --db uses the database in the default data folder, as the desktop app and npm run web do', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, APPDATA: join(dir, 'AppData', 'Roaming') };
    delete env.COUNTY_LEDGER_DB;
    const init = cliWith(env, 'init', '--county', '340422');
    expect(init.status).toBe(0);
    const expected = process.platform === 'win32' ? join(dir, 'AppData', 'Roaming', 'county-ledger', 'ledger.db') : join(dir, '.county-ledger', 'ledger.db');
    expect(init.json()).toMatchObject({ ok: true, db: expected });
    expect(init.stderr).toContain(`数据库：${expected}`);
  });
});
