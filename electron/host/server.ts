import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { contract, METHOD_NAMES } from '../../shared/contract';
import { MAX_REQUEST_BYTES, UPLOAD_TOO_LARGE } from '../../shared/limits';
import { fail } from '../../shared/result';
import { contentType, resolveAsset, SECURITY_HEADERS } from '../core/assets/assets';
import type { Core } from '../core/core';
import { dispatch } from '../core/handlers';

// The loopback host: the same contract as the Electron IPC channel, over HTTP on 127.0.0.1,
// for the tests and for clerks without the desktop build. Every API call needs the per-launch
// token; requests naming another host (DNS rebinding) are refused.

export type HostOptions = { core: Core; rendererDir: string; token: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function createHostApp({ core, rendererDir, token }: HostOptions): Hono {
  const app = new Hono();
  const expected = Buffer.from(`Bearer ${token}`);

  app.use('*', async (c, next) => {
    const hostname = (c.req.header('host') ?? '').replace(/:\d+$/, '');
    if (!LOOPBACK_HOSTS.has(hostname)) return c.text('只接受本机访问', 421);
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    c.header('Cache-Control', 'no-store');
  });

  app.use('/api/*', async (c, next) => {
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json(fail('UNAUTHORIZED', '访问令牌缺失或错误，请使用程序启动时显示的地址打开'), 401);
    }
    await next();
  });

  app.get('/api/contract', (c) =>
    c.json({
      methods: METHOD_NAMES.map((name) => ({
        name,
        input: z.toJSONSchema(contract[name].input, { unrepresentable: 'any' }),
        output: z.toJSONSchema(contract[name].output, { unrepresentable: 'any' }),
      })),
    }),
  );

  app.post('/api/call/:method', bodyLimit({ maxSize: MAX_REQUEST_BYTES, onError: (c) => c.json(fail('VALIDATION', UPLOAD_TOO_LARGE), 413) }), async (c) => {
    let input: unknown;
    try {
      input = await c.req.json();
    } catch {
      return c.json(fail('VALIDATION', '请求内容不是有效的 JSON'));
    }
    return c.json(await dispatch(core, c.req.param('method'), input, c.req.header('x-session') || undefined));
  });

  app.all('/api/*', (c) => c.json(fail('UNKNOWN_METHOD', '没有这个接口'), 404));

  app.get('*', (c) => {
    const file = resolveAsset(rendererDir, c.req.path);
    if (!file) return c.text('未找到', 404);
    return c.body(readFileSync(file), 200, { 'Content-Type': contentType(file) });
  });

  return app;
}
