import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, tempCore, type TempCore } from '../../../test/helpers/core';
import { dispatch } from '../handlers';
import { hashPassword, verifyPassword } from './service';
import { Sessions } from './sessions';

// Accounts through the contract: first start, scrypt hashes, the five-strikes lockout, the idle lock.

let core: TempCore;
let now = Date.parse('2019-12-10T02:00:00Z');
beforeEach(() => {
  core = tempCore();
  Object.assign(core, { sessions: new Sessions(() => now) });
});
afterEach(() => core.dispose());

const anon = (method: string, input: unknown) => dispatch(core, method, input);

describe('accounts', () => {
  it('hashes with scrypt and a per-user salt; the same password hashes differently for two people', () => {
    const a = hashPassword('mima12345');
    const b = hashPassword('mima12345');
    expect(a.hash).toMatch(/^scrypt\$16384\$8\$1\$[0-9a-f]{64}$/);
    expect(a.hash).not.toBe(b.hash);
    expect(verifyPassword('mima12345', a.salt, a.hash)).toBe(true);
    expect(verifyPassword('mima12346', a.salt, a.hash)).toBe(false);
  });

  it('asks for the administrator on first start only, and the journal never holds the password', async () => {
    expect(await anon('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: true, session: null } });
    expect(await anon('auth.setup', { username: 'admin', displayName: '王管理', password: 'short' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('密码至少 8 位') } });
    const setup = await anon('auth.setup', { username: 'admin', displayName: '王管理', password: 'guanli2019' });
    expect(setup).toMatchObject({ ok: true, value: { username: 'admin', roles: ['admin'] } });
    expect(await anon('auth.setup', { username: 'x2', displayName: '又一个', password: 'guanli2019' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const journal = core.db.prepare('SELECT payload FROM journal').all() as { payload: string }[];
    expect(journal.some((r) => r.payload.includes('guanli2019'))).toBe(false);
    const admin = callerFor(core, (setup as { ok: true; value: { token: string } }).value.token);
    expect(await admin('accounts.create', { username: 'lu', displayName: '李录入', roles: ['clerk'], password: 'luru12345' })).toMatchObject({ ok: true, value: { roles: ['clerk'] } });
    // a clerk cannot manage accounts: refused in the core
    const clerk = callerFor(core, ((await anon('auth.login', { username: 'lu', password: 'luru12345' })) as { ok: true; value: { token: string } }).value.token);
    expect(await clerk('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '此操作需要管理员角色，当前用户「李录入」的角色为录入员' } });
    // the last administrator cannot be demoted
    expect(await admin('accounts.change', { username: 'admin', displayName: '王管理', roles: ['clerk'], disabled: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('locks an account for 15 minutes after five wrong passwords, and journals each failure', async () => {
    await anon('auth.setup', { username: 'admin', displayName: '王管理', password: 'guanli2019' });
    for (let i = 1; i <= 4; i++) {
      expect(await anon('auth.login', { username: 'admin', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: `用户名或密码错误，再错 ${5 - i} 次账号将被锁定` } });
    }
    expect(await anon('auth.login', { username: 'admin', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // even the right password is refused while locked
    expect(await anon('auth.login', { username: 'admin', password: 'guanli2019' })).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringContaining('已锁定至') } });
    expect((core.db.prepare("SELECT count(*) AS n FROM journal WHERE kind = 'account.loginFailed'").get() as { n: number }).n).toBe(5);
    now += 16 * 60_000;
    expect(await anon('auth.login', { username: 'admin', password: 'guanli2019' })).toMatchObject({ ok: true });
    // an unknown user gets the same words, and nothing is journaled for it
    expect(await anon('auth.login', { username: 'nobody', password: 'x' })).toMatchObject({ ok: false, error: { message: '用户名或密码错误' } });
  });

  it('an administrator unlocks a locked account at once, journaled; no one else may, and an unlocked one is refused', async () => {
    const setup = (await anon('auth.setup', { username: 'admin', displayName: '王管理', password: 'guanli2019' })) as { ok: true; value: { token: string } };
    const admin = callerFor(core, setup.value.token);
    await admin('accounts.create', { username: 'lu', displayName: '李录入', roles: ['clerk'], password: 'luru12345' });
    await admin('accounts.create', { username: 'shen', displayName: '张审核', roles: ['reviewer'], password: 'shenhe12345' });
    expect(await admin('accounts.unlock', { username: 'lu' })).toMatchObject({ ok: false, error: { code: 'STATE', message: '用户「李录入」未被锁定，无需解锁' } });
    for (let i = 0; i < 5; i++) await anon('auth.login', { username: 'lu', password: 'wrong' });
    expect(await anon('auth.login', { username: 'lu', password: 'luru12345' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    const reviewer = callerFor(core, ((await anon('auth.login', { username: 'shen', password: 'shenhe12345' })) as { ok: true; value: { token: string } }).value.token);
    expect(await reviewer('accounts.unlock', { username: 'lu' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin('accounts.unlock', { username: 'lu' })).toMatchObject({ ok: true, value: { username: 'lu', lockedUntil: null, failedAttempts: 0 } });
    expect(core.db.prepare("SELECT actor, entity FROM journal WHERE kind = 'account.unlocked'").all()).toEqual([{ actor: 'admin', entity: 'account:lu' }]);
    expect(await anon('auth.login', { username: 'lu', password: 'luru12345' })).toMatchObject({ ok: true });
    expect(await admin('accounts.unlock', { username: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('locks an idle session; the same person unlocks it with the password', async () => {
    const setup = (await anon('auth.setup', { username: 'admin', displayName: '王管理', password: 'guanli2019' })) as { ok: true; value: { token: string } };
    const call = callerFor(core, setup.value.token);
    expect(await call('settings.save', { idleMinutes: 5 })).toMatchObject({ ok: true, value: { idleMinutes: 5 } });
    now += 6 * 60_000;
    expect(await call('tasks.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await call('auth.status', {})).toMatchObject({ ok: true, value: { locked: true, session: { username: 'admin' } } });
    expect(await call('auth.unlock', { password: 'wrong1234' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await call('auth.unlock', { password: 'guanli2019' })).toMatchObject({ ok: true });
    expect(await call('tasks.list', {})).toMatchObject({ ok: true });
    await call('auth.logout', {});
    expect(await call('tasks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});
