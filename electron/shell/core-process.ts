import { domainErrorOf } from '../../shared/result';
import { startDailyBackup } from '../core/backup/schedule';
import { type Core, openCore } from '../core/core';
import { secretProtector } from '../core/crypto/envelope';
import { schemaVersion, sqliteVersion } from '../core/db/open';
import { dispatch } from '../core/handlers';
import { fileLog, startLine } from '../core/log';
import { CoreInitSchema, DESKTOP_PROGRAM, type FromCore, ToCoreSchema } from './core-protocol';

// The core in its own process (Electron's utilityProcess): it opens the database and answers the
// envelope over the MessagePort the main process hands it, so a 100,000-row import, a ledger
// verification or a bundle export never blocks the window. It does not import 'electron': the
// utility process gives it `process.parentPort`; the loopback host and the CLI run the same core
// and the same dispatch in their own process.

export type PortLike = { on(event: 'message', listener: (event: { data: unknown }) => void): unknown; postMessage(message: unknown): void; start(): void };
export type ParentPortLike = { once(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): unknown };

export function serveCore(parent: ParentPortLike, exit: (code: number) => void = (code) => process.exit(code)): void {
  parent.once('message', ({ data, ports }) => {
    const port = ports[0];
    if (!port) return exit(2);
    const send = (message: FromCore) => port.postMessage(message);
    const parsed = CoreInitSchema.safeParse(data);
    if (!parsed.success) {
      send({ type: 'failed', code: 'INTERNAL', message: '核心进程收到的启动参数无效' });
      return;
    }
    const init = parsed.data;
    const log = fileLog(init.logDir, 'core');
    let core: Core;
    try {
      core = openCore({
        dbPath: init.dbPath,
        seedPolicyDir: init.seedPolicyDir,
        appVersion: init.appVersion,
        program: DESKTOP_PROGRAM,
        desktop: true,
        log,
        logDir: init.logDir,
        ...(init.nativeBinding ? { nativeBinding: init.nativeBinding } : {}),
        ...(init.keyStoreSecret ? { keyProtector: secretProtector(init.keyStoreSecret) } : {}),
      });
    } catch (error) {
      const known = domainErrorOf(error);
      log.error('核心无法打开数据库', error);
      send({ type: 'failed', code: known?.code ?? 'INTERNAL', message: known?.message ?? `无法打开数据库：${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    log.info(startLine('核心进程', { app: init.appVersion, electron: process.versions.electron, node: process.versions.node, sqlite: sqliteVersion(core.db), schema: schemaVersion(core.db) }, init.dbPath));
    port.on('message', ({ data: message }) => {
      const parsedRequest = ToCoreSchema.safeParse(message);
      if (!parsedRequest.success) return;
      const request = parsedRequest.data;
      if (request.type === 'shutdown') {
        core.close();
        log.info('核心进程停止');
        send({ type: 'closed' });
        setTimeout(() => exit(0), 20);
        return;
      }
      void dispatch(core, request.method, request.input, request.session).then((result) => send({ type: 'result', id: request.id, result }));
    });
    port.start();
    send({ type: 'ready' });
    void startDailyBackup(core);
  });
}

const parentPort: unknown = Reflect.get(process, 'parentPort');
if (parentPort && typeof parentPort === 'object' && 'once' in parentPort) serveCore(parentPort as ParentPortLike);
