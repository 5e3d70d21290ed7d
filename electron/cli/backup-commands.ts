import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup } from '../core/backup/backup';
import { replaceWithStaged, stageBackup } from '../core/backup/restore';
import { acquireDatabaseLock } from '../core/db/lock';
import { DomainError } from '../../shared/result';
import { installSigner, passphraseProtector } from '../core/exchange/keys';
import { activePack, installRole } from '../core/policy/repository';
import { signUpdateFile } from '../core/update/offline';
import { cliProgram, type Command, printJson, required, UsageError, withExistingCore } from './io';
import { dataFolderOf } from '../core/files';

// Backup and restore from the command line: the same zip the app makes, the same checks before
// anything is replaced.

function passphrase(file: string | undefined): string {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  const fromEnv = process.env.COUNTY_LEDGER_KEY_PASSPHRASE;
  if (!fromEnv) throw new UsageError('请用 --passphrase-file 或环境变量 COUNTY_LEDGER_KEY_PASSPHRASE 提供签名密钥口令');
  return fromEnv;
}

export const BACKUP_COMMANDS: Record<string, Command> = {
  'update sign': {
    usage: 'update sign --db CITYDB --installer FILE --version X.Y.Z --notes 说明 --out F.cupdate [--passphrase-file F]（市局为无更新服务器的电脑制作离线更新文件）',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, installer: { type: 'string' }, version: { type: 'string' }, notes: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
      const installer = required(values.installer, '--installer');
      const version = required(values.version, '--version');
      if (!/^\d+\.\d+\.\d+$/.test(version)) throw new UsageError('--version 应写成 1.2.0 这样的三段数字');
      const out = required(values.out, '--out');
      return withExistingCore(required(values.db, '--db'), (core) => {
        if (installRole(core.db)?.role !== 'city') throw new DomainError('FORBIDDEN', '只有市级版可以签名离线更新文件');
        const signer = installSigner(core.ledger, core.actor, core.dataDir, passphraseProtector(passphrase(values['passphrase-file'])), activePack(core.db).exchange?.algorithm ?? 'sm2-sm3');
        const file = signUpdateFile(installer, version, values.notes ?? '', signer, out);
        printJson({ ok: true, out: file.path, version, sha256: file.sha256, fingerprint: signer.fingerprint });
        return 0;
      });
    },
  },
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
        const staged = stageBackup(from, dataFolderOf(dbPath));
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
