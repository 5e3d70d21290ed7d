import { strToU8, unzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, refusal, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { closeQuarterOf, countyKeyFile, exportQuarter, importTrainees, onFixedClock, setUpCounty } from '../../../test/helpers/exchange';
import { idNumber } from '../../../test/helpers/sheets';
import { craftZip, type CraftedEntry, deflateBomb } from '../../../test/helpers/zip';
import { PROJECT_ROOT } from '../paths';
import { configureInstallRole } from '../policy/service';
import { MAX_MANIFEST_BYTES } from './bundle';
import { importBundle, registerCountyKey } from './city';

// A bundle is read without trusting it: the zip's directory first (names, declared sizes), then
// the manifest and its signature within their caps, then each data file inflated only up to the
// size the signed manifest gives it. A crafted zip is refused before it can cost memory.

const SHOU = '340422';
const ORDER = ['progress.jsonl', 'subjects.jsonl', 'claims.jsonl', 'payments.jsonl', 'journal.jsonl', 'manifest.json', 'signature'];

let county: TempCore;
let city: TempCore;
let out: ReturnType<typeof tempDir>;
let bundle: Uint8Array;
let files: Record<string, Uint8Array>;

beforeEach(async () => {
  out = tempDir();
  county = onFixedClock(tempCore());
  const people = setUpCounty(county, SHOU);
  await importTrainees(county, [{ name: '王小二', id: idNumber('340422', '19850101', 7), bank: '6222020200112233445' }]);
  await closeQuarterOf(county, people, '2019Q4');
  const exported = await exportQuarter(county, '2019Q4', out.dir);
  bundle = readFileSync(exported.path);
  files = unzipSync(bundle);
  city = onFixedClock(tempCore());
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
  const key = countyKeyFile(county, SHOU, '寿县');
  registerCountyKey(city.ledger, actor('市局'), key, key.fingerprint);
  writeFileSync(join(out.dir, 'shou.pub.json'), JSON.stringify(key));
});
afterEach(() => {
  county.dispose();
  city.dispose();
  out.dispose();
});

/** The bundle's own files, in its order, with some replaced or added. */
function entries(change: Record<string, Partial<CraftedEntry>> = {}): CraftedEntry[] {
  return ORDER.map((name) => ({ name, data: files[name]!, ...change[name] }));
}

const cityHead = () => city.ledger.readHead();

function refused(bytes: Uint8Array) {
  const before = cityHead();
  const error = refusal(() => importBundle(city.ledger, actor('市局'), bytes, 'x.cbundle', true));
  expect(cityHead()).toEqual(before);
  return error;
}

describe('reading a bundle within bounds', () => {
  it('the hand-written zip of the same files imports: the reader takes any honest zip, not only our writer’s', () => {
    expect(importBundle(city.ledger, actor('市局'), craftZip(entries()), 'x.cbundle', true).committed).toBe(true);
  });

  it('an accepted bundle is journaled as its header, then its rows in pieces, then the recheck', () => {
    const before = cityHead().seq;
    importBundle(city.ledger, actor('市局'), bundle, 'x.cbundle', true);
    const kinds = city.ledger.recent(10).filter((e) => e.seq > before).reverse().map((e) => e.kind);
    // one trainee and no claim: one piece of subjects, no piece of claims
    expect(kinds).toEqual(['bundle.imported', 'bundle.rows', 'recheck.recorded']);
    const header = city.ledger.recent(10).find((e) => e.kind === 'bundle.imported')!;
    expect(header.payload).toMatchObject({ county: SHOU, subjects: [], claims: [] });
    expect(city.ledger.verify().ok).toBe(true);
  });

  it('a file that appears twice is refused, whichever copy comes first', () => {
    const tampered = strToU8(new TextDecoder().decode(files['subjects.jsonl']).replace('王某某', '李某某'));
    const tamperedFirst = [...entries()];
    tamperedFirst.splice(1, 0, { name: 'subjects.jsonl', data: tampered });
    expect(refused(craftZip(tamperedFirst))).toMatchObject({ code: 'BUNDLE_FILES', message: expect.stringContaining('subjects.jsonl 出现了不止一次') });
    expect(refused(craftZip([...entries(), { name: 'subjects.jsonl', data: tampered }])).code).toBe('BUNDLE_FILES');
    expect(refused(craftZip([{ name: 'manifest.json', data: strToU8('{}') }, ...entries()])).code).toBe('BUNDLE_FILES');
  });

  it('a manifest declared over 1 MB is refused before it is inflated; one that expands past what it declares, as soon as it does', () => {
    const padded = strToU8(new TextDecoder().decode(files['manifest.json']) + ' '.repeat(MAX_MANIFEST_BYTES));
    expect(refused(craftZip(entries({ 'manifest.json': { data: padded } })))).toMatchObject({ code: 'BUNDLE_MANIFEST', message: expect.stringContaining('超过上限') });
    const lying = craftZip(entries({ 'manifest.json': { data: padded, declaredSize: files['manifest.json']!.length } }));
    expect(refused(lying)).toMatchObject({ code: 'BUNDLE_MANIFEST', message: expect.stringContaining('manifest.json') });
    expect(refused(craftZip(entries({ 'manifest.json': { compressed: deflateBomb(64), declaredSize: 64 << 20 } }))).code).toBe('BUNDLE_MANIFEST');
  });

  it('a data file is inflated no further than the size the signed manifest gives it', () => {
    const size = files['journal.jsonl']!.length;
    expect(refused(craftZip(entries({ 'journal.jsonl': { compressed: deflateBomb(64), declaredSize: size } })))).toMatchObject({ code: 'BUNDLE_FILE', message: expect.stringContaining('journal.jsonl') });
    expect(refused(craftZip(entries({ 'journal.jsonl': { compressed: deflateBomb(64), declaredSize: 64 << 20 } })))).toMatchObject({ code: 'BUNDLE_FILE', message: expect.stringContaining('清单记为') });
  });

  it('what is not a plain zip of ours is refused as not a bundle: encrypted entries, bytes after the end, a local header that disagrees', () => {
    expect(refused(craftZip(entries({ 'claims.jsonl': { flags: 1 } }))).code).toBe('BUNDLE_MANIFEST');
    expect(refused(craftZip(entries(), { trailing: strToU8('附加的内容') })).code).toBe('BUNDLE_MANIFEST');
    const renamed = Buffer.from(craftZip(entries()));
    const at = renamed.indexOf('claims.jsonl'); // the first occurrence is the local header's name
    renamed.write('claimZ', at, 'latin1');
    expect(refused(renamed)).toMatchObject({ code: 'BUNDLE_MANIFEST', message: expect.stringContaining('文件头与目录不一致') });
  });

  it('the 2 MB bundle that expands to 2 GB is refused at once with bounded memory (the CLI’s verify, in a process of its own)', () => {
    const bombs = {
      // sizes declared honestly: a reader that inflates before it checks holds 2 GB
      honest: craftZip(entries({ 'journal.jsonl': { compressed: deflateBomb(2048), declaredSize: 2048 << 20 } })),
      // the manifest itself
      manifest: craftZip(entries({ 'manifest.json': { compressed: deflateBomb(2048), declaredSize: 2048 << 20 } })),
    };
    for (const [name, bytes] of Object.entries(bombs)) {
      expect(bytes.length).toBeGreaterThan(2_000_000);
      writeFileSync(join(out.dir, `${name}.cbundle`), bytes);
    }
    const measured = (file: string) => {
      const script = `process.on('exit', () => console.error('MAX_RSS_KB=' + process.resourceUsage().maxRSS)); process.argv.splice(1, 0, 'cli'); await import('./electron/cli/main.ts');`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'bundle', 'verify', file, '--keys', join(out.dir, 'shou.pub.json')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      const rss = Number(/MAX_RSS_KB=(\d+)/.exec(run.stderr)?.[1]);
      return { status: run.status, code: (JSON.parse(run.stdout) as { error: { code: string } }).error.code, megabytes: Math.round(rss / 1024) };
    };
    const honest = measured(join(out.dir, 'honest.cbundle'));
    const manifest = measured(join(out.dir, 'manifest.cbundle'));
    console.log(`zip bomb (2 MB → 2 GB): journal ${honest.code} peak ${honest.megabytes} MB; manifest ${manifest.code} peak ${manifest.megabytes} MB`);
    expect(honest).toMatchObject({ status: 1, code: 'BUNDLE_FILE' });
    expect(manifest).toMatchObject({ status: 1, code: 'BUNDLE_MANIFEST' });
    // a process that loads the CLI peaks near 150 MB; inflating the bomb would take 2 GB
    expect(honest.megabytes).toBeLessThan(400);
    expect(manifest.megabytes).toBeLessThan(400);
  }, 120_000);
});
