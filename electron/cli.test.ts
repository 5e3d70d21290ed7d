import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/core';
import { PROJECT_ROOT } from './paths';

// The CLI as the city's IT staff run it: a real process, real files, JSON on stdout.

function cli(...args: string[]) {
  const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'electron', 'cli.ts'), ...args], {
    encoding: 'utf8',
  });
  return { status: run.status, json: run.stdout ? (JSON.parse(run.stdout) as Record<string, unknown>) : null, stderr: run.stderr };
}

let dir: string;
let dispose: () => void;
beforeEach(() => ({ dir, dispose } = tempDir()));
afterEach(() => dispose());

describe('cli', () => {
  it('init creates and seeds a database; ledger verify accepts it', () => {
    const db = join(dir, 'county.db');
    const init = cli('init', '--db', db);
    expect(init.status).toBe(0);
    expect(init.json).toMatchObject({ ok: true, entries: 27, headSeq: 27 });
    const verify = cli('ledger', 'verify', '--db', db);
    expect(verify.status).toBe(0);
    expect(verify.json).toMatchObject({ ok: true, entries: 27, headHash: init.json?.headHash, stateMatchesJournal: true });
    expect(verify.stderr).toContain('账本完好');
  });

  it('ledger verify exits 1 and names the first bad seq of a tampered journal', () => {
    const db = join(dir, 'county.db');
    cli('init', '--db', db);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare("UPDATE journal SET payload = replace(payload, '寿县', '凤台县') WHERE seq = 8").run();
    raw.close();
    const verify = cli('ledger', 'verify', '--db', db);
    expect(verify.status).toBe(1);
    expect(verify.json).toMatchObject({ ok: false, firstBadSeq: 8 });
    expect(verify.stderr).toContain('账本校验未通过');
  });

  it('ledger verify exits 1 when the state was changed outside the ledger', () => {
    const db = join(dir, 'county.db');
    cli('init', '--db', db);
    const raw = new Database(db);
    raw.prepare("UPDATE task SET progress = '未经账本的修改' WHERE no = 1").run();
    raw.close();
    const verify = cli('ledger', 'verify', '--db', db);
    expect(verify.status).toBe(1);
    expect(verify.json).toMatchObject({ ok: true, stateMatchesJournal: false, differences: [{ table: 'task' }] });
  });

  it('answers wrong usage with exit 2 and missing files with exit 1, in Chinese', () => {
    expect(cli('ledger', 'verify')).toMatchObject({ status: 2, stderr: expect.stringContaining('缺少参数 --db') });
    expect(cli('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringContaining('未知命令') });
    const missing = cli('ledger', 'verify', '--db', join(dir, 'nope.db'));
    expect(missing.status).toBe(1);
    expect(missing.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
