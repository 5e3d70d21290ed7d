import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { closeQuarterOf, countyKeyFile, exportQuarter, importTrainees, onFixedClock, setUpCounty } from '../../../test/helpers/exchange';
import { idNumber } from '../../../test/helpers/sheets';
import { openCore } from '../core';
import { hmacKeySha256, keyedIdHash } from '../crypto/keyed-id';
import { openDatabase } from '../db/open';
import { ALL_EVENTS } from '../events';
import { Ledger } from '../ledger/ledger';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { DEFAULT_POLICY_DIR } from '../paths';
import { loadPolicyPack } from '../policy/pack';
import { configureInstallRole } from '../policy/service';
import { importBundle, registerCountyKey } from './city';

// The HMAC key that turns ID and bank numbers into keyed hashes is the one secret a bundle must
// never carry: with it, the hashes of 18-digit ID numbers can be reversed by enumeration. The
// pack is journaled with the key's SHA-256 only; the key has its own entry, which never travels.

const SEED_KEY = JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, 'exchange.json'), 'utf8')).hmacKey as string;
const SHOU = '340422';
const PERSON = idNumber('340422', '19850101', 7);
const BANK = '6222020200112233445';

/** Every form the key could take in a file: hex either case, and its bytes as base64. */
const keyForms = (hex: string) => [hex, hex.toUpperCase(), Buffer.from(hex, 'hex').toString('base64')];

/** Each line of each file of a bundle. */
function bundleLines(path: string): { file: string; line: string }[] {
  return Object.entries(unzipSync(readFileSync(path))).flatMap(([file, bytes]) => strFromU8(bytes).split('\n').map((line) => ({ file, line })));
}

let out: ReturnType<typeof tempDir>;
let cores: TempCore[];
beforeEach(() => {
  out = tempDir();
  cores = [];
});
afterEach(() => {
  for (const c of cores) c.dispose();
  out.dispose();
});

const kept = (core: TempCore) => (cores.push(core), onFixedClock(core));

