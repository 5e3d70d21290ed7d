// Runs a module the way Electron's utilityProcess runs it, inside a worker thread: the module
// finds `process.parentPort`, and the ports it is handed behave like MessagePortMain.
import { parentPort, workerData } from 'node:worker_threads';

const wrap = (port) => ({
  on(event, listener) {
    port.on(event, (data) => listener({ data }));
    return this;
  },
  postMessage: (message) => port.postMessage(message),
  start: () => {},
  close: () => port.close(),
});

process.parentPort = {
  once: (event, listener) => parentPort.once('message', ({ data, ports }) => listener({ data, ports: ports.map(wrap) })),
};
await import(workerData.module);
