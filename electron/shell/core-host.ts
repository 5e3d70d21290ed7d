import { MessageChannelMain, type MessagePortMain, utilityProcess, type UtilityProcess } from 'electron';
import { fail, type Result } from '../../shared/result';
import { removeLockOf } from '../core/db/lock';
import type { Log } from '../core/log';
import type { CoreInit, FromCore, ToCore } from './core-protocol';

// The main process's side of the core's utility process: it forks it, hands it a MessagePort,
// forwards each call and matches the answer by id. It knows which calls are under way (quitting
// waits for them) and restarts the core if it dies, answering the calls it took with an error.

export type CoreStartFailure = { code: string; message: string };

/** Calls that write a lot at once: quitting while one runs asks first and waits for it. */
export const LONG_WRITES: ReadonlySet<string> = new Set([
  'registry.import',
  'registry.importTable',
  'exchange.export',
  'city.importBundle',
  'system.backup',
  'system.restore',
  'system.importTransfer',
  'system.exportTransfer',
  'system.moveDataDir',
  'policy.loadDirectory',
  'system.loadSignedPack',
]);

export class CoreConnection {
  private child: UtilityProcess | null = null;
  private port: MessagePortMain | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (result: Result<unknown>) => void }>();
  private stopping = false;
  private readonly crashes: number[] = [];
  /** Called after the core died on its own and was started again (or could not be: `restarted` false). */
  onCrash: (detail: { code: number; restarted: boolean }) => void = () => {};

  constructor(
    private readonly modulePath: string,
    private readonly init: Omit<CoreInit, 'type'>,
    private readonly log: Log,
  ) {}

  /** Starts the core process; resolves once it has opened the database, or with why it could not. */
  start(): Promise<CoreStartFailure | null> {
    const child = utilityProcess.fork(this.modulePath, [], { serviceName: '县域电商台账核心', stdio: 'pipe' });
    const { port1, port2 } = new MessageChannelMain();
    this.child = child;
    this.port = port1;
    const started = new Promise<CoreStartFailure | null>((resolve) => {
      port1.on('message', ({ data }) => {
        const message = data as FromCore;
        if (message.type === 'ready') resolve(null);
        else if (message.type === 'failed') {
          // it could not open the database: not a crash to restart from
          this.child = null;
          this.port = null;
          child.kill();
          resolve({ code: message.code, message: message.message });
        }
        else if (message.type === 'result') this.settle(message.id, message.result);
      });
      child.once('exit', (code) => {
        resolve({ code: 'INTERNAL', message: `核心进程启动失败（退出码 ${code}），详见日志` });
        this.exited(child, code);
      });
    });
    port1.start();
    child.postMessage({ type: 'init', ...this.init } satisfies CoreInit, [port2]);
    return started;
  }

  call(method: string, input: unknown, session: string | undefined): Promise<Result<unknown>> {
    if (!this.port || this.stopping) return Promise.resolve(fail('STATE', '程序正在退出，请稍候'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { method, resolve });
      this.port!.postMessage({ type: 'call', id, method, input, ...(session ? { session } : {}) } satisfies ToCore);
    });
  }

  /** The methods of the calls under way that write a lot at once. */
  longWritesUnderWay(): string[] {
    return [...this.pending.values()].map((p) => p.method).filter((m) => LONG_WRITES.has(m));
  }

  /** Resolves when no call is under way any more. */
  async drained(poll = 100): Promise<void> {
    while (this.pending.size > 0) await new Promise((r) => setTimeout(r, poll));
  }

  /** Asks the core to close the database and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || !this.port) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.port.postMessage({ type: 'shutdown' } satisfies ToCore);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (this.child === child) child.kill();
  }

  private settle(id: number, result: Result<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.resolve(result);
  }

  private exited(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    this.port = null;
    for (const [id] of this.pending) this.settle(id, fail('INTERNAL', '程序的核心部分意外退出，这一步没有完成（未保存任何半截数据）。已自动重新启动，请重试。'));
    if (this.stopping) return;
    this.log.error(`核心进程意外退出，退出码 ${code}`);
    // the dead process cannot release its database lock; it is known stale, so remove it now
    if (child.pid !== undefined) removeLockOf(this.init.dbPath, child.pid);
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && this.crashes[0]! < now - 60_000) this.crashes.shift();
    // three deaths in a minute: something is wrong with the data or the install; do not loop
    if (this.crashes.length > 3) {
      this.onCrash({ code, restarted: false });
      return;
    }
    void this.start().then((failure) => {
      if (failure) this.log.error(`核心进程重新启动失败：${failure.message}`);
      this.onCrash({ code, restarted: failure === null });
    });
  }
}
