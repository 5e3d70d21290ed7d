import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { APP_ORIGIN } from '../../shared/ipc';
import { DomainError } from '../../shared/result';
import { type Core, openCore } from '../core/core';
import { safeStorageProtector } from './safe-storage';
import { registerInvokeHandler } from './ipc';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { hardenApp, hardenSession, secureWebPreferences } from './security';

// The desktop shell: thin. It opens the core, wires the one IPC channel and shows the window.

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
hardenApp(app);

let core: Core | null = null;

function resourcePath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(app.getAppPath(), ...parts);
}

/** An Electron-ABI build of better-sqlite3 kept beside the Node one (see README). */
function electronSqliteBinding(): string | undefined {
  const candidate = process.env.COUNTY_LEDGER_NATIVE_BINDING ?? resourcePath('native', 'electron', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

function openLedger(): Core {
  const dataDir = app.getPath('userData');
  mkdirSync(dataDir, { recursive: true });
  const nativeBinding = electronSqliteBinding();
  return openCore({
    dbPath: process.env.COUNTY_LEDGER_DB ?? join(dataDir, 'ledger.db'),
    seedPolicyDir: resourcePath('seeds', 'huainan-2019'),
    appVersion: app.getVersion(),
    ...(nativeBinding ? { nativeBinding } : {}),
    // safeStorage works only after 'ready', which is when this runs
    ...(() => {
      const keyProtector = safeStorageProtector(safeStorage);
      return keyProtector ? { keyProtector } : {};
    })(),
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: '县域电商台账',
    show: false,
    webPreferences: secureWebPreferences(join(app.getAppPath(), 'dist', 'electron', 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(
  () => {
    try {
      core = openLedger();
    } catch (error) {
      const message = error instanceof DomainError ? error.message : `无法打开数据库：${String(error)}`;
      dialog.showErrorBox('县域电商台账无法启动', message);
      app.quit();
      return;
    }
    hardenSession(session.defaultSession);
    registerAppProtocol(protocol, join(app.getAppPath(), 'dist', 'renderer'));
    registerInvokeHandler(ipcMain, core);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (error: unknown) => {
    dialog.showErrorBox('县域电商台账无法启动', String(error));
    app.quit();
  },
);

app.on('window-all-closed', () => {
  core?.close();
  core = null;
  app.quit();
});