describe('the HMAC key never travels', () => {
  it('no line of any file of any bundle holds the key; the city still follows the chain and matches people by keyed hash', async () => {
    const county = kept(tempCore());
    const people = setUpCounty(county, SHOU);
    await importTrainees(county, [{ name: '王小二', id: PERSON, bank: BANK }]);
    await closeQuarterOf(county, people, '2019Q3');
    const first = await exportQuarter(county, '2019Q3', out.dir);
    await closeQuarterOf(county, people, '2019Q4');
    const second = await exportQuarter(county, '2019Q4', out.dir);

    for (const bundle of [first, second]) {
      const lines = bundleLines(bundle.path);
      expect(lines.length).toBeGreaterThan(20);
      for (const form of keyForms(SEED_KEY)) expect(lines.filter((l) => l.line.includes(form))).toEqual([]);
    }
    // what does travel: the pack whole (with the key's digest), the key's own entry as a digest only
    const journal = bundleLines(first.path)
      .filter((l) => l.file === 'journal.jsonl' && l.line)
      .map((l) => JSON.parse(l.line) as { kind: string; payload: string | null });
    const pack = journal.find((e) => e.kind === 'policy.loaded')!;
    expect(JSON.parse(pack.payload!).content.exchange).toEqual({ algorithm: 'sm2-sm3', hmacKeySha256: hmacKeySha256(SEED_KEY) });
    expect(journal.find((e) => e.kind === 'policy.hmacKey')).toMatchObject({ payload: null, payloadSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // the keyed hashes are still those of the pack's key
    const subject = bundleLines(first.path).find((l) => l.file === 'subjects.jsonl' && l.line.includes('王某某'))!;
    expect(JSON.parse(subject.line)).toMatchObject({ idHash: keyedIdHash(SEED_KEY, PERSON), bankHash: keyedIdHash(SEED_KEY, BANK) });

    const city = kept(tempCore());
    configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
    const file = countyKeyFile(county, SHOU, '寿县');
    registerCountyKey(city.ledger, actor('市局'), file, file.fingerprint);
    for (const b of [first, second]) expect(importBundle(city.ledger, actor('市局'), readFileSync(b.path), b.fileName, true).committed).toBe(true);

    // the key still rebuilds from the journal: replay gives the same state, export the same hashes
    expect(county.ledger.verify().ok).toBe(true);
    const rebuilt = rebuildFromJournal(county.ledger, ALL_EVENTS);
    expect(compareState(county.db, rebuilt)).toEqual([]);
    rebuilt.close();
  });

  it('an install whose journal holds a pack with the key inside (as written before) keeps that entry home and still exports and replays', async () => {
    const dir = tempDir();
    const dbPath = join(dir.dir, 'ledger.db');
    // the seed as earlier versions journaled it: the whole pack, key included
    const db = openDatabase(dbPath);
    const { meta, hmacKey, ...content } = loadPolicyPack(DEFAULT_POLICY_DIR);
    const legacy = new Ledger(db, ALL_EVENTS);
    legacy.appendMany('系统初始化', [
      { kind: 'policy.loaded', entity: `policy:${meta.id}`, payload: { ...meta, content: { ...content, exchange: { algorithm: 'sm2-sm3', hmacKey } } } },
      ...content.counties.map((c) => ({ kind: 'county.recorded', entity: `county:${c.code}`, payload: c })),
      ...content.tasks.map((t) => ({ kind: 'task.defined', entity: `task:${t.no}`, payload: t })),
    ]);
    db.close();
    const core = openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' });
    cores.push({ ...core, dir: dir.dir, dbPath, dispose: () => (core.db.open && core.close(), dir.dispose()) });
    onFixedClock(core);
    const people = setUpCounty(core, SHOU);
    await importTrainees(core, [{ name: '王小二', id: PERSON, bank: BANK }]);
    await closeQuarterOf(core, people, '2019Q4');
    const bundle = await exportQuarter(core, '2019Q4', out.dir);

    const lines = bundleLines(bundle.path);
    for (const form of keyForms(SEED_KEY)) expect(lines.filter((l) => l.line.includes(form))).toEqual([]);
    const packLine = lines.find((l) => l.file === 'journal.jsonl' && l.line.includes('"kind":"policy.loaded"'))!;
    expect(JSON.parse(packLine.line)).toMatchObject({ seq: 1, payload: null });
    expect(JSON.parse(lines.find((l) => l.file === 'subjects.jsonl' && l.line.includes('王某某'))!.line)).toMatchObject({ idHash: keyedIdHash(SEED_KEY, PERSON) });
    const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
    expect(compareState(core.db, rebuilt)).toEqual([]);
    rebuilt.close();
  });

  it('a pack whose key never reached the install cannot export, with the reason in Chinese', async () => {
    const dir = tempDir();
    const dbPath = join(dir.dir, 'ledger.db');
    const db = openDatabase(dbPath);
    const { meta, hmacKey: _key, ...content } = loadPolicyPack(DEFAULT_POLICY_DIR);
    new Ledger(db, ALL_EVENTS).appendMany('系统初始化', [
      { kind: 'policy.loaded', entity: `policy:${meta.id}`, payload: { ...meta, content } },
      ...content.counties.map((c) => ({ kind: 'county.recorded', entity: `county:${c.code}`, payload: c })),
      ...content.tasks.map((t) => ({ kind: 'task.defined', entity: `task:${t.no}`, payload: t })),
    ]);
    db.close();
    const core = openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' });
    cores.push({ ...core, dir: dir.dir, dbPath, dispose: () => (core.db.open && core.close(), dir.dispose()) });
    onFixedClock(core);
    const people = setUpCounty(core, SHOU);
    await closeQuarterOf(core, people, '2019Q4');
    await expect(exportQuarter(core, '2019Q4', out.dir)).rejects.toMatchObject({ code: 'POLICY_INVALID', message: expect.stringContaining('比对密钥') });
  });

  it('each kind of entry declares how it leaves: only these travel whole', () => {
    const whole = [...ALL_EVENTS.values()].filter((d) => d.leaves === 'whole').map((d) => d.kind);
    expect(whole.sort()).toEqual(
      ['county.recorded', 'task.defined', 'task.progress', 'rule.setting', 'install.configured', 'budget.set', 'progress.text', 'progress.value', 'progress.target', 'progress.evidence', 'progress.report', 'progress.close', 'progress.reopen', 'key.generated', 'bundle.pending', 'bundle.exported', 'bundle.abandoned', 'progress.baseline', 'reading.set', 'county-plan.recorded', 'county-plan.assigned', 'county-plan.unassigned', 'county-plan.measure', 'county-plan.evidence', 'recheck.recorded'].sort(),
    );
    expect(ALL_EVENTS.get('policy.hmacKey')!.leaves).toBe('never');
    expect(typeof ALL_EVENTS.get('policy.loaded')!.leaves).toBe('function');
  });
});
