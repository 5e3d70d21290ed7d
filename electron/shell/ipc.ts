import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type DesktopInput, type DesktopMethodName, type DesktopOutput, desktopMethods, isDesktopMethod } from '../../shared/contract-desktop';
import { FILE_METHODS, type FileDialog, IPC_CHANNEL } from '../../shared/ipc';
import { fail, ok, type Result } from '../../shared/result';
import { describeIssues } from '../../shared/validation';
import { isAppUrl } from './security';

// The one IPC channel. Calls of the contract go to the core's process as they are; the desktop
// shell's own methods (updates, folders, restart) are answered here; and a method that needs a
// path gets it from the main process's own file dialog: the renderer never hands one over.

/** Only our own UI, loaded from app://county-ledger in the top frame, may call the core. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url);
}

export type Forward = (method: string, input: unknown, session: string | undefined) => Promise<Result<unknown>>;
export type DesktopHandlers = { [K in DesktopMethodName]: (input: DesktopInput<K>, session: string | undefined) => Promise<DesktopOutput<K> | Result<never>> };

export type IpcDeps = {
  forward: Forward;
  desktop: DesktopHandlers;
  /** Shows the dialog; the chosen path, or null if the person cancelled. */
  choosePath: (dialog: FileDialog) => Promise<string | null>;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function handleInvoke(deps: IpcDeps, method: unknown, input: unknown, session: string | undefined): Promise<Result<unknown>> {
  if (isDesktopMethod(method)) {
    const parsed = desktopMethods[method].input.safeParse(input ?? {});
    if (!parsed.success) return fail('VALIDATION', describeIssues(parsed.error).message);
    const handler = deps.desktop[method] as (input: unknown, session: string | undefined) => Promise<unknown>;
    const value = await handler(parsed.data, session);
    return isRecord(value) && 'ok' in value && value.ok === false ? (value as Result<never>) : ok(value);
  }
  if (typeof method !== 'string') return fail('UNKNOWN_METHOD', '没有这个功能');
  const dialog = FILE_METHODS[method];
  if (dialog) {
    if (isRecord(input) && 'path' in input) return fail('FORBIDDEN', '桌面版的文件和文件夹只能在文件对话框中选择');
    const path = await deps.choosePath(dialog);
    if (!path) return fail('CANCELLED', '已取消');
    return deps.forward(method, { ...(isRecord(input) ? input : {}), path }, session);
  }
  if (method === 'settings.save' && isRecord(input) && 'fontPath' in input && input.fontPath !== '') {
    return fail('FORBIDDEN', '桌面版请用“选择字体文件”按钮指定 PDF 字体');
  }
  return deps.forward(method, input, session);
}

export function registerInvokeHandler(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcDeps): void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown, session: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) return fail('UNAUTHORIZED', '调用来源不受信任，已拒绝');
    return handleInvoke(deps, method, input, typeof session === 'string' ? session : undefined);
  });
}
