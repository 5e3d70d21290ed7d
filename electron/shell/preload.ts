import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../../shared/ipc';

// Sandboxed preload: exposes exactly one object with one function, never ipcRenderer itself.
// Method names and inputs are checked in the main process against the contract.
contextBridge.exposeInMainWorld('countyLedger', {
  invoke: (method: string, input: unknown, session?: string): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, input, session),
});
