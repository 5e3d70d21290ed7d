import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/core';
import { closeQuarterOf, exportQuarter, onFixedClock, PASSPHRASE, setUpCounty } from '../../test/helpers/exchange';
import { type Core, openCore } from './core';
import { readStoredEvidence } from './evidence';
import { currentPublicKey, installSigner, passphraseProtector } from './exchange/keys';
import { dataFolderOf } from './files';
import { DEFAULT_POLICY_DIR } from './paths';
import { addProgressEvidence } from './progress/service';

// Signing keys and evidence belong to one database: two databases in one folder each keep their
// own, and an install from before (keys/ and evidence/ beside the database) keeps its key.

let folder: ReturnType<typeof tempDir>;
let open: Core[];
beforeEach(() => {
  folder = tempDir();
  open = [];
});
afterEach(() => {
  for (const core of open) if (core.db.open) core.close();
  folder.dispose();
});

function openAt(name: string): Core {
  const core = onFixedClock(openCore({ dbPath: join(folder.dir, name), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' }));
  open.push(core);
  return core;
}

describe("a database's own folder", () => {
  it('two databases in one folder each make, keep and sign with their own key, and keep their own evidence', async () => {
    const shou = openAt('寿县.db');
    const feng = openAt('凤台县.db');
    const shouPeople = setUpCounty(shou, '340422');
    const fengPeople = setUpCounty(feng, '340421', 'ed25519');
    expect(currentPublicKey(shou.db)!.fingerprint).not.toBe(currentPublicKey(feng.db)!.fingerprint);
    expect(existsSync(join(folder.dir, '寿县.db.files', 'keys', 'signing-key.json'))).toBe(true);
    expect(existsSync(join(folder.dir, '凤台县.db.files', 'keys', 'signing-key.json'))).toBe(true);
    expect(existsSync(join(folder.dir, 'keys'))).toBe(false);

    addProgressEvidence(shou.ledger, shouPeople.clerk, shou.dataDir, '2020-04-10', { quarter: '2019Q4', task: 3, fileName: '认定文件.pdf', bytes: Buffer.from('寿县的认定文件') });
    const evidence = shou.db.prepare("SELECT payload FROM journal WHERE kind = 'progress.evidence'").get() as { payload: string };
    const sha256 = (JSON.parse(evidence.payload) as { sha256: string }).sha256;
    expect(readStoredEvidence(shou.dataDir, sha256, '认定文件.pdf').toString()).toBe('寿县的认定文件');
    expect(existsSync(join(folder.dir, '寿县.db.files', 'evidence', sha256.slice(0, 2), sha256))).toBe(true);
    expect(() => readStoredEvidence(feng.dataDir, sha256, '认定文件.pdf')).toThrow('丢失');

    for (const [core, people] of [
      [shou, shouPeople],
      [feng, fengPeople],
    ] as const) {
      await closeQuarterOf(core, people, '2019Q4');
      expect((await exportQuarter(core, '2019Q4', join(folder.dir, 'out'))).sequence).toBe(1);
    }
  });

  it('an install from before, with keys/ and evidence/ beside the database, keeps signing with its key and reading its evidence', async () => {
    const before = openAt('ledger.db');
    const people = setUpCounty(before, '340422');
    const fingerprint = currentPublicKey(before.db)!.fingerprint;
    addProgressEvidence(before.ledger, people.clerk, before.dataDir, '2020-04-10', { quarter: '2019Q4', task: 3, fileName: '认定文件.pdf', bytes: Buffer.from('认定文件') });
    const sha256 = (JSON.parse((before.db.prepare("SELECT payload FROM journal WHERE kind = 'progress.evidence'").get() as { payload: string }).payload) as { sha256: string }).sha256;
    before.close();
    // the layout earlier versions left: both folders beside the database
    renameSync(join(dataFolderOf(join(folder.dir, 'ledger.db')), 'keys'), join(folder.dir, 'keys'));
    renameSync(join(dataFolderOf(join(folder.dir, 'ledger.db')), 'evidence'), join(folder.dir, 'evidence'));

    const after = openAt('ledger.db');
    const adopted = join(after.dataDir, 'keys', 'signing-key.json');
    expect(readFileSync(adopted, 'utf8')).toBe(readFileSync(join(folder.dir, 'keys', 'signing-key.json'), 'utf8'));
    expect(installSigner(after.ledger, people.clerk, after.dataDir, passphraseProtector(PASSPHRASE), 'sm2-sm3').fingerprint).toBe(fingerprint);
    expect(readStoredEvidence(after.dataDir, sha256, '认定文件.pdf').toString()).toBe('认定文件');
    await closeQuarterOf(after, people, '2019Q4');
    expect((await exportQuarter(after, '2019Q4', join(folder.dir, 'out'))).sequence).toBe(1);

    // another database opened in that folder does not take the first one's key, and makes its own
    const other = openAt('other.db');
    expect(existsSync(join(other.dataDir, 'keys'))).toBe(false);
    setUpCounty(other, '340421');
    expect(currentPublicKey(other.db)!.fingerprint).not.toBe(fingerprint);
  });
});
