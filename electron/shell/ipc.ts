import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL } from '../../shared/ipc';
import { fail, type Result } from '../../shared/result';
import type { Core } from '../core/core';
import { dispatch } from '../core/handlers';
import { isAppUrl } from './security';

/** Only our own UI, loaded from app://county-ledger in the top frame, may call the core. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url);
}

export function registerInvokeHandler(ipcMain: Pick<IpcMain, 'handle'>, core: Core): void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown, session: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) return fail('UNAUTHORIZED', '调用来源不受信任，已拒绝');
    return await dispatch(core, method, input, typeof session === 'string' ? session : undefined);
  });
}
