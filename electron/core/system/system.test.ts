import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, signIn, tempCore, type TempCore, tempDir } from '../../../test/helpers/core';
import { openCore } from '../core';
import { dispatch } from '../handlers';
import { DEFAULT_POLICY_DIR } from '../paths';
import { dailyBackup } from '../backup/schedule';
import { moveDataDir } from './service';

// The program's own calls over the same dispatch: who may restore, the daily backup, moving
// the data folder.

let core: TempCore;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  core = tempCore();
  tmp = tempDir();
});
afterEach(() => {
  core.dispose();
  tmp.dispose();
});

describe('system calls', () => {
  it('lets anyone restore on a new PC with no account yet, and then only an administrator', async () => {
    const backup = await dispatch(core, 'system.backup', {}, signIn(core, 'guan', ['admin']));
    expect(backup).toMatchObject({ ok: true, value: { fileName: expect.stringMatching(/-manual\.zip$/) } });
    const path = (backup as { value: { path: string } }).value.path;
    const clerk = callerFor(core, signIn(core, 'lu', ['clerk']));
    expect(await clerk('system.inspectBackup', { path })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatch(core, 'system.inspectBackup', { path })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    const fresh = tempCore();
    try {
      const staged = await dispatch(fresh, 'system.inspectBackup', { path });
      expect(staged).toMatchObject({ ok: true, value: { summary: { ledger: { entries: core.ledger.count() - 1 } } } });
      const restored = await dispatch(fresh, 'system.restore', { staged: (staged as { value: { staged: string } }).value.staged });
      expect(restored).toMatchObject({ ok: true });
      // the running program now works on the restored data: the administrator from the backup exists
      expect(await dispatch(fresh, 'auth.login', { username: 'guan', password: 'ceshi12345' })).toMatchObject({ ok: true });
      expect(fresh.ledger.verify().ok).toBe(true);
    } finally {
      fresh.dispose();
    }
  });

  it('makes one daily backup a day', async () => {
    const first = await dailyBackup(core, new Date('2020-04-10T01:00:00Z'));
    expect(first?.fileName).toMatch(/-20200410-\d{6}-daily\.zip$/);
    expect(await dailyBackup(core, new Date('2020-04-10T09:00:00Z'))).toBeNull();
    expect(await dailyBackup(core, new Date('2020-04-11T01:00:00Z'))).not.toBeNull();
    expect(readdirSync(join(core.dir, 'backups')).filter((n) => n.endsWith('-daily.zip'))).toHaveLength(2);
  });

  it('moves the data folder: a verified copy in the new place, location.json pointing to it, the old one untouched', async () => {
    const target = join(tmp.dir, 'D盘', '县域电商台账');
    const home = join(tmp.dir, 'home');
    const head = core.ledger.readHead();
    const moved = await moveDataDir(core, { username: 'guan', displayName: '管理员', roles: ['admin'] }, target, home);
    expect(moved).toEqual({ dataDir: target, database: join(target, 'ledger.db') });
    expect(JSON.parse(readFileSync(join(home, 'location.json'), 'utf8'))).toMatchObject({ dataDir: target });
    expect(existsSync(core.dbPath)).toBe(true);
    const copy = tempCoreAt(join(target, 'ledger.db'));
    expect(copy.ledger.readHead()).toEqual(head);
    copy.close();
    await expect(moveDataDir(core, { username: 'guan', displayName: '管理员', roles: ['admin'] }, target, home)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

function tempCoreAt(dbPath: string) {
  return openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' });
}
