import type { App } from 'electron';
import type { Log } from '../core/log';
import type { CoreConnection } from './core-host';

// A calm quit: while an import, export, backup or restore runs, quitting asks first, then waits
// for the call to finish (its transaction commits or rolls back whole), asks the core to close the
// database, and only then lets the app go.

const LABELS: Record<string, string> = {
  'registry.import': '导入名单',
  'registry.importTable': '导入名单',
  'exchange.export': '生成数据包',
  'city.importBundle': '导入数据包',
  'system.backup': '备份',
  'system.restore': '从备份恢复',
  'system.importTransfer': '导入迁移包',
  'system.exportTransfer': '导出迁移包',
  'system.moveDataDir': '移动数据文件夹',
  'policy.loadDirectory': '载入政策包',
  'system.loadSignedPack': '载入政策包',
};

type QuitEvent = { preventDefault(): void };

export class QuitGuard {
  private state: 'running' | 'asking' | 'closing' | 'done' = 'running';
  private core: Pick<CoreConnection, 'longWritesUnderWay' | 'drained' | 'stop'> | null = null;
  private confirm: (message: string) => Promise<boolean> = async () => true;

  constructor(
    private readonly app: Pick<App, 'on' | 'quit'>,
    private readonly log: Log,
  ) {
    app.on('before-quit', (event: QuitEvent) => void this.beforeQuit(event));
  }

  attach(core: Pick<CoreConnection, 'longWritesUnderWay' | 'drained' | 'stop'>, confirm: (message: string) => Promise<boolean>): void {
    this.core = core;
    this.confirm = confirm;
  }

  private async beforeQuit(event: QuitEvent): Promise<void> {
    if (this.state === 'done' || !this.core) return;
    event.preventDefault();
    if (this.state !== 'running') return;
    const underWay = this.core.longWritesUnderWay();
    if (underWay.length > 0) {
      this.state = 'asking';
      const what = [...new Set(underWay.map((m) => LABELS[m] ?? m))].join('、');
      if (!(await this.confirm(`正在${what}，现在退出吗？`))) {
        this.state = 'running';
        return;
      }
    }
    this.state = 'closing';
    await this.core.drained();
    await this.core.stop();
    this.log.info('桌面版退出');
    this.state = 'done';
    this.app.quit();
  }
}
