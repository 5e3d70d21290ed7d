import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session } from 'electron';
import { APP_ORIGIN } from '../../shared/ipc';
import { dataDirectory, DATABASE_FILE } from '../core/paths';
import { describeError, fileLog, startLine } from '../core/log';
import { CoreConnection } from './core-host';
import { createDesktop } from './desktop';
import { registerInvokeHandler } from './ipc';
import { applicationMenu, contextMenu } from './menu';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { QuitGuard } from './quit';
import { keyStoreSecret } from './safe-storage';
import { hardenApp, hardenSession, secureWebPreferences } from './security';
import { initialBounds, loadWindowState, MIN_HEIGHT, MIN_WIDTH, saveWindowState } from './window-state';

// The desktop shell: thin. The core runs in its own utility process (core-process.ts); this
// process keeps what needs Electron: the window, menus, dialogs, the OS key store and updates.
// One instance per user: a second launch focuses the open window.

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
hardenApp(app);

function resourcePath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(app.getAppPath(), ...parts);
}

/** Environment overrides are for development only: a packaged app ignores them. */
function devOverride(name: 'COUNTY_LEDGER_DB' | 'COUNTY_LEDGER_NATIVE_BINDING'): string | undefined {
  return app.isPackaged ? undefined : process.env[name];
}

/** The Electron-ABI build of better-sqlite3, kept apart from the Node build the tests use (README: 桌面版与 better-sqlite3). */
function electronSqliteBinding(): string | undefined {
  const candidate = devOverride('COUNTY_LEDGER_NATIVE_BINDING') ?? (app.isPackaged ? resourcePath('native', 'better_sqlite3.node') : resourcePath('native', `electron-${{ win32: 'win', darwin: 'mac' }[process.platform as string] ?? 'linux'}-${process.arch}`, 'better_sqlite3.node'));
  return existsSync(candidate) ? candidate : undefined;
}

const dbPath = devOverride('COUNTY_LEDGER_DB') ?? join(dataDirectory(), DATABASE_FILE);
const logDir = join(dirname(dbPath), 'logs');
const log = fileLog(logDir, 'main');
let window: BrowserWindow | null = null;
let core: CoreConnection | null = null;

function showWindow(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function createWindow(): BrowserWindow {
  const statePath = join(app.getPath('userData'), 'window-state.json');
  const bounds = initialBounds(loadWindowState(statePath), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: '县域电商台账',
    show: false,
    webPreferences: secureWebPreferences(join(app.getAppPath(), 'dist', 'electron', 'preload.cjs')),
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(statePath, { ...win.getNormalBounds(), maximized: win.isMaximized() }));
  win.webContents.on('context-menu', (_event, params) => Menu.buildFromTemplate(contextMenu(params)).popup({ window: win }));
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function ready(): Promise<void> {
  mkdirSync(dirname(dbPath), { recursive: true });
  log.info(startLine('桌面版', { app: app.getVersion(), electron: process.versions.electron, node: process.versions.node, packaged: String(app.isPackaged) }, dbPath));
  const secret = keyStoreSecret(safeStorage, join(app.getPath('userData'), 'keystore.bin'));
  const nativeBinding = electronSqliteBinding();
  core = new CoreConnection(
    join(app.getAppPath(), 'dist', 'electron', 'core-process.mjs'),
    {
      dbPath,
      seedPolicyDir: resourcePath('seeds', 'huainan-2019'),
      appVersion: app.getVersion(),
      logDir,
      ...(nativeBinding ? { nativeBinding } : {}),
      ...(secret ? { keyStoreSecret: secret } : {}),
    },
    log,
  );
  const failure = await core.start();
  if (failure) {
    log.error(`无法启动：${failure.code} ${failure.message}`);
    dialog.showErrorBox('县域电商台账无法启动', failure.message);
    app.exit(1);
    return;
  }
  const connection = core;
  const desktop = createDesktop({ core: connection, log, logDir, userData: app.getPath('userData'), window: () => window, quit: () => app.quit() });
  crashDialog = desktop.crashed;
  connection.onCrash = ({ restarted }) => desktop.crashed('程序的核心部分意外退出', restarted ? '已自动重新启动；刚才进行的那一步没有完成，请重试。' : '多次重新启动都失败了，请把日志发给技术人员。');
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol, join(app.getAppPath(), 'dist', 'renderer'));
  registerInvokeHandler(ipcMain, { forward: desktop.forward, desktop: desktop.handlers, choosePath: desktop.choosePath });
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu(desktop.menuActions, app.isPackaged)));
  window = createWindow();
  window.on('closed', () => (window = null));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('render-process-gone', (_event, _contents, details) => desktop.crashed('界面意外退出', `原因：${details.reason}。请重新加载。`));
  app.on('child-process-gone', (_event, details) => {
    if (details.type !== 'Utility') log.warn(`子进程退出：${details.type} ${details.reason}`);
  });
  quit.attach(connection, (message) => desktop.confirmQuit(message));
}

const quit = new QuitGuard(app, log);
/** Before the desktop's dialogs exist: an error box and the log. */
let crashDialog = async (title: string, detail: string): Promise<void> => {
  log.error(`${title}：${detail}`);
  dialog.showErrorBox(`县域电商台账：${title}`, `${detail}\n日志在：${logDir}`);
};

if (!app.requestSingleInstanceLock()) {
  // another copy is running: it gets 'second-instance' and comes to the front
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  process.on('uncaughtException', (error) => void crashDialog('程序出现了未处理的错误', describeError(error).split('\n')[0] ?? ''));
  process.on('unhandledRejection', (reason) => void crashDialog('程序出现了未处理的错误', describeError(reason).split('\n')[0] ?? ''));
  app.whenReady().then(ready, (error: unknown) => {
    dialog.showErrorBox('县域电商台账无法启动', String(error));
    app.quit();
  });
  app.on('window-all-closed', () => app.quit());
}
