import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup } from '../core/backup/backup';
import { replaceWithStaged, stageBackup } from '../core/backup/restore';
import { acquireDatabaseLock } from '../core/db/lock';
import { cliProgram, type Command, printJson, required, withExistingCore } from './io';

// Backup and restore from the command line: the same zip the app makes, the same checks before
// anything is replaced.

export const BACKUP_COMMANDS: Record<string, Command> = {
  backup: {
    usage: 'backup --db FILE --out DIR',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, out: { type: 'string' } } });
      const out = resolve(required(values.out, '--out'));
      return withExistingCore(required(values.db, '--db'), async (core) => {
        const backup = await createBackup({ db: core.db, dataDir: core.dataDir, appVersion: core.appVersion }, out, 'manual');
        process.stdout.write(`${backup.path}\n`);
        console.error(`已备份：账本 ${backup.manifest.ledger.entries} 条记录，${backup.manifest.files.length} 个文件`);
        return 0;
      });
    },
  },
  restore: {
    usage: 'restore --db FILE --from BACKUP',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, from: { type: 'string' } } });
      const dbPath = resolve(required(values.db, '--db'));
      const from = resolve(required(values.from, '--from'));
      // the database may not exist yet (a new PC); its lock is taken all the same, so a running app is never replaced under it
      mkdirSync(dirname(dbPath), { recursive: true });
      const lock = acquireDatabaseLock(dbPath, cliProgram());
      try {
        const staged = stageBackup(from, dirname(dbPath));
        const { replacedDir } = replaceWithStaged(staged, dbPath);
        printJson({ ok: true, db: dbPath, restored: staged.summary, replacedDir });
        console.error(
          `已从备份恢复：${staged.summary.install.county?.name ?? '本机'}，账本 ${staged.summary.ledger.entries} 条记录，` +
            `最近关闭的季度 ${staged.summary.lastClosedQuarter ?? '无'}，备份于 ${staged.summary.createdAt}` +
            (replacedDir ? `；原有数据已移至 ${replacedDir}` : ''),
        );
        return 0;
      } finally {
        lock.release();
      }
    },
  },
};
