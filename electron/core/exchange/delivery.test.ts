import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { type CountyPeople, closeQuarterOf, countyKeyFile, exportQuarter, onFixedClock, PASSPHRASE, setUpCounty } from '../../../test/helpers/exchange';
import { openCore } from '../core';
import { DEFAULT_POLICY_DIR } from '../paths';
import { configureInstallRole } from '../policy/service';
import { openBundle } from './bundle';
import { importBundle, registerCountyKey } from './city';
import { keptBundlePath, pendingBundle, recordPending } from './delivery';
import { currentPublicKey, passphraseProtector, rotateKey } from './keys';
import { bundleExports } from './repository';

// A bundle export is atomic with the ledger: its digest is journaled before its file exists, the
// file is flushed and named, then the export is marked done. Whatever step a process stops at,
// the next start finds either a bundle the ledger records (and marks it done) or none (and frees
// its sequence): the city, holding every bundle file that ever existed, accepts the next one.

const SHOU = '340422';
let county: TempCore;
let people: CountyPeople;
let city: TempCore;
let out: ReturnType<typeof tempDir>;

beforeEach(async () => {
  out = tempDir();
  county = onFixedClock(tempCore());
  people = setUpCounty(county, SHOU);
  await closeQuarterOf(county, people, '2019Q4');
  city = onFixedClock(tempCore());
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
});
afterEach(() => {
  county.dispose();
  city.dispose();
  out.dispose();
});

/** The county's database opened again, as after a crash and a restart. */
function restart(): void {
  county.close();
  const reopened = onFixedClock(openCore({ dbPath: county.dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' }));
  county = { ...reopened, dir: county.dir, dbPath: county.dbPath, dispose: county.dispose };
}

/** The first writing of a bundle_export row fails, as a process that dies right there would stop. */
function failWhenMarkedDone(): void {
  county.db.exec("CREATE TEMP TRIGGER stop_here BEFORE INSERT ON bundle_export BEGIN SELECT RAISE(ABORT, '进程在此停止'); END");
}

/** Every bundle file in the database's folder and the clerk's folder. */
function bundleFiles(): string[] {
  const kept = join(county.dataDir, 'exports');
  return [out.dir, kept].flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cbundle')).map((n) => join(dir, n)) : []));
}

/** The city registers the county's current key, compared by phone. */
function registerAt(core: TempCore) {
  const key = countyKeyFile(core, SHOU, '寿县');
  registerCountyKey(city.ledger, actor('市局'), key, key.fingerprint);
}

const cityTakes = (path: string) => importBundle(city.ledger, actor('市局'), readFileSync(path), path, true).summary.sequence;

describe('a bundle export that stops between its steps', () => {
  it('stopped after the file is on the disk but before it is marked done: the next start marks it done, the city can take it and then the next one', async () => {
    failWhenMarkedDone();
    await expect(exportQuarter(county, '2019Q4', out.dir)).rejects.toThrow('进程在此停止');
    const kept = keptBundlePath(county.dataDir, '340422-2019Q4-0001.cbundle');
    expect(existsSync(kept)).toBe(true); // a complete, signed bundle a clerk could copy to the city now
    expect(pendingBundle(county.db)).toMatchObject({ sequence: 1 }); // and the ledger holds its digest
    restart();
    expect(pendingBundle(county.db)).toBeNull();
    expect(bundleExports(county.db).map((b) => b.sequence)).toEqual([1]);
    const second = await exportQuarter(county, '2019Q4', out.dir);
    expect(second.sequence).toBe(2);
    registerAt(county);
    expect(cityTakes(kept)).toBe(1);
    expect(cityTakes(second.path)).toBe(2);
    expect(county.ledger.verify().ok).toBe(true);
  });

  it('stopped after the digest is journaled but before the file is whole: the next start abandons it, removes the leftover, and the sequence is reused', async () => {
    recordPending(county.ledger, actor('lu'), { sequence: 1, period: '2019Q4', fileName: '340422-2019Q4-0001.cbundle', digest: 'ab'.repeat(32), headSeq: 1, headHash: 'cd'.repeat(32), rows: {}, announces: null });
    const kept = keptBundlePath(county.dataDir, '340422-2019Q4-0001.cbundle');
    mkdirSync(join(county.dataDir, 'exports'), { recursive: true });
    writeFileSync(`${kept}.4242.part`, 'PK\u0003\u0004 半个文件');
    restart();
    expect(pendingBundle(county.db)).toBeNull();
    expect(readdirSync(join(county.dataDir, 'exports'))).toEqual([]);
    expect(county.db.prepare("SELECT count(*) AS n FROM journal WHERE kind = 'bundle.abandoned'").get()).toEqual({ n: 1 });
    const first = await exportQuarter(county, '2019Q4', out.dir);
    expect(first.sequence).toBe(1);
    registerAt(county);
    expect(cityTakes(first.path)).toBe(1);
  });

  it('no bundle file exists that the ledger does not record, however the export failed', async () => {
    failWhenMarkedDone();
    await expect(exportQuarter(county, '2019Q4', out.dir)).rejects.toThrow();
    const recorded = new Set([pendingBundle(county.db)?.digest, ...bundleExports(county.db).map((b) => b.digest)]);
    for (const file of bundleFiles()) expect(recorded.has(openBundle(readFileSync(file)).digest)).toBe(true);
  });

  it('a bundle that announced a rotated key, stopped after the key files moved but before the commit: the next start finishes the switch', async () => {
    const first = await exportQuarter(county, '2019Q4', out.dir);
    registerAt(county);
    expect(cityTakes(first.path)).toBe(1);
    const old = currentPublicKey(county.db)!;
    const next = rotateKey(county.ledger, actor('lu'), county.dataDir, passphraseProtector(PASSPHRASE), 'sm2-sm3');
    failWhenMarkedDone();
    await expect(exportQuarter(county, '2019Q4', out.dir)).rejects.toThrow('进程在此停止');
    // the moves activation makes, done before a commit that never came
    const keys = join(county.dataDir, 'keys');
    renameSync(join(keys, 'signing-key.json'), join(keys, `retired-${old.fingerprint}.json`));
    renameSync(join(keys, 'next-signing-key.json'), join(keys, 'signing-key.json'));
    restart();
    expect(currentPublicKey(county.db)!.fingerprint).toBe(next.fingerprint);
    const third = await exportQuarter(county, '2019Q4', out.dir);
    expect(third.sequence).toBe(3);
    expect(cityTakes(keptBundlePath(county.dataDir, '340422-2019Q4-0002.cbundle'))).toBe(2);
    expect(cityTakes(third.path)).toBe(3);
  });
});
