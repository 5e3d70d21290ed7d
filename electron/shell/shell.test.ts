import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, IPC_CHANNEL } from '../../shared/ipc';
import { PROJECT_ROOT } from '../core/paths';

// Plain Node cannot load the real 'electron' module, so the shell is exercised against a
// recording stand-in. Only Electron is faked; the core behind the IPC channel is real.

const userData = mkdtempSync(join(tmpdir(), 'county-ledger-shell-'));

const recorded = vi.hoisted(() => ({
  schemes: [] as unknown[],
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as { options: { webPreferences?: Record<string, unknown> }; url?: string }[],
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  permissionRequest: null as null | ((...args: unknown[]) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  exposed: [] as [string, Record<string, unknown>][],
  rendererInvokes: [] as unknown[][],
  sandboxEnabled: false,
  errors: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => recorded.windows;
    entry: (typeof recorded.windows)[number];
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      this.entry = { options };
      recorded.windows.push(this.entry);
    }
    once() {}
    loadURL(url: string) {
      this.entry.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: false,
      getPath: () => userData,
      getAppPath: () => PROJECT_ROOT,
      getVersion: () => '0.0.0-test',
      enableSandbox: () => {
        recorded.sandboxEnabled = true;
      },
      on: (name: string, listener: (...args: unknown[]) => void) => recorded.appListeners.set(name, listener),
      whenReady: () => Promise.resolve(),
      quit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: (_title: string, message: string) => recorded.errors.push(message) },
    ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => recorded.ipcHandlers.set(channel, fn) },
    // no OS key store in this stand-in: the app falls back to a passphrase
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => recorded.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...args: unknown[]) => void) => (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: (...args: unknown[]) => boolean) => (recorded.permissionCheck = fn),
      },
    },
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => recorded.exposed.push([key, api]) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        recorded.rendererInvokes.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
    },
  };
});

beforeAll(async () => {
  await import('./main');
  await new Promise((resolve) => setTimeout(resolve, 50));
});
afterAll(() => {
  recorded.appListeners.get('window-all-closed')?.();
  rmSync(userData, { recursive: true, force: true });
});

const trustedEvent = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

describe('Electron main process (mocked electron, real core)', () => {
  it('opens one hardened window on the custom scheme', () => {
    expect(recorded.errors).toEqual([]);
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.windows).toHaveLength(1);
    const win = recorded.windows[0]!;
    expect(win.url).toBe(`${APP_ORIGIN}/index.html`);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(win.options.webPreferences?.preload)).toMatch(/dist[\\/]electron[\\/]preload\.cjs$/);
    expect(recorded.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('answers the one IPC channel for our own UI only, through the real core', async () => {
    expect([...recorded.ipcHandlers.keys()]).toEqual([IPC_CHANNEL]);
    const invoke = recorded.ipcHandlers.get(IPC_CHANNEL)!;
    expect(await invoke(trustedEvent, 'app.info', {})).toMatchObject({ ok: true, value: { tasks: 18, appVersion: '0.0.0-test' } });
    // no session: refused before the input is even read
    expect(await invoke(trustedEvent, 'progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: 5 })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const setup = (await invoke(trustedEvent, 'auth.setup', { username: 'admin', displayName: '管理员', password: 'mima12345', roles: ['clerk'] })) as { ok: true; value: { token: string } };
    expect(setup).toMatchObject({ ok: true, value: { roles: ['admin', 'clerk'] } });
    expect(await invoke(trustedEvent, 'progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: 5 }, setup.value.token)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    for (const senderFrame of [
      { url: 'https://evil.example/', parent: null },
      { url: `${APP_ORIGIN}/index.html`, parent: {} },
      { url: 'file:///etc/passwd', parent: null },
      null,
    ]) {
      expect(await invoke({ senderFrame }, 'tasks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('serves the UI from the scheme with a CSP and refuses traversal', async () => {
    const handler = recorded.protocolHandlers.get('app')!;
    const index = await handler(new Request(`${APP_ORIGIN}/index.html`));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect((await handler(new Request(`${APP_ORIGIN}/..%2f..%2fpackage.json`))).status).toBe(404);
    expect((await handler(new Request('app://other-host/index.html'))).status).toBe(404);
  });

  it('denies navigation away, new windows, webviews and every permission', () => {
    const created = recorded.appListeners.get('web-contents-created')!;
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    created({}, { on: (n: string, fn: never) => listeners.set(n, fn), setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn) });
    const attempt = (name: string, url?: string) => {
      let prevented = false;
      listeners.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(attempt('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    let granted: boolean | undefined;
    recorded.permissionRequest?.({}, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(recorded.permissionCheck?.({}, 'notifications')).toBe(false);
  });
});

describe('preload', () => {
  it('exposes exactly one object with one function that calls the one channel', async () => {
    await import('./preload');
    expect(recorded.exposed).toHaveLength(1);
    const [key, api] = recorded.exposed[0]!;
    expect(key).toBe('countyLedger');
    expect(Object.keys(api)).toEqual(['invoke']);
    await (api.invoke as (m: string, i: unknown) => Promise<unknown>)('tasks.list', {});
    expect(recorded.rendererInvokes).toEqual([[IPC_CHANNEL, 'tasks.list', {}, undefined]]);
  });
});
