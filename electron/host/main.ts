import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { DomainError } from '../../shared/result';
import { startDailyBackup } from '../core/backup/schedule';
import { openCore } from '../core/core';
import { schemaVersion, sqliteVersion } from '../core/db/open';
import { fileLog, startLine } from '../core/log';
import { APP_VERSION, DEFAULT_POLICY_DIR, DEFAULT_RENDERER_DIR, defaultDatabasePath } from '../core/paths';
import { createHostApp } from './server';

// `npm run web`: serve the app to a browser on this machine only.

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: DEFAULT_RENDERER_DIR },
    seeds: { type: 'string', default: DEFAULT_POLICY_DIR },
  },
});

const dbPath = values.db ?? defaultDatabasePath();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) exit(`端口号无效：${values.port}`);
if (!existsSync(join(values.renderer, 'index.html'))) {
  exit(`找不到界面文件 ${values.renderer}/index.html，请先运行 npm run build:renderer`);
}

mkdirSync(dirname(dbPath), { recursive: true });
const logDir = join(dirname(dbPath), 'logs');
const log = fileLog(logDir, 'web');
let core;
try {
  // takes the database's lock: a database another running program holds is refused here, before anything is served
  core = openCore({ dbPath, seedPolicyDir: values.seeds, appVersion: APP_VERSION, program: '本机服务（npm run web）', log, logDir });
} catch (error) {
  exit(error instanceof DomainError ? error.message : `无法打开数据库：${(error as Error).message}`);
}
log.info(startLine('本机服务', { app: APP_VERSION, node: process.versions.node, sqlite: sqliteVersion(core.db), schema: schemaVersion(core.db) }, dbPath));
const opened = core;
const token = randomBytes(24).toString('base64url');
const app = createHostApp({ core: opened, rendererDir: values.renderer, token });

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
  console.log(`县域电商台账已在本机启动，请在浏览器中打开：`);
  console.log(`http://127.0.0.1:${info.port}/#token=${token}`);
  console.log(`数据文件夹：${dirname(dbPath)}`);
  console.log(`数据库：${dbPath}`);
  console.log(`日志：${log.path}`);
  console.log('按 Ctrl+C 退出。');
});

void startDailyBackup(opened);

function shutdown(): void {
  server.close();
  log.info('本机服务停止');
  opened.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

function exit(message: string): never {
  console.error(message);
  process.exit(1);
}
