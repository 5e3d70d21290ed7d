import Database from 'better-sqlite3';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../ledger/canonical';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { ALL_EVENTS } from '../events';
import { entryHash } from '../ledger/ledger';
import { actor, refusal, refusalOf, signIn, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { principalOf } from '../accounts/service';
import { openCore } from '../core';
import { DEFAULT_POLICY_DIR } from '../paths';
import { configureInstallRole } from '../policy/service';
import { generateQuarterReport } from '../progress/generate';
import { closeQuarter, quarterReport, saveText } from '../progress/service';
import { importBundle, registerCountyKey } from './city';
import { exportBundle, exportProgress } from './export';
import { currentPublicKey, installSigner, passphraseProtector, rotateKey } from './keys';
import { type Principal } from '../../../shared/domain/accounts';

// Bundles from two counties to the city on real ledgers: a valid chain imports, and every
// tampering is refused with its own code while the city's database stays exactly as it was.

const NOW = Date.parse('2020-04-10T02:00:00Z');
const PASS = '县里的口令2019';
const SHOU = '340422';
const FENG = '340421';

type County = { core: TempCore; director: Principal; clerk: Principal };
let counties: Record<string, County>;
let city: TempCore;
let out: ReturnType<typeof tempDir>;

function withClock(core: TempCore): TempCore {
  Object.assign(core, { sessions: new (core.sessions.constructor as new (now: () => number) => typeof core.sessions)(() => NOW) });
  return core;
}

function county(code: string): County {
  const core = withClock(tempCore());
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: code });
  signIn(core, 'lu', ['clerk']);
  signIn(core, 'pi', ['director']);
  return { core, clerk: principalOf(core.db, 'lu')!, director: principalOf(core.db, 'pi')! };
}

/** The county writes its quarter, generates the report, the director closes it, and the bundle is exported. */
async function closeAndExport(c: County, quarter: string, text: string): Promise<{ path: string; sequence: number }> {
  saveText(c.core.ledger, c.clerk, '2020-04-10', { quarter, task: 1, expectedRevision: 0, narrative: text });
  await generateQuarterReport(c.core, c.clerk, quarter, 'xlsx');
  closeQuarter(c.core.ledger, c.director, '2020-04-10', quarter, new Date(NOW).toISOString());
  return exportBundle(c.core, actor('lu'), passphraseProtector(PASS), quarter, out.dir);
}

function publicKeyFile(c: County, code: string) {
  const key = currentPublicKey(c.core.db)!;
  return { format: 'county-ledger-public-key/1' as const, county: { code, name: code === SHOU ? '寿县' : '凤台县' }, ...key };
}

function register(c: County, code: string) {
  const file = publicKeyFile(c, code);
  return registerCountyKey(city.ledger, actor('市局信息科'), file, file.fingerprint, '电话核对');
}

/** The city's whole state, to show a refused bundle changed nothing. */
const cityState = () => ({ head: city.ledger.readHead(), received: city.db.prepare('SELECT count(*) AS n FROM bundle_received').get() });

