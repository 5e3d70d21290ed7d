/** The one IPC channel between preload and main process; everything goes through it. */
export const IPC_CHANNEL = 'county-ledger:invoke';

/** The custom scheme the desktop app loads its UI from: app://county-ledger/index.html */
export const APP_SCHEME = 'app';
export const APP_HOST = 'county-ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;


/** How the main process asks for the path a method needs: the renderer never hands it one. */
export type FileDialog = { kind: 'open-file' | 'open-folder'; title: string; filters?: { name: string; extensions: string[] }[] };

/**
 * Contract methods whose `path` the desktop main process fills in from its own file dialog. From
 * the desktop renderer such a call comes without a path; one that brings its own is refused.
 */
export const FILE_METHODS: Readonly<Record<string, FileDialog>> = {
  'system.inspectBackup': { kind: 'open-file', title: '选择备份文件', filters: [{ name: '县域电商台账备份', extensions: ['zip'] }] },
  'system.importTransfer': { kind: 'open-file', title: '选择迁移包', filters: [{ name: '县域电商台账迁移包', extensions: ['cmove'] }] },
  'system.setBackupDir': { kind: 'open-folder', title: '选择备份文件夹（可选 U 盘或网络共享）' },
  'system.moveDataDir': { kind: 'open-folder', title: '选择新的数据文件夹' },
  'system.setFont': { kind: 'open-file', title: '选择 PDF 中文字体文件', filters: [{ name: '字体', extensions: ['ttf', 'ttc', 'otf'] }] },
  'system.loadSignedPack': { kind: 'open-file', title: '选择市局签名的政策包', filters: [{ name: '签名政策包', extensions: ['json', 'cpack'] }] },
  'system.verifyUpdateFile': { kind: 'open-file', title: '选择离线更新文件', filters: [{ name: '离线更新文件', extensions: ['cupdate'] }] },
  'policy.loadDirectory': { kind: 'open-folder', title: '选择政策包文件夹' },
};

/** Methods of the desktop shell itself (updates, folders, restart), answered by the main process, never by the core. */
export const DESKTOP_PREFIX = 'desktop.';
