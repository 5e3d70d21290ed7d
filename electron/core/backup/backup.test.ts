import Database from 'better-sqlite3';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, fixedClock, tempDir } from '../../../test/helpers/core';
import { openCore, type Core } from '../core';
import { openDatabase, schemaVersion } from '../db/open';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { stateTables, tableRowTexts } from '../db/state';
import { buildDemo } from '../demo/demo';
import { storeEvidence } from '../evidence';
import { installSigner, passphraseProtector } from '../exchange/keys';
import { DEFAULT_POLICY_DIR } from '../paths';
import { createBackup } from './backup';
import { replaceWithStaged, stageBackup } from './restore';
import { dailyBackupsToPrune } from './schedule';

// Backups and restores on real files: a county with claims, evidence and a sealed signing key.

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.dispose());

const open = (dbPath: string): Core => openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', clock: fixedClock() });

async function county(dir: string): Promise<Core> {
  mkdirSync(dir, { recursive: true });
  const core = open(join(dir, 'ledger.db'));
  await buildDemo(core, { county: '340422', subjects: 50, claims: 12, seed: 7 });
  storeEvidence(core.dataDir, '公示照片.jpg', Buffer.from('证据文件的内容'));
  installSigner(core.ledger, actor('测试'), core.dataDir, passphraseProtector('县里的口令2019'), 'sm2-sm3');
  return core;
}

