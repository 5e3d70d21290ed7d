import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppImageUpdater, type AppUpdater, DebUpdater, NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { UpdateState } from '../../shared/contract-desktop';
import type { Log } from '../core/log';

// Updates from the administrator's own server (e.g. the city's intranet): electron-updater's
// generic provider, off until a URL is set, never downloading by itself. The clerk sees
// 发现新版本 x.y.z with its notes, a progress bar and 重启并安装; electron-updater checks the
// download's sha512 against latest.yml before anything is installed.

export type UpdaterFactory = (app: AppAdapter) => AppUpdater;

/** The platform's updater: NSIS on Windows; the AppImage updater when run as an AppImage; otherwise the deb one. */
export const platformUpdater: UpdaterFactory = (app) => {
  if (process.platform === 'win32') return new NsisUpdater(null, app);
  if (process.env.APPIMAGE) return new AppImageUpdater(null, app);
  return new DebUpdater(null, app);
};

/** electron-updater reads its cache folder's name from an update config file: ours, written beside the user's data. */
export function writeUpdateConfig(dir: string, url: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'app-update.yml');
  writeFileSync(path, `provider: generic\nurl: ${JSON.stringify(url)}\nupdaterCacheDirName: county-ledger-updater\n`);
  return path;
}

const notesText = (notes: unknown): string =>
  typeof notes === 'string' ? notes.replace(/<[^>]+>/g, '') : Array.isArray(notes) ? notes.map((n: { note?: unknown }) => notesText(n.note)).join('\n') : '';

export class UpdateService {
  private updater: AppUpdater | null = null;
  private url = '';
  private current: UpdateState = { state: 'off', version: null, notes: '', percent: 0, message: '管理员尚未设置更新服务器地址' };

  constructor(
    private readonly makeApp: (configPath: string) => AppAdapter,
    private readonly configDir: string,
    private readonly log: Log,
    private readonly factory: UpdaterFactory = platformUpdater,
  ) {}

  status(): UpdateState {
    return { ...this.current };
  }

  /** Points the updater at the administrator's URL; an empty URL turns updates off. */
  configure(url: string): void {
    if (url === this.url && this.updater) return;
    this.url = url;
    this.updater = null;
    if (!url) {
      this.current = { state: 'off', version: null, notes: '', percent: 0, message: '管理员尚未设置更新服务器地址' };
      return;
    }
    const updater = this.factory(this.makeApp(writeUpdateConfig(this.configDir, url)));
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    updater.logger = { info: (m: unknown) => this.log.info(`更新：${String(m)}`), warn: (m: unknown) => this.log.warn(`更新：${String(m)}`), error: (m: unknown) => this.log.error(`更新：${String(m)}`), debug: () => {} };
    updater.setFeedURL({ provider: 'generic', url });
    updater.on('download-progress', (p: { percent: number }) => (this.current = { ...this.current, state: 'downloading', percent: Math.round(p.percent) }));
    this.updater = updater;
    this.current = { state: 'idle', version: null, notes: '', percent: 0, message: '' };
  }

  async check(): Promise<UpdateState> {
    const updater = this.updater;
    if (!updater) return this.status();
    this.current = { ...this.current, state: 'checking', message: '正在检查更新' };
    try {
      const result = await updater.checkForUpdates();
      if (!result?.isUpdateAvailable) {
        this.current = { state: 'none', version: null, notes: '', percent: 0, message: '已是最新版本' };
      } else {
        const info = result.updateInfo;
        this.current = { state: 'available', version: info.version, notes: notesText(info.releaseNotes), percent: 0, message: `发现新版本 ${info.version}` };
      }
    } catch (error) {
      this.fail('检查更新失败', error);
    }
    return this.status();
  }

  /** Downloads the offered version; electron-updater refuses a file whose sha512 differs from latest.yml. */
  async download(): Promise<UpdateState> {
    const updater = this.updater;
    if (!updater || this.current.state !== 'available') return this.status();
    this.current = { ...this.current, state: 'downloading', percent: 0, message: '正在下载' };
    try {
      await updater.downloadUpdate();
      this.current = { ...this.current, state: 'downloaded', percent: 100, message: `新版本 ${this.current.version} 已下载，可以重启并安装` };
    } catch (error) {
      this.fail('下载更新失败（文件不完整或校验不符，已丢弃）', error);
    }
    return this.status();
  }

  /** Installs the downloaded version and restarts; the caller backs up first. */
  install(): void {
    if (!this.updater || this.current.state !== 'downloaded') throw new Error('没有已下载的更新');
    this.updater.quitAndInstall(false, true);
  }

  private fail(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log.error(`${what}：${message}`);
    this.current = { state: 'error', version: this.current.version, notes: this.current.notes, percent: 0, message: `${what}：${message.split('\n')[0]}` };
  }
}
