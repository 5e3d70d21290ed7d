import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, IPC_CHANNEL } from '../../shared/ipc';
import { PROJECT_ROOT } from '../core/paths';
import { StandInUtilityProcess } from '../../test/helpers/utility-process';
import { actor, tempCore } from '../../test/helpers/core';
import { openDatabase } from '../core/db/open';
import { ALL_EVENTS } from '../core/events';
import { installSigner, passphraseProtector } from '../core/exchange/keys';
import { trustCityKey } from '../core/exchange/signed-pack';
import { Ledger } from '../core/ledger/ledger';
import { signUpdateFile } from '../core/update/offline';

// Plain Node cannot load the real 'electron' module, so the shell is exercised against a
// recording stand-in. Only Electron is faked: the core runs, bundled as the desktop app ships
// it (build/build-electron.ts), in a worker thread standing in for the utility process, and the
// calls cross a real MessagePort.

const userData = mkdtempSync(join(tmpdir(), 'county-ledger-shell-'));
process.env.COUNTY_LEDGER_DB = join(userData, 'data', 'ledger.db');

const recorded = vi.hoisted(() => ({
  schemes: [] as unknown[],
  appListeners: new Map<string, ((...args: unknown[]) => unknown)[]>(),
  windows: [] as { options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }; url?: string; focused: number; restored: number; maximized: boolean; reloads: number }[],
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  permissionRequest: null as null | ((...args: unknown[]) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  exposed: [] as [string, Record<string, unknown>][],
  rendererInvokes: [] as unknown[][],
  sandboxEnabled: false,
  errors: [] as string[],
  boxes: [] as { message: string; buttons: string[] }[],
  answers: [] as number[],
  openDialogs: [] as { title: string }[],
  chosenPath: null as string | null,
  opened: [] as string[],
  menu: null as null | { label?: string; submenu?: { label?: string; role?: string }[] }[],
  quits: 0,
  singleInstance: true,
}));

vi.mock('electron', async () => {
  const { standInUtilityProcess, StandInMessageChannel } = await import('../../test/helpers/utility-process');
  const on = (name: string, listener: (...args: unknown[]) => unknown) => recorded.appListeners.set(name, [...(recorded.appListeners.get(name) ?? []), listener]);
  class BrowserWindow {
    static getAllWindows = () => recorded.windows;
    entry: (typeof recorded.windows)[number];
    webContents = { on: () => {}, reload: () => this.entry.reloads++, send: () => {} };
    constructor(options: Record<string, unknown>) {
      this.entry = { options, focused: 0, restored: 0, maximized: false, reloads: 0 };
      recorded.windows.push(this.entry);
    }
    once() {}
    on() {}
    isMinimized = () => true;
    restore = () => this.entry.restored++;
    show() {}
    focus = () => this.entry.focused++;
    maximize = () => (this.entry.maximized = true);
    loadURL(url: string) {
      this.entry.url = url;
      return Promise.resolve();
    }
  }
  const box = async (...args: unknown[]) => {
    const options = args.at(-1) as { message: string; buttons: string[] };
    recorded.boxes.push(options);
    return { response: recorded.answers.shift() ?? 0 };
  };
  return {
    app: {
      isPackaged: false,
      getPath: () => userData,
      getAppPath: () => PROJECT_ROOT,
      getVersion: () => '0.0.0-test',
      getName: () => 'county-ledger',
      enableSandbox: () => (recorded.sandboxEnabled = true),
      requestSingleInstanceLock: () => recorded.singleInstance,
      on,
      once: on,
      whenReady: () => Promise.resolve(),
      quit: () => {
        recorded.quits++;
        for (const listener of recorded.appListeners.get('before-quit') ?? []) listener({ preventDefault: () => recorded.quits-- });
      },
      exit: () => {},
      relaunch: () => {},
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: unknown) => ({ template, popup() {} }), setApplicationMenu: (menu: { template: typeof recorded.menu }) => (recorded.menu = menu.template) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1366, height: 728 } }] },
    dialog: {
      showErrorBox: (_title: string, message: string) => recorded.errors.push(message),
      showMessageBox: box,
      showOpenDialog: async (...args: unknown[]) => {
        recorded.openDialogs.push(args.at(-1) as { title: string });
        return recorded.chosenPath ? { canceled: false, filePaths: [recorded.chosenPath] } : { canceled: true, filePaths: [] };
      },
    },
    shell: { openPath: async (path: string) => (recorded.opened.push(path), ''), showItemInFolder: (path: string) => recorded.opened.push(path) },
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
    utilityProcess: standInUtilityProcess,
    MessageChannelMain: StandInMessageChannel,
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => recorded.exposed.push([key, api]) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        recorded.rendererInvokes.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
    },
  };
});

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify({ forked: StandInUtilityProcess.forked.length, boxes: recorded.boxes, errors: recorded.errors, quits: recorded.quits })}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  const { execFileSync } = await import('node:child_process');
  // the bundles the desktop app ships: main, the core's process, preload
  execFileSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'build', 'build-electron.ts')], { stdio: 'inherit' });
  await import('./main');
  await until(() => recorded.windows.length === 1);
}, 120_000);
afterAll(() => {
  for (const child of StandInUtilityProcess.forked) child.kill();
  rmSync(userData, { recursive: true, force: true });
});

