import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

// A stand-in for Electron's utilityProcess and MessageChannelMain, good enough to run the real
// core-process module (built by build/build-electron.ts) in a worker thread and talk to it over
// real ports. Used only where the real Electron binary cannot run (here: everywhere).

type PortMain = { on(event: 'message', listener: (event: { data: unknown }) => void): PortMain; postMessage(message: unknown): void; start(): void; close(): void; raw: MessagePort };

function portMain(port: MessagePort): PortMain {
  return {
    raw: port,
    on(event, listener) {
      port.on(event, (data: unknown) => listener({ data }));
      return this;
    },
    postMessage: (message) => port.postMessage(message),
    start: () => {},
    close: () => port.close(),
  };
}

export class StandInMessageChannel {
  readonly port1: PortMain;
  readonly port2: PortMain;
  constructor() {
    const channel = new MessageChannel();
    this.port1 = portMain(channel.port1);
    this.port2 = portMain(channel.port2);
  }
}

/** The forked "process": posts the init message with its ports, emits 'exit' with a code, can be killed. */
export class StandInUtilityProcess extends EventEmitter {
  static forked: StandInUtilityProcess[] = [];
  readonly worker: Worker;
  pid: number | undefined;
  constructor(readonly modulePath: string) {
    super();
    this.worker = new Worker(new URL('./utility-bootstrap.mjs', import.meta.url), { workerData: { module: pathToFileURL(modulePath).href } });
    // a worker shares this process's id, and that is the id the core's database lock records
    this.pid = process.pid;
    this.worker.on('exit', (code) => this.emit('exit', code));
    this.worker.on('error', () => {});
    StandInUtilityProcess.forked.push(this);
  }
  postMessage(message: unknown, ports: PortMain[] = []): void {
    this.worker.postMessage({ data: message, ports: ports.map((p) => p.raw) }, ports.map((p) => p.raw));
  }
  /** What a crash looks like from the main process: the process is gone, with a non-zero code. */
  kill(): boolean {
    void this.worker.terminate();
    return true;
  }
}

export const standInUtilityProcess = { fork: (modulePath: string) => new StandInUtilityProcess(modulePath) };
