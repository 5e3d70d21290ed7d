import { copyFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import type { UpdateState } from '../../shared/contract-desktop';
import type { About } from '../../shared/contract-system';
import type { FileDialog } from '../../shared/ipc';
import { fail, type Result } from '../../shared/result';
import type { Log } from '../core/log';
import type { CoreConnection } from './core-host';
import type { DesktopHandlers, Forward } from './ipc';
import type { MenuActions } from './menu';
import { UpdateService } from './updater';

// What the desktop shell itself does for the renderer and the menus: file dialogs, 关于, opening
// folders, updates (from the administrator's server, or an offline file the city signed), and the
// dialog when something crashed.

export type DesktopDeps = { core: CoreConnection; log: Log; logDir: string; userData: string; window: () => BrowserWindow | null; quit: () => void };

export function createDesktop(deps: DesktopDeps) {
  const { core, log } = deps;
  const updates = new UpdateService(
    (configPath) => ({
      version: app.getVersion(),
      name: app.getName(),
      isPackaged: app.isPackaged,
      appUpdateConfigPath: configPath,
      userDataPath: deps.userData,
      baseCachePath: join(deps.userData, 'cache'),
      whenReady: () => app.whenReady(),
      relaunch: () => app.relaunch(),
      quit: () => app.quit(),
      onQuit: (handler) => app.once('quit', (_event, code) => handler(code)),
    }),
    deps.userData,
    log,
  );
  /** An offline update the core verified (.cupdate): its unpacked installer. */
  let offline: { version: string; notes: string; installer: string } | null = null;

  const about = async (): Promise<About | null> => {
    const result = await core.call('system.about', {}, undefined);
    return result.ok ? (result.value as About) : null;
  };

  const status = (): UpdateState =>
    offline ? { state: 'downloaded', version: offline.version, notes: offline.notes, percent: 100, message: `离线更新 ${offline.version} 已核验，可以重启并安装` } : updates.status();

  const choosePath = async (spec: FileDialog): Promise<string | null> => {
    const win = deps.window();
    const options = { title: spec.title, properties: [spec.kind === 'open-folder' ? ('openDirectory' as const) : ('openFile' as const), 'createDirectory' as const], ...(spec.filters ? { filters: spec.filters } : {}) };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };

  const openFolder = async (which: 'data' | 'database' | 'evidence' | 'logs' | 'backups'): Promise<null> => {
    const info = await about();
    if (!info) return null;
    if (which === 'database') shell.showItemInFolder(info.paths.database);
    else await shell.openPath(which === 'data' ? info.paths.dataDir : which === 'logs' ? deps.logDir : which === 'evidence' ? info.paths.evidence : info.paths.backups);
    return null;
  };

  /** Backs up (the core refuses anyone but an administrator), then hands over to the installer. */
  const installUpdate = async (session: string | undefined): Promise<null | Result<never>> => {
    const backup = await core.call('system.backup', { beforeUpdate: true }, session);
    if (!backup.ok) return backup;
    log.info(`安装更新前已备份：${JSON.stringify((backup.value as { fileName: string }).fileName)}`);
    if (offline) {
      const installer = offline.installer;
      if (process.env.APPIMAGE) {
        copyFileSync(installer, process.env.APPIMAGE);
        chmodSync(process.env.APPIMAGE, 0o755);
        app.relaunch();
      } else {
        const opened = await shell.openPath(installer);
        if (opened) return fail('INTERNAL', `无法启动安装程序：${opened}`);
      }
      deps.quit();
      return null;
    }
    if (updates.status().state !== 'downloaded') return fail('STATE', '没有已下载的更新');
    updates.install();
    return null;
  };

  const handlers: DesktopHandlers = {
    'desktop.openFolder': (input) => openFolder(input.which),
    'desktop.checkUpdate': async () => {
      const info = await about();
      updates.configure(info?.updateUrl ?? '');
      return offline ? status() : updates.check();
    },
    'desktop.downloadUpdate': () => updates.download(),
    'desktop.updateStatus': async () => status(),
    'desktop.installUpdate': (_input, session) => installUpdate(session),
    'desktop.relaunch': async () => {
      app.relaunch();
      deps.quit();
      return null;
    },
  };

  /** Remembers what the main process must act on from a core answer (a verified offline update). */
  const forward: Forward = async (method, input, session) => {
    const result = await core.call(method, input, session);
    if (method === 'system.verifyUpdateFile' && result.ok) offline = result.value as typeof offline;
    return result;
  };

  const crashed = async (title: string, detail: string): Promise<void> => {
    log.error(`${title}：${detail}`);
    const win = deps.window();
    const options = { type: 'error' as const, title: '县域电商台账', message: title, detail, buttons: ['重新加载', '打开日志文件夹', '关闭'], defaultId: 0, cancelId: 2 };
    const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    if (response === 0) deps.window()?.webContents.reload();
    if (response === 1) await shell.openPath(deps.logDir);
  };

  const confirmQuit = async (message: string): Promise<boolean> => {
    const options = { type: 'question' as const, title: '县域电商台账', message, detail: '退出前会等这一步完成并保存，不会留下半截数据。', buttons: ['完成后退出', '不退出'], defaultId: 0, cancelId: 1 };
    const win = deps.window();
    const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    return response === 0;
  };

  const showAbout = async (): Promise<void> => {
    const info = await about();
    if (!info) return;
    const detail = [
      `版本 ${info.appVersion}（Electron ${info.electron ?? process.versions.electron}，Node.js ${info.node}，SQLite ${info.sqlite}，数据库结构版本 ${info.schemaVersion}）`,
      info.policy ? `政策包：${info.policy.docNo} ${info.policy.version}\n摘要 ${info.policy.digest}` : '',
      `数据库：${info.paths.database}`,
      `证据文件：${info.paths.evidence}`,
      `日志：${deps.logDir}`,
      `备份：${info.paths.backups}`,
    ].filter(Boolean).join('\n');
    const { response } = await dialog.showMessageBox({ type: 'info', title: '关于县域电商台账', message: '县域电商台账', detail, buttons: ['打开数据所在文件夹', '打开日志文件夹', '确定'], defaultId: 2, cancelId: 2 });
    if (response === 0) await openFolder('database');
    if (response === 1) await openFolder('logs');
  };

  const menuActions: MenuActions = {
    openData: () => void openFolder('database'),
    openLogs: () => void shell.openPath(deps.logDir),
    about: () => void showAbout(),
    quit: () => deps.quit(),
  };

  return { handlers, choosePath, forward, crashed, confirmQuit, menuActions, showAbout };
}