const trustedEvent = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
const invoke = (method: string, input: unknown, session?: string) => recorded.ipcHandlers.get(IPC_CHANNEL)!(trustedEvent, method, input, session) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
let token = '';

describe('Electron main process (stand-in electron, real core in its own process)', { timeout: 60_000 }, () => {
  it('opens one hardened window on the custom scheme, at least 1280×720, filling a 1366×768 screen', () => {
    expect(recorded.errors).toEqual([]);
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.windows).toHaveLength(1);
    const win = recorded.windows[0]!;
    expect(win.url).toBe(`${APP_ORIGIN}/index.html`);
    expect(win.options).toMatchObject({ minWidth: 1280, minHeight: 720 });
    expect(win.maximized).toBe(true);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(win.options.webPreferences?.preload)).toMatch(/dist[\\/]electron[\\/]preload\.cjs$/);
    expect(recorded.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('runs the core in a utility process: the renderer’s calls round-trip through the port', async () => {
    expect(StandInUtilityProcess.forked).toHaveLength(1);
    expect(StandInUtilityProcess.forked[0]!.modulePath).toMatch(/dist[\\/]electron[\\/]core-process\.mjs$/);
    expect([...recorded.ipcHandlers.keys()]).toEqual([IPC_CHANNEL]);
    expect(await invoke('app.info', {})).toMatchObject({ ok: true, value: { tasks: 18, appVersion: '0.0.0-test' } });
    expect(await invoke('progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: 5 })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const setup = await invoke('auth.setup', { username: 'admin', displayName: '管理员', password: 'mima12345', roles: ['clerk'] });
    expect(setup).toMatchObject({ ok: true, value: { roles: ['admin', 'clerk'] } });
    token = (setup.value as { token: string }).token;
    expect(await invoke('progress.saveText', { quarter: '2019Q4', task: 3, expectedRevision: 0, narrative: 5 }, token)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await invoke('system.about', {})).toMatchObject({ ok: true, value: { desktop: true, paths: { database: process.env.COUNTY_LEDGER_DB } } });
    // the bundled core renders PDFs (pdfkit and fontkit inside the bundle) and xlsx
    expect(await invoke('install.configure', { role: 'county', county: '340422' }, token)).toMatchObject({ ok: true });
    for (const format of ['pdf', 'xlsx']) {
      const report = await invoke('progress.report', { quarter: '2019Q4', format }, token);
      expect(report, JSON.stringify(report.error)).toMatchObject({ ok: true });
      const bytes = Buffer.from((report.value as { contentBase64: string }).contentBase64, 'base64');
      expect(bytes.subarray(0, 4).toString('latin1')).toBe(format === 'pdf' ? '%PDF' : 'PK\u0003\u0004');
    }
    for (const senderFrame of [{ url: 'https://evil.example/', parent: null }, { url: `${APP_ORIGIN}/index.html`, parent: {} }, { url: 'file:///etc/passwd', parent: null }, null]) {
      expect(await recorded.ipcHandlers.get(IPC_CHANNEL)!({ senderFrame }, 'tasks.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('takes paths only from its own file dialog; the desktop build refuses an unsigned policy pack', async () => {
    expect(await invoke('system.inspectBackup', { path: '/etc/passwd' }, token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    recorded.chosenPath = null;
    expect(await invoke('system.inspectBackup', {}, token)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(recorded.openDialogs.at(-1)).toMatchObject({ title: '选择备份文件' });
    recorded.chosenPath = join(PROJECT_ROOT, 'seeds', 'huainan-2019');
    expect(await invoke('policy.loadDirectory', {}, token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('签名') } });
    expect(await invoke('settings.save', { fontPath: '/tmp/x.ttf' }, token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('restarts a core that died, answers the call it took with an error, and says so in a dialog', async () => {
    const first = StandInUtilityProcess.forked[0]!;
    first.kill();
    // sent while the process is going down: taken, never answered by it
    const inFlight = invoke('ledger.verify', {}, token);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('已自动重新启动') } });
    await until(() => StandInUtilityProcess.forked.length === 2 && recorded.boxes.some((b) => b.message === '程序的核心部分意外退出'));
    const box = recorded.boxes.find((b) => b.message === '程序的核心部分意外退出')!;
    expect(box.buttons).toEqual(['重新加载', '打开日志文件夹', '关闭']);
    // the restarted core has the same data: the administrator signs in again
    const login = await invoke('auth.login', { username: 'admin', password: 'mima12345' });
    expect(login).toMatchObject({ ok: true });
    token = (login.value as { token: string }).token;
    expect(recorded.windows[0]!.reloads).toBe(1); // 重新加载 was the answer
  });

  it('a second launch focuses the open window', () => {
    const before = recorded.windows[0]!.focused;
    for (const listener of recorded.appListeners.get('second-instance') ?? []) listener({}, [], '');
    expect(recorded.windows[0]!.focused).toBe(before + 1);
    expect(recorded.windows[0]!.restored).toBeGreaterThan(0);
    expect(recorded.windows).toHaveLength(1);
  });

  it('a Chinese menu, DevTools only when not packaged', async () => {
    expect(recorded.menu?.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(recorded.menu?.[2]?.submenu?.some((i) => i.role === 'toggleDevTools')).toBe(true);
    const { applicationMenu, contextMenu } = await import('./menu');
    const packaged = applicationMenu({ openData() {}, openLogs() {}, about() {}, quit() {} }, true);
    expect(JSON.stringify(packaged)).not.toContain('toggleDevTools');
    expect(contextMenu({ isEditable: true, selectionText: '', editFlags: { canCut: true, canCopy: false, canPaste: true } as never }).map((i) => [i.label, i.enabled])).toEqual([
      ['剪切', true],
      ['复制', false],
      ['粘贴', true],
    ]);
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
    const created = recorded.appListeners.get('web-contents-created')![0]!;
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
  it('asks before quitting during a backup, and stays when told to', async () => {
    const backup = invoke('system.backup', {}, token);
    recorded.answers.push(1); // 不退出
    const { app } = await import('electron');
    app.quit();
    await until(() => recorded.boxes.some((b) => b.message.startsWith('正在备份')));
    expect(await backup).toMatchObject({ ok: true });
    expect(recorded.quits).toBe(0);
    expect(await invoke('tasks.list', {}, token)).toMatchObject({ ok: true }); // the core still serves
  });

  it('installs an offline update the city signed only after a backup, then quits once the running backup finished and the core closed the database', async () => {
    // the city signs an installer; this county trusts the city's key
    const city = tempCore();
    const signer = installSigner(city.ledger, actor('市局'), city.dataDir, passphraseProtector('市局口令2019'), 'sm2-sm3');
    const installer = join(city.dir, 'county-ledger-9.9.9-setup-x64.exe');
    writeFileSync(installer, 'MZ 新版本');
    const update = signUpdateFile(installer, '9.9.9', '新版本说明', signer, join(city.dir, 'update.cupdate'));
    const db = openDatabase(process.env.COUNTY_LEDGER_DB!);
    trustCityKey(new Ledger(db, ALL_EVENTS), actor('县局'), { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint }, signer.fingerprint);
    db.close();

    recorded.chosenPath = update.path;
    const verified = await invoke('system.verifyUpdateFile', {}, token);
    expect(verified, JSON.stringify(verified.error)).toMatchObject({ ok: true, value: { version: '9.9.9' } });
    expect(await invoke('desktop.updateStatus', {}, token)).toMatchObject({ ok: true, value: { state: 'downloaded', version: '9.9.9' } });
    const running = invoke('system.backup', {}, token);
    recorded.answers.push(0); // 完成后退出
    const installed = await invoke('desktop.installUpdate', {}, token);
    expect(installed, JSON.stringify(installed.error)).toMatchObject({ ok: true });
    const backups = readdirSync(join(userData, 'data', 'backups'));
    expect(backups.filter((n) => /-update(-\d+)?\.zip$/.test(n))).toHaveLength(1);
    expect(recorded.opened.at(-1)).toMatch(/updates[\\/]county-ledger-9\.9\.9-setup-x64\.exe$/);
    expect(await running).toMatchObject({ ok: true });
    await until(() => recorded.quits === 1);
    expect(readdirSync(join(userData, 'data', 'backups')).filter((n) => n.endsWith('.part'))).toEqual([]);
    // the core closed the database and released its lock before the app went
    expect(existsSync(`${process.env.COUNTY_LEDGER_DB}.lock`)).toBe(false);
    city.dispose();
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
