import { chinaToday } from '../../../shared/dates';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainError } from '../../../shared/result';
import { backupDirOf } from '../backup/schedule';
import { exportTransferPackage, importTransferPackage } from '../backup/transfer';
import { type HandlerGroup, signedIn } from '../calls';
import type { Core } from '../core';
import { schemaVersion, sqliteVersion } from '../db/open';
import { passphraseProtector } from '../exchange/keys';
import { loadSignedPack } from '../exchange/signed-pack';
import { defaultDatabasePath } from '../paths';
import { activePolicyPack } from '../policy/repository';
import { configuredFontPath } from '../settings/service';
import { verifyUpdateFile } from '../update/offline';
import { setupChecklist } from './setup-checklist';
import { backupNow, inspectBackup, listBackups, mayReplaceData, moveDataDir, recordSetting, restoreStaged, setBackupDir, updateUrl } from './service';

/** The desktop app's key store, or the passphrase the administrator typed (web build, CLI). */
function keyProtector(core: Core, passphrase: string | undefined) {
  if (core.keyProtector) return core.keyProtector;
  if (!passphrase) throw new DomainError('VALIDATION', '请填写签名密钥口令', { field: 'keyPassphrase' });
  return passphraseProtector(passphrase);
}

export const systemHandlers: HandlerGroup<'system'> = {
  'system.about': (_input, core) => ({
    appVersion: core.appVersion,
    electron: core.runtime.electron,
    node: core.runtime.node,
    sqlite: sqliteVersion(core.db),
    schemaVersion: schemaVersion(core.db),
    policy: activePolicyPack(core.db),
    desktop: core.desktop,
    paths: { dataDir: dirname(core.dbPath), database: core.dbPath, evidence: join(core.dataDir, 'evidence'), logs: core.runtime.logDir, backups: backupDirOf(core.db, core.dataDir) },
    updateUrl: updateUrl(core),
  }),
  'system.backup': async (input, core) => {
    const backup = await backupNow(core, input.beforeUpdate ? 'update' : 'manual');
    return { fileName: backup.fileName, path: backup.path, entries: backup.manifest.ledger.entries, files: backup.manifest.files.length };
  },
  'system.backups': (_input, core) => listBackups(core),
  'system.setupChecklist': (_input, core) => setupChecklist(core.db, Number(chinaToday(core.ledger.now()).slice(0, 4))),
  'system.setBackupDir': (input, core, ctx) => ({ dir: setBackupDir(core, signedIn(ctx), resolve(input.path)) }),
  'system.inspectBackup': (input, core, ctx) => {
    mayReplaceData(core, ctx.principal);
    return inspectBackup(core, input.path);
  },
  'system.restore': (input, core, ctx) => {
    mayReplaceData(core, ctx.principal);
    const result = restoreStaged(core, input.staged);
    core.log.info(`已从备份恢复：账本 ${result.summary.ledger.entries} 条记录；原数据移至 ${result.replacedDir ?? '（无）'}`);
    return result;
  },
  'system.exportTransfer': (input, core) => exportTransferPackage(core, keyProtector(core, input.keyPassphrase), input.passphrase, input.repeated, join(core.dataDir, 'exports')),
  'system.importTransfer': (input, core, ctx) => {
    mayReplaceData(core, ctx.principal);
    const protector = keyProtector(core, input.keyPassphrase);
    core.db.close();
    try {
      return importTransferPackage(input.path, input.passphrase, protector, core.dbPath);
    } finally {
      core.reopen();
    }
  },
  'system.moveDataDir': (input, core, ctx) => {
    if (resolve(core.dbPath) !== resolve(defaultDatabasePath())) throw new DomainError('STATE', '本程序正以指定的数据库文件运行，不能在此移动数据文件夹');
    return moveDataDir(core, signedIn(ctx), input.path);
  },
  'system.setUpdateUrl': (input, core, ctx) => {
    recordSetting(core, signedIn(ctx), 'updateUrl', input.url);
    return { url: input.url };
  },
  'system.setFont': (input, core, ctx) => {
    recordSetting(core, signedIn(ctx), 'fontPath', input.path);
    return { fontPath: configuredFontPath(core.db) ?? '' };
  },
  'system.loadSignedPack': (input, core, ctx) => {
    if (!existsSync(input.path)) throw new DomainError('NOT_FOUND', `文件「${input.path}」不存在`);
    return loadSignedPack(core.ledger, signedIn(ctx), readFileSync(input.path));
  },
  'system.verifyUpdateFile': (input, core) => verifyUpdateFile(core.db, input.path, core.appVersion, join(core.dataDir, 'updates')),
};
