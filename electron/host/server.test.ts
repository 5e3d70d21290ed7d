import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { MAX_REQUEST_BYTES, MAX_UPLOAD_BASE64, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE } from '../../shared/limits';
import { actor, signIn, tempCore, type TempCore } from '../../test/helpers/core';
import { configureInstallRole } from '../core/policy/service';
import { createHostApp } from './server';

let core: TempCore;
let app: ReturnType<typeof createHostApp>;
const token = 'test-token-x';

beforeEach(() => {
  core = tempCore();
  const rendererDir = join(core.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>县域电商台账</title>');
  app = createHostApp({ core, rendererDir, token });
});
afterEach(() => core.dispose());

const goodAuth = { Authorization: `Bearer ${token}`, Host: '127.0.0.1:5000' };
const call = (method: string, body: unknown, headers: Record<string, string> = goodAuth) =>
  app.request(`/api/call/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('loopback host', () => {
  it('refuses a call without the token, or with a wrong one, with 401', async () => {
    for (const headers of [{ Host: '127.0.0.1:5000' }, { ...goodAuth, Authorization: 'Bearer wrong' }, { ...goodAuth, Authorization: 'Bearer test-token-y' }, { ...goodAuth, Authorization: token }]) {
      const res = await call('tasks.list', {}, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    const contract = await app.request('/api/contract', { headers: { Host: '127.0.0.1:5000' } });
    expect(contract.status).toBe(401);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const res = await call('tasks.list', {}, { ...goodAuth, Host: 'evil.example:5000' });
    expect(res.status).toBe(421);
  });

  it('runs contract methods with the token and a signed-in session', async () => {
    const edit = { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: '经由本机服务保存' };
    expect(await (await call('progress.saveText', edit)).json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: '请先登录' } });
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340421' });
    const session = { ...goodAuth, 'X-Session': signIn(core, '录入员甲', ['clerk']) };
    const res = await call('progress.saveText', edit, session);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { no: 3, narrative: '经由本机服务保存', revision: 1 } });
    const bad = await call('progress.saveText', { ...edit, quarter: '2019年4季度' }, session);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('季度：') } });
    const notJson = await app.request('/api/call/tasks.list', { method: 'POST', headers: goodAuth, body: '{坏' });
    expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON' } });
  });

  it('takes a file up to the one upload limit and refuses a larger one, both with the number the clerk is told', async () => {
    const session = { ...goodAuth, 'X-Session': signIn(core, '录入员甲', ['clerk']) };
    const upload = (contentBase64: string) => call('registry.import', { list: 'trainees', fileName: 'x.xlsx', contentBase64, commit: false }, session);
    // a file of exactly the limit passes the host and the contract; the core reads it (and finds no spreadsheet)
    const atLimit = await upload(Buffer.alloc(MAX_UPLOAD_BYTES).toString('base64'));
    expect(atLimit.status).toBe(200);
    expect(await atLimit.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('不是电子表格') } });
    // just over it the contract refuses, naming the limit
    const over = await upload('A'.repeat(MAX_UPLOAD_BASE64 + 4));
    expect(await over.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(UPLOAD_TOO_LARGE) } });
    // a body past what any upload needs is stopped by the host, with the same message
    const huge = await upload('A'.repeat(MAX_REQUEST_BYTES));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: UPLOAD_TOO_LARGE } });
    expect(UPLOAD_TOO_LARGE).toContain(`${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  });

  it('lists every method with JSON Schemas of input and output', async () => {
    const res = await app.request('/api/contract', { headers: goodAuth });
    const body = (await res.json()) as { methods: { name: string; input: { type: string }; output: unknown }[] };
    expect(body.methods.map((m) => m.name)).toEqual(METHOD_NAMES);
    const report = body.methods.find((m) => m.name === 'progress.report');
    expect(report?.input).toMatchObject({ type: 'object', properties: { format: { enum: ['pdf', 'xlsx'] }, quarter: { pattern: '^(\\d{4})Q([1-4])$' } } });
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await app.request('/', { headers: { Host: 'localhost:5000' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('县域电商台账');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect((await app.request('/../../etc/passwd.txt', { headers: { Host: 'localhost' } })).status).toBe(404);
  });
});
