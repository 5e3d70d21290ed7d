import { z } from 'zod';
import { LoadedPolicyPack } from './domain/policy';
import { SetupItem } from './domain/setup';

// The contract's methods for the program itself: 关于, backups and restore, moving to a new PC,
// the data folder, the update server and offline update files. Methods that take a path are
// reached in the desktop build only through a file dialog of the main process (FILE_METHODS in
// shared/ipc.ts); the renderer never hands the main process a path.

const ADMIN = ['admin'] as const;
const Path = z.string().trim().min(1, { message: '请选择文件或文件夹' }).max(1000);
const TransferPassphrase = z.string().min(8, { message: '迁移包口令至少 8 个字符' }).max(200);

export const About = z.object({
  appVersion: z.string(),
  electron: z.string().nullable(),
  node: z.string(),
  sqlite: z.string(),
  schemaVersion: z.number().int(),
  policy: LoadedPolicyPack.nullable(),
  desktop: z.boolean(),
  paths: z.object({ dataDir: z.string(), database: z.string(), evidence: z.string(), logs: z.string().nullable(), backups: z.string() }),
  updateUrl: z.string(),
});
export type About = z.infer<typeof About>;

export const BackupSummary = z.object({
  reason: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  install: z.object({ role: z.enum(['county', 'city']).nullable(), county: z.object({ code: z.string(), name: z.string() }).nullable() }),
  ledger: z.object({ entries: z.number().int(), headSeq: z.number().int(), headHash: z.string() }),
  lastClosedQuarter: z.string().nullable(),
  files: z.number().int(),
  bytes: z.number().int(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const UpdateOffer = z.object({ version: z.string(), notes: z.string(), fileName: z.string(), sha256: z.string() });
export type UpdateOffer = z.infer<typeof UpdateOffer>;

export const systemMethods = {
  'system.about': { input: z.object({}).strict(), output: About, access: 'public' },
  'system.backup': { input: z.object({ beforeUpdate: z.boolean().optional() }).strict(), output: z.object({ fileName: z.string(), path: z.string(), entries: z.number().int(), files: z.number().int() }), access: ADMIN },
  'system.backups': {
    input: z.object({}).strict(),
    output: z.object({ dir: z.string(), files: z.array(z.object({ fileName: z.string(), bytes: z.number().int(), modifiedAt: z.string() })) }),
    access: ADMIN,
  },
  'system.setBackupDir': { input: z.object({ path: Path }).strict(), output: z.object({ dir: z.string() }), access: ADMIN },
  /** Unpacks and verifies a backup; nothing is replaced. Public only while no account exists (a new PC). */
  'system.inspectBackup': { input: z.object({ path: Path }).strict(), output: z.object({ staged: z.string(), summary: BackupSummary }), access: 'public' },
  'system.restore': { input: z.object({ staged: z.string().min(1) }).strict(), output: z.object({ summary: BackupSummary, replacedDir: z.string().nullable() }), access: 'public' },
  'system.exportTransfer': {
    input: z.object({ passphrase: TransferPassphrase, repeated: z.string(), keyPassphrase: z.string().max(200).optional() }).strict(),
    output: z.object({ fileName: z.string(), path: z.string(), fingerprints: z.array(z.string()) }),
    access: ADMIN,
  },
  'system.importTransfer': {
    input: z.object({ path: Path, passphrase: z.string().min(1, { message: '请填写迁移包口令' }), keyPassphrase: z.string().max(200).optional() }).strict(),
    output: z.object({ summary: BackupSummary, fingerprints: z.array(z.string()), replacedDir: z.string().nullable() }),
    access: 'public',
  },
  'system.moveDataDir': { input: z.object({ path: Path }).strict(), output: z.object({ dataDir: z.string(), database: z.string() }), access: ADMIN },
  'system.setUpdateUrl': {
    input: z.object({ url: z.union([z.literal(''), z.string().trim().regex(/^https?:\/\/[^\s]+$/, { message: '更新服务器地址应以 http:// 或 https:// 开头' })]) }).strict(),
    output: z.object({ url: z.string() }),
    access: ADMIN,
  },
  'system.setFont': { input: z.object({ path: z.string().trim().max(1000) }).strict(), output: z.object({ fontPath: z.string() }), access: ADMIN },
  'system.loadSignedPack': { input: z.object({ path: Path }).strict(), output: z.object({ digest: z.string(), previousDigest: z.string().nullable() }), access: ADMIN },
  /** Checks an offline update file (.cupdate) and unpacks its installer for the desktop shell to run. */
  'system.setupChecklist': { input: z.object({}).strict(), output: z.array(SetupItem), access: ADMIN },
  'system.verifyUpdateFile': { input: z.object({ path: Path }).strict(), output: UpdateOffer.extend({ installer: z.string() }), access: ADMIN },
} as const;