/** Every state table's and the journal's rows, and every file beside the database, as texts and digests. */
function contentOf(core: Core): Record<string, string[]> {
  const content: Record<string, string[]> = {};
  for (const table of [...stateTables(core.db), 'journal']) content[table] = tableRowTexts(core.db, table);
  for (const folder of ['evidence', 'keys']) {
    const root = join(core.dataDir, folder);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(`${relative(root, full)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
      }
    };
    if (existsSync(root)) walk(root);
    content[folder] = files;
  }
  return content;
}

/** Every file of a folder with its bytes' digest, to prove a refusal touched nothing. */
function snapshotFolder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(`${relative(dir, full)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

describe('backup and restore', { timeout: 120_000 }, () => {
  it('round-trips a county byte-identical in content, the restored ledger verified', async () => {
    const source = await county(join(tmp.dir, 'old-pc'));
    const before = contentOf(source);
    const backup = await createBackup({ db: source.db, dataDir: source.dataDir, appVersion: 'test' }, join(tmp.dir, 'usb'), 'manual');
    source.close();
    expect(backup.fileName).toMatch(/^county-ledger-340422-\d{8}-\d{6}-manual\.zip$/);
    expect(backup.manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(['database/ledger.db', 'keys/signing-key.json', expect.stringMatching(/^evidence\/[0-9a-f]{2}\/[0-9a-f]{64}$/)]));
    expect(backup.manifest).toMatchObject({ install: { role: 'county', county: { code: '340422', name: '寿县' } }, lastClosedQuarter: '2019Q4' });

    const target = join(tmp.dir, 'new-pc', 'ledger.db'); // does not exist yet
    const staged = stageBackup(backup.path, join(tmp.dir, 'new-pc'));
    expect(staged.summary.ledger).toEqual(backup.manifest.ledger);
    expect(replaceWithStaged(staged, target).replacedDir).toBeNull();
    const restored = open(target);
    expect(restored.ledger.verify()).toMatchObject({ ok: true, headHash: backup.manifest.ledger.headHash });
    expect(contentOf(restored)).toEqual(before);
    restored.close();
    expect(readdirSync(join(tmp.dir, 'new-pc')).filter((n) => n.startsWith('.restore'))).toEqual([]);
  });

  it('keeps the replaced data aside when restoring over a database', async () => {
    const core = await county(join(tmp.dir, 'pc'));
    const backup = await createBackup({ db: core.db, dataDir: core.dataDir, appVersion: 'test' }, join(tmp.dir, 'usb'), 'manual');
    const head = core.ledger.readHead();
    storeEvidence(core.dataDir, '后来的证据.pdf', Buffer.from('备份之后才加的'));
    core.ledger.append('测试', { kind: 'setting.recorded', entity: 'setting:noticeContact', payload: { key: 'noticeContact', value: '备份之后' } });
    const { dbPath, dataDir } = core;
    core.close();
    const { replacedDir } = replaceWithStaged(stageBackup(backup.path, dataDir), dbPath);
    expect(readdirSync(replacedDir!).sort()).toEqual(['evidence', 'keys', 'ledger.db']);
    const restored = open(dbPath);
    expect(restored.ledger.readHead()).toEqual(head);
    restored.close();
    const replaced = new Database(join(replacedDir!, 'ledger.db'), { readonly: true });
    expect(replaced.prepare('SELECT max(seq) AS n FROM journal').get()).toEqual({ n: head.seq + 1 });
    replaced.close();
  });

  it('refuses a damaged or tampered backup with the reason, touching nothing', async () => {
    const core = await county(join(tmp.dir, 'pc'));
    const backup = await createBackup({ db: core.db, dataDir: core.dataDir, appVersion: 'test' }, join(tmp.dir, 'usb'), 'manual');
    const dataDir = core.dataDir;
    const entries = unzipSync(readFileSync(backup.path));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { ledger: { headHash: string }; files: { name: string; size: number; sha256: string }[] };
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const rezip = (name: string, files: Record<string, Uint8Array>, m: unknown = manifest) => {
      const path = join(tmp.dir, name);
      writeFileSync(path, zipSync({ 'manifest.json': strToU8(JSON.stringify(m)), ...files }));
      return path;
    };
    const { 'manifest.json': _m, ...data } = entries;
    const evidenceName = Object.keys(data).find((n) => n.startsWith('evidence/'))!;

    // the database changed outside the ledger, and the manifest recomputed to match: only the ledger check catches it
    const dbFile = join(tmp.dir, 'edited.db');
    writeFileSync(dbFile, data['database/ledger.db']!);
    const raw = new Database(dbFile);
    raw.prepare("UPDATE task SET progress = '未经账本的修改' WHERE no = 1").run();
    raw.close();
    const edited = new Uint8Array(readFileSync(dbFile));
    const editedManifest = { ...manifest, files: manifest.files.map((f) => (f.name === 'database/ledger.db' ? { ...f, size: edited.length, sha256: sha(edited) } : f)) };

    const cases: [string, string, RegExp][] = [
      ['flipped evidence byte', rezip('a.zip', { ...data, [evidenceName]: new Uint8Array([...data[evidenceName]!].map((b, i) => (i === 0 ? b ^ 1 : b))) }), /大小或 SHA-256 与清单不符/],
      ['state edited outside the ledger', rezip('b.zip', { ...data, 'database/ledger.db': edited }, editedManifest), /数据与账本记录不一致：task/],
      ['head rewritten in the manifest', rezip('c.zip', data, { ...manifest, ledger: { ...manifest.ledger, headHash: 'f'.repeat(64) } }), /账本末尾与备份清单所记的不符/],
      ['a file missing', rezip('d.zip', { 'database/ledger.db': data['database/ledger.db']! }), /缺少清单中的文件/],
      ['an extra file', rezip('e.zip', { ...data, 'keys/extra.json': strToU8('{}') }), /清单之外的文件/],
      ['a file outside the data folders', rezip('f.zip', data, { ...manifest, files: [...manifest.files, { name: '../evil', size: 1, sha256: 'a'.repeat(64) }] }), /不允许/],
      ['not a backup', rezip('g.zip', { 'readme.txt': strToU8('hi') }, { hello: 1 }), /备份清单格式不对/],
    ];
    const before = snapshotFolder(dataDir);
    for (const [what, path, reason] of cases) {
      let error: { code?: string; message?: string } = {};
      try {
        stageBackup(path, dataDir);
      } catch (caught) {
        error = caught as typeof error;
      }
      expect({ what, code: error.code }).toEqual({ what, code: 'BACKUP_INVALID' });
      expect(error.message).toMatch(reason);
      expect(error.message).toContain('当前数据未做任何改动');
    }
    expect(snapshotFolder(dataDir)).toEqual(before);
    expect(core.ledger.verify().ok).toBe(true);
    core.close();
  });

  it('takes a backup before migrating a database that holds data, and migrates only once it exists', () => {
    const dir = join(tmp.dir, 'old');
    mkdirSync(dir);
    const dbPath = join(dir, 'ledger.db');
    const old = openDatabase(dbPath, { targetVersion: LATEST_SCHEMA_VERSION - 1 });
    old.prepare("INSERT INTO install_setting (key, value, updated_seq) VALUES ('noticeContact', '旧版本的数据', 1)").run();
    old.close();

    // the backup folder cannot be made (a file stands in its place): no backup, so no migration
    writeFileSync(join(dir, 'backups'), '');
    expect(() => open(dbPath)).toThrow();
    const still = new Database(dbPath, { readonly: true });
    expect(schemaVersion(still)).toBe(LATEST_SCHEMA_VERSION - 1);
    still.close();

    rmSync(join(dir, 'backups'));
    const core = open(dbPath);
    expect(schemaVersion(core.db)).toBe(LATEST_SCHEMA_VERSION);
    core.close();
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toEqual([expect.stringMatching(/-migration\.zip$/)]);
    const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(join(dir, 'backups', backups[0]!)))['manifest.json']!)) as { schemaVersion: number };
    expect(manifest.schemaVersion).toBe(LATEST_SCHEMA_VERSION - 1);
  });

  it('keeps the last 7 daily backups and the first of each of the last 12 months', () => {
    const names: string[] = [];
    for (let d = new Date('2019-01-01T00:00:00Z'); d < new Date('2020-04-10T00:00:00Z'); d = new Date(d.getTime() + 86_400_000)) {
      names.push(`county-ledger-340422-${d.toISOString().slice(0, 10).replace(/-/g, '')}-093000-daily.zip`);
    }
    names.push('county-ledger-340422-20190105-093000-manual.zip');
    const pruned = new Set(dailyBackupsToPrune(names));
    const kept = names.filter((n) => !pruned.has(n));
    expect(kept.filter((n) => n.includes('-202004'))).toHaveLength(8); // 04-03 .. 04-09, and 04-01 as April's first
    expect(kept).toContain('county-ledger-340422-20190501-093000-daily.zip');
    expect(kept).not.toContain('county-ledger-340422-20190401-093000-daily.zip'); // 13th month back
    expect(kept).toContain('county-ledger-340422-20190105-093000-manual.zip');
    expect(kept).toHaveLength(7 + 12 + 1);
  });
});