/** Rewrites entries of a bundle zip. */
function rezip(bytes: Uint8Array, edit: (entries: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(bytes);
  edit(entries);
  return zipSync(entries);
}

function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

beforeEach(() => {
  out = tempDir();
  counties = { [SHOU]: county(SHOU), [FENG]: county(FENG) };
  // 凤台 signs with Ed25519, 寿县 with the pack's default SM2/SM3
  installSigner(counties[FENG]!.core.ledger, actor('lu'), counties[FENG]!.core.dataDir, passphraseProtector(PASS), 'ed25519');
  installSigner(counties[SHOU]!.core.ledger, actor('lu'), counties[SHOU]!.core.dataDir, passphraseProtector(PASS), 'sm2-sm3');
  city = withClock(tempCore());
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
});
afterEach(() => {
  for (const c of Object.values(counties)) c.core.dispose();
  city.dispose();
  out.dispose();
});

describe('bundles from county to city', () => {
  it('a valid chain of three quarterly bundles from two counties imports, and the city holds what the counties reported', async () => {
    const shou = counties[SHOU]!;
    const feng = counties[FENG]!;
    for (const q of ['2019Q3', '2019Q4', '2020Q1']) {
      await closeAndExport(shou, q, `寿县${q}进展`);
      await closeAndExport(feng, q, `凤台${q}进展`);
    }
    expect(currentPublicKey(shou.core.db)!.algorithm).toBe('sm2-sm3');
    expect(currentPublicKey(feng.core.db)!.algorithm).toBe('ed25519');
    expect(register(shou, SHOU)).toMatchObject({ county: SHOU });
    register(feng, FENG);
    for (const [code, name] of [
      [SHOU, '寿县'],
      [FENG, '凤台县'],
    ] as const) {
      for (const [i, q] of ['2019Q3', '2019Q4', '2020Q1'].entries()) {
        const file = join(out.dir, `${code}-${q}-000${i + 1}.cbundle`);
        const dry = importBundle(city.ledger, actor('市局'), readFileSync(file), file, false);
        expect(dry).toMatchObject({ committed: false, summary: { county: { code, name }, period: q, sequence: i + 1 } });
        expect(cityState().received).toEqual({ n: i + (code === FENG ? 3 : 0) });
        expect(importBundle(city.ledger, actor('市局'), readFileSync(file), file, true).committed).toBe(true);
      }
    }
    // the city's copy of each county's 2019Q4 tasks is that county's own report, light for light
    for (const [code, c] of Object.entries(counties)) {
      const own = quarterReport({ db: c.core.db, today: '2020-04-10' }, '2019Q4', 'x', 'x').tasks;
      const received = (city.db.prepare("SELECT row FROM received_task WHERE county = ? AND period = '2019Q4' ORDER BY no").all(code) as { row: string }[]).map((r) => JSON.parse(r.row) as unknown);
      expect(received).toEqual(own);
    }
    // every state table (closed quarters' snapshots, exports, keys, the city's copies) replays from the journal
    for (const core of [city, shou.core, feng.core]) {
      expect(core.ledger.verify().ok).toBe(true);
      const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
      expect(compareState(core.db, rebuilt)).toEqual([]);
      rebuilt.close();
    }
  });

  it('lets other work run while it writes: what is written meanwhile goes into the next bundle; one export at a time; its progress is told', async () => {
    const shou = counties[SHOU]!;
    saveText(shou.core.ledger, shou.clerk, '2020-04-10', { quarter: '2019Q4', task: 1, expectedRevision: 0, narrative: '寿县2019Q4进展' });
    await generateQuarterReport(shou.core, shou.clerk, '2019Q4', 'xlsx');
    closeQuarter(shou.core.ledger, shou.director, '2020-04-10', '2019Q4', new Date(NOW).toISOString());
    const headBefore = shou.core.ledger.readHead();
    expect(exportProgress(shou.core)).toEqual({ running: false, period: null, fileName: null, done: 0, total: 0 });

    const exporting = exportBundle(shou.core, actor('lu'), passphraseProtector(PASS), '2019Q4', out.dir);
    // the export has read its first piece and let this test run: it is under way
    const during = exportProgress(shou.core);
    expect(during).toMatchObject({ running: true, period: '2019Q4', fileName: '340422-2019Q4-0001.cbundle' });
    expect(during.total).toBe(18 + headBefore.seq); // the task rows and every journal entry (no subjects or claims yet)
    expect(during.done).toBeGreaterThan(0);
    expect(during.done).toBeLessThanOrEqual(during.total);
    expect(await refusalOf(exportBundle(shou.core, actor('lu'), passphraseProtector(PASS), '2019Q4', out.dir))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('正在生成数据包') });
    // a clerk goes on working in the next quarter while the bundle is written
    saveText(shou.core.ledger, shou.clerk, '2020-04-10', { quarter: '2020Q1', task: 2, expectedRevision: 0, narrative: '导出期间录入' });
    const written = shou.core.ledger.readHead();
    expect(written.seq).toBe(headBefore.seq + 1);

    const first = await exporting;
    expect(exportProgress(shou.core).running).toBe(false);
    const firstManifest = JSON.parse(strFromU8(unzipSync(readFileSync(first.path))['manifest.json']!)) as { ledger: { headSeq: number; headHash: string } };
    expect(firstManifest.ledger).toMatchObject({ headSeq: headBefore.seq, headHash: headBefore.hash });
    expect(first.rows['journal.jsonl']).toBe(headBefore.seq);

    // the entry written meanwhile travels in the next bundle, and the city takes both in order
    const second = await closeAndExport(shou, '2020Q1', '寿县2020Q1进展');
    const journal = strFromU8(unzipSync(readFileSync(second.path))['journal.jsonl']!)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { seq: number; kind: string });
    expect(journal[0]).toMatchObject({ seq: written.seq, kind: 'progress.text' });
    register(shou, SHOU);
    for (const bundle of [first, second]) expect(importBundle(city.ledger, actor('市局'), readFileSync(bundle.path), bundle.path, true).committed).toBe(true);
  });

  it('a rotated key is announced in a bundle signed by the old one; afterwards only the new key is accepted', async () => {
    const shou = counties[SHOU]!;
    const q3 = readFileSync((await closeAndExport(shou, '2019Q3', '第一包')).path);
    const old = currentPublicKey(shou.core.db)!;
    const next = rotateKey(shou.core.ledger, actor('lu'), shou.core.dataDir, passphraseProtector(PASS), 'sm2-sm3');
    expect(refusal(() => rotateKey(shou.core.ledger, actor('lu'), shou.core.dataDir, passphraseProtector(PASS), 'sm2-sm3')).code).toBe('STATE');
    const q4 = readFileSync((await closeAndExport(shou, '2019Q4', '宣告新密钥')).path);
    expect(currentPublicKey(shou.core.db)!.fingerprint).toBe(next.fingerprint); // the new key signs from now on
    const q1 = readFileSync((await closeAndExport(shou, '2020Q1', '新密钥签名')).path);

    // the city knows only the key it confirmed by phone: the old one
    registerCountyKey(city.ledger, actor('市局'), { format: 'county-ledger-public-key/1', county: { code: SHOU, name: '寿县' }, ...old }, old.fingerprint);
    importBundle(city.ledger, actor('市局'), q3, 'q3', true);
    const announced = importBundle(city.ledger, actor('市局'), q4, 'q4', true);
    expect(announced.summary.fingerprint).toBe(old.fingerprint);
    const keys = city.db.prepare('SELECT fingerprint, retired_seq FROM county_key ORDER BY confirmed_at').all() as { fingerprint: string; retired_seq: number | null }[];
    expect(keys.find((k) => k.fingerprint === old.fingerprint)?.retired_seq).not.toBeNull();
    expect(keys.find((k) => k.fingerprint === next.fingerprint)?.retired_seq).toBeNull();
    expect(importBundle(city.ledger, actor('市局'), q1, 'q1', true).summary.fingerprint).toBe(next.fingerprint);
  });

  it('a county whose unsent journal was altered cannot export', async () => {
    const shou = counties[SHOU]!;
    await closeAndExport(shou, '2019Q3', '第一包');
    saveText(shou.core.ledger, shou.clerk, '2020-04-10', { quarter: '2019Q4', task: 2, expectedRevision: 0, narrative: '将被改动' });
    const seq = shou.core.ledger.readHead().seq;
    const path = shou.core.dbPath;
    shou.core.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare("UPDATE journal SET actor = '他人' WHERE seq = ?").run(seq);
    raw.close();
    const reopened = withClock(tempCoreAt(path));
    counties[SHOU] = { ...shou, core: reopened };
    await expect(closeAndExport(counties[SHOU]!, '2019Q4', '第二包')).rejects.toMatchObject({ code: 'LEDGER_BROKEN', message: expect.stringContaining(`第 ${seq} 条记录校验未通过`) });
  });

  describe('the tamper matrix: each refused with its own code, the city unchanged', () => {
    let first: Uint8Array;
    beforeEach(async () => {
      const shou = counties[SHOU]!;
      first = readFileSync((await closeAndExport(shou, '2019Q4', '寿县进展')).path);
      register(shou, SHOU);
    });

    const refused = (bytes: Uint8Array) => {
      const before = cityState();
      const error = refusal(() => importBundle(city.ledger, actor('市局'), bytes, 'x.cbundle', true));
      expect(cityState()).toEqual(before);
      return error;
    };

    it.each([
      ['a byte flipped in the manifest', 'BUNDLE_SIGNATURE', (e: Record<string, Uint8Array>) => void (e['manifest.json'] = strToU8(strFromU8(e['manifest.json']!).replace('"appVersion":"test"', '"appVersion":"tesu"')))],
      ['the manifest no longer JSON', 'BUNDLE_MANIFEST', (e: Record<string, Uint8Array>) => void (e['manifest.json'] = flipByte(e['manifest.json']!, 0))],
      ['the manifest’s period edited', 'BUNDLE_SIGNATURE', (e: Record<string, Uint8Array>) => void (e['manifest.json'] = strToU8(strFromU8(e['manifest.json']!).replace('"period":"2019Q4"', '"period":"2020Q1"')))],
      ['a byte flipped in the signature', 'BUNDLE_SIGNATURE', (e: Record<string, Uint8Array>) => void (e.signature = strToU8(strFromU8(e.signature!).replace(/"signature":"(.)/, (_m, c: string) => `"signature":"${c === 'a' ? 'b' : 'a'}`)))],
      ['the signature removed', 'BUNDLE_SIGNATURE', (e: Record<string, Uint8Array>) => void delete e.signature],
      ['a data file removed', 'BUNDLE_FILES', (e: Record<string, Uint8Array>) => void delete e['payments.jsonl']],
      ['a file added', 'BUNDLE_FILES', (e: Record<string, Uint8Array>) => void (e['extra.jsonl'] = strToU8('{}\n'))],
      ['a row added to a JSONL file, manifest left alone', 'BUNDLE_FILE', (e: Record<string, Uint8Array>) => void (e['subjects.jsonl'] = strToU8(`${strFromU8(e['subjects.jsonl']!)}{"id":"x"}\n`))],
    ])('%s → %s', (_name, code, edit) => {
      expect(refused(rezip(first, edit)).code).toBe(code);
    });

    it.each(['progress.jsonl', 'subjects.jsonl', 'claims.jsonl', 'payments.jsonl', 'journal.jsonl'])('a byte flipped in %s → BUNDLE_FILE', (name) => {
      const bytes = rezip(first, (e) => {
        const file = e[name]!;
        e[name] = file.length > 0 ? flipByte(file, Math.floor(file.length / 2)) : strToU8('\n');
      });
      const error = refused(bytes);
      expect(error.code).toBe('BUNDLE_FILE');
      expect(error.message).toContain(name);
    });

    it('a replayed bundle → BUNDLE_REPLAY; a skipped sequence → BUNDLE_GAP', async () => {
      importBundle(city.ledger, actor('市局'), first, 'a', true);
      expect(refused(first).code).toBe('BUNDLE_REPLAY');
      const shou = counties[SHOU]!;
      await closeAndExport(shou, '2020Q1', '第二包');
      const third = readFileSync((await closeAndExport(shou, '2019Q3', '第三包')).path);
      expect(refused(third)).toMatchObject({ code: 'BUNDLE_GAP', message: expect.stringContaining('应为第 2 号，收到第 3 号') });
    });

    it('a bundle signed by another county’s key → BUNDLE_KEY; an unregistered key → BUNDLE_KEY', async () => {
      const feng = counties[FENG]!;
      const fengBundle = readFileSync((await closeAndExport(feng, '2019Q4', '凤台')).path);
      expect(refused(fengBundle)).toMatchObject({ code: 'BUNDLE_KEY', message: expect.stringContaining('未在市级密钥登记中') });
      register(feng, FENG);
      // 凤台's key signing a manifest that claims to be 寿县's
      const signer = installSigner(feng.core.ledger, actor('lu'), feng.core.dataDir, passphraseProtector(PASS), 'ed25519');
      const forged = rezip(first, (e) => {
        const manifest = JSON.parse(strFromU8(e['manifest.json']!)) as { key: unknown };
        manifest.key = { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint };
        const bytes = strToU8(canonicalJson(manifest));
        e['manifest.json'] = bytes;
        e.signature = strToU8(canonicalJson({ algorithm: signer.algorithm, signature: signer.sign(bytes) }));
      });
      expect(refused(forged)).toMatchObject({ code: 'BUNDLE_KEY', message: expect.stringContaining(`登记为 ${FENG} 的密钥`) });
    });

    it('a journal entry altered in the county database before export (chain recomputed) → BUNDLE_CHAIN', async () => {
      importBundle(city.ledger, actor('市局'), first, 'a', true);
      const shou = counties[SHOU]!;
      // someone edits an old entry with the triggers dropped, and re-hashes the chain so that
      // the county's own verification passes
      const path = shou.core.dbPath;
      shou.core.close();
      const raw = new Database(path);
      raw.exec('DROP TRIGGER journal_no_update');
      raw.prepare("UPDATE journal SET actor = '他人' WHERE seq = 5").run();
      let prev = (raw.prepare('SELECT hash FROM journal WHERE seq = 4').get() as { hash: string }).hash;
      for (const row of raw.prepare('SELECT * FROM journal WHERE seq >= 5 ORDER BY seq').all() as Parameters<typeof entryHash>[0][]) {
        const hash = entryHash({ ...row, prev_hash: prev });
        raw.prepare('UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
        prev = hash;
      }
      raw.close();
      const reopened = withClock(tempCoreAt(path));
      counties[SHOU] = { ...shou, core: reopened };
      expect(reopened.ledger.verify().ok).toBe(true);
      const second = readFileSync((await closeAndExport(counties[SHOU]!, '2020Q1', '改写历史之后')).path);
      expect(refused(second)).toMatchObject({ code: 'BUNDLE_CHAIN', message: expect.stringContaining('历史可能被改写') });
    });

    it('not a zip at all → BUNDLE_MANIFEST; a wrong passphrase cannot sign; no key is made at export time', async () => {
      expect(refused(strToU8('这不是数据包')).code).toBe('BUNDLE_MANIFEST');
      expect((await refusalOf(exportBundle(counties[SHOU]!.core, actor('lu'), passphraseProtector('错误的口令123'), '2019Q4', out.dir))).code).toBe('KEY_LOCKED');
      const fresh = county('340402');
      try {
        saveText(fresh.core.ledger, fresh.clerk, '2020-04-10', { quarter: '2019Q4', task: 1, expectedRevision: 0, narrative: '无密钥' });
        await generateQuarterReport(fresh.core, fresh.clerk, '2019Q4', 'xlsx');
        closeQuarter(fresh.core.ledger, fresh.director, '2020-04-10', '2019Q4', new Date(NOW).toISOString());
        expect(await refusalOf(exportBundle(fresh.core, actor('lu'), passphraseProtector(PASS), '2019Q4', out.dir))).toMatchObject({ code: 'STATE', message: expect.stringContaining('尚未生成签名密钥') });
        expect(currentPublicKey(fresh.core.db)).toBeNull();
      } finally {
        fresh.core.dispose();
      }
    });
  });
});

/** The same database file (and the keys and evidence beside it), reopened. */
function tempCoreAt(dbPath: string): TempCore {
  const core = openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test' });
  const dir = dirname(dbPath);
  return {
    ...core,
    dir,
    dbPath,
    dispose: () => {
      if (core.db.open) core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
