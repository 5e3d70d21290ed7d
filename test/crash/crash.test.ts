import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, watch as fsWatch, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle, registerCountyKey } from '../../electron/core/exchange/city';
import { openBundle } from '../../electron/core/exchange/bundle';
import { pendingBundle } from '../../electron/core/exchange/delivery';
import { bundleExports } from '../../electron/core/exchange/repository';
import { type Core, openCore } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/open';
import { mulberry32 } from '../../electron/core/demo/random';
import { ALL_EVENTS } from '../../electron/core/events';
import { compareState, rebuildFromJournal } from '../../electron/core/ledger/rebuild';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { configureInstallRole } from '../../electron/core/policy/service';
import { actor, tempDir } from '../helpers/core';
import { closeQuarterOf, countyKeyFile, onFixedClock, PASSPHRASE, setUpCounty } from '../helpers/exchange';
import { idNumber } from '../helpers/sheets';
import { buildCrashDrivers, type CrashBuild } from './build';

// The crash suite: real processes (the CLI, and a driver making a burst of writes) killed with
// SIGKILL at random moments of a large import, a bundle export, the city's import of a bundle and
// a burst of writes. After each kill: the database opens, the journal verifies and replays to the
// same state, an import is there whole or not at all, no acknowledged write is lost, no bundle
// file exists that the ledger does not record, and the city, holding every bundle that ever
// existed, accepts the next one. The kill moments come from a seeded generator (CRASH_SEED) so a
// failure reproduces; CRASH_TRIALS scales the number of trials.

const SEED = Number(process.env.CRASH_SEED ?? 20191029);
const SCALE = Number(process.env.CRASH_TRIALS ?? 1);
const TRAINEES = 3000;
const SHOU = '340422';

type Run = { killed: boolean; status: number | null; stdout: string; ms: number; partAtMs: number | null };

/**
 * Runs `node file args` and kills it with SIGKILL `killAfterMs` after it started, or, when
 * `watch` is given, `afterPartMs` after a temporary `.part` file first appears in that folder
 * (a bundle export between its journal entry and its file's name), unless it has ended.
 */
function run(file: string, args: string[], killAfterMs = Number.POSITIVE_INFINITY, watch?: { folder: string; afterPartMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child: ChildProcess = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COUNTY_LEDGER_KEY_PASSPHRASE: '' } });
    let stdout = '';
    let killed = false;
    let partAtMs: number | null = null;
    const timers: NodeJS.Timeout[] = [];
    const kill = () => {
      killed = child.kill('SIGKILL');
    };
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.resume();
    if (Number.isFinite(killAfterMs)) timers.push(setTimeout(kill, killAfterMs));
    const watcher = watch
      ? fsWatch(watch.folder, (_event, name) => {
          if (partAtMs !== null || !name?.endsWith('.part')) return;
          partAtMs = Date.now() - started;
          if (Number.isFinite(watch.afterPartMs)) timers.push(setTimeout(kill, watch.afterPartMs));
        })
      : null;
    child.on('close', (status) => {
      for (const t of timers) clearTimeout(t);
      watcher?.close();
      resolve({ killed: killed && status === null, status, stdout, ms: Date.now() - started, partAtMs });
    });
  });
}

type Figures = { trials: number; kills: number; violations: string[]; notes: Map<string, number> };
const figures = new Map<string, Figures>();
function tally(name: string): Figures {
  const f = figures.get(name) ?? { trials: 0, kills: 0, violations: [], notes: new Map() };
  figures.set(name, f);
  return f;
}

/** The checks every database passes after every kill: it opens, the chain holds, replay gives the same state. */
function openAndVerify(path: string, f: Figures, trial: string): Core | null {
  let core: Core;
  try {
    core = openCore({ dbPath: path, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite', actor: '重启后' });
  } catch (error) {
    f.violations.push(`${trial}: the database does not open (${(error as Error).message})`);
    return null;
  }
  const chain = core.ledger.verify();
  if (!chain.ok) f.violations.push(`${trial}: ledger verify fails at ${chain.firstBadSeq} (${chain.reason})`);
  const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
  const differences = compareState(core.db, rebuilt);
  rebuilt.close();
  if (differences.length) f.violations.push(`${trial}: state differs from the journal's replay in ${differences.map((d) => d.table).join(', ')}`);
  return core;
}

const count = (core: Core, sql: string) => (core.db.prepare(sql).get() as { n: number }).n;
const note = (f: Figures, what: string) => f.notes.set(what, (f.notes.get(what) ?? 0) + 1);

let work: ReturnType<typeof tempDir>;
let drivers: CrashBuild;
let random: () => number;
let startupMs: number;

/**
 * When to kill a process whose runs take about `estimate` ms: half the time anywhere from the
 * middle of its start to past its end, half the time near its end, where a write commits and a
 * file is named. The estimate follows the runs that finish (other tests load the machine too),
 * and grows when kills keep landing before the end.
 */
class KillClock {
  private last = 0;
  constructor(private estimate: number) {}
  next(): number {
    this.last = random() < 0.5 ? startupMs * 0.5 + random() * (this.estimate * 1.3 - startupMs * 0.5) : this.estimate * (0.75 + random() * 0.5);
    return this.last;
  }
  observe(result: Run): void {
    if (!result.killed) this.estimate = (this.estimate + result.ms) / 2;
    else if (this.last >= this.estimate * 0.75) this.estimate = Math.max(this.estimate, this.last) * 1.05;
  }
}

beforeAll(async () => {
  work = tempDir();
  random = mulberry32(SEED); // the demo builder's seeded generator places the kill moments reproducibly
  drivers = await buildCrashDrivers();
  startupMs = (await run(drivers.cli, ['help'])).ms;

  // a county with its 2019Q4 closed and its key made, and a large trainee list to import
  const base = onFixedClock(openCore({ dbPath: join(work.dir, 'base.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite' }));
  const people = setUpCounty(base, SHOU);
  await closeQuarterOf(base, people, '2019Q4');
  base.close();
  const header = '姓名,身份证号,培训课程,培训日期,是否合格,课程经人社部门认定,乡镇,银行账号';
  const rows = Array.from({ length: TRAINEES }, (_, i) => `学员${i},${idNumber('340422', `19${60 + (i % 40)}0${1 + (i % 9)}1${i % 10}`, i)},直播营销,2019-10-20,是,是,寿春镇,62220202${String(10_000_000 + i)}`);
  writeFileSync(join(work.dir, 'trainees.csv'), `${header}\n${rows.join('\n')}\n`);
  writeFileSync(join(work.dir, 'passphrase.txt'), PASSPHRASE);
}, 120_000);

afterAll(() => {
  const total = { trials: 0, kills: 0, violations: 0 };
  for (const [name, f] of figures) {
    const notes = [...f.notes].map(([k, v]) => ` ${k}=${v}`).join('');
    console.log(`CRASH ${name}: trials=${f.trials} kills=${f.kills} violations=${f.violations.length}${notes}`);
    total.trials += f.trials;
    total.kills += f.kills;
    total.violations += f.violations.length;
  }
  console.log(`CRASH total: trials=${total.trials} kills=${total.kills} violations=${total.violations} seed=${SEED}`);
  work?.dispose();
});

/** A fresh copy of the base county (its key files too), for trials that must each start from the same point. */
function copyOfBase(name: string): string {
  const path = join(work.dir, name);
  copyFileSync(join(work.dir, 'base.db'), path);
  cpSync(join(work.dir, 'base.db.files'), `${path}.files`, { recursive: true });
  return path;
}

describe('the crash suite (kill -9 at random moments)', () => {
  it('a large import is there whole or not at all', async () => {
    const f = tally('import');
    const args = (db: string) => ['import', '--db', db, '--list', 'trainees', '--file', join(work.dir, 'trainees.csv'), '--commit'];
    const calibration = await run(drivers.cli, args(copyOfBase('calibration.db')));
    expect(calibration.status).toBe(0);
    const clock = new KillClock(calibration.ms);
    for (let i = 0; i < 8 * SCALE; i++) {
      const trial = `import #${i}`;
      const db = copyOfBase(`import-${i}.db`);
      const result = await run(drivers.cli, args(db), clock.next());
      clock.observe(result);
      f.trials++;
      if (result.killed) f.kills++;
      const core = openAndVerify(db, f, trial);
      if (!core) continue;
      const subjects = count(core, "SELECT count(*) AS n FROM subject WHERE list = 'trainees'");
      const imports = count(core, "SELECT count(*) AS n FROM journal WHERE kind = 'registry.imported'");
      if (!((subjects === 0 && imports === 0) || (subjects === TRAINEES && imports === 1))) f.violations.push(`${trial}: ${subjects} of ${TRAINEES} rows and ${imports} import entries`);
      if (!result.killed && subjects !== TRAINEES) f.violations.push(`${trial}: finished but holds ${subjects} rows`);
      note(f, subjects === 0 ? 'none' : 'whole');
      core.close();
      rmSync(db, { force: true });
      rmSync(`${db}.files`, { recursive: true, force: true });
    }
    expect(f.violations).toEqual([]);
  }, 600_000);

  it('a bundle export leaves no bundle the ledger does not record, and the city accepts every next one', async () => {
    const f = tally('export');
    const county = copyOfBase('county.db');
    const out = join(work.dir, 'out');
    expect((await run(drivers.cli, ['import', '--db', county, '--list', 'trainees', '--file', join(work.dir, 'trainees.csv'), '--commit'])).status).toBe(0);
    const city = onFixedClock(openCore({ dbPath: join(work.dir, 'city.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite' }));
    configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
    const countyCore = openCore({ dbPath: county, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite' });
    const key = countyKeyFile(countyCore, SHOU, '寿县');
    const kept = join(countyCore.dataDir, 'exports');
    countyCore.close();
    registerCountyKey(city.ledger, actor('市局'), key, key.fingerprint);
    const received = new Set<string>();

    const args = ['bundle', 'export', '--db', county, '--period', '2019Q4', '--out', out, '--passphrase-file', join(work.dir, 'passphrase.txt')];
    const calibration = await run(drivers.cli, args);
    expect(calibration.status).toBe(0);
    // how long an export runs on once its bundle's file is being written
    const tail = await run(drivers.cli, args, Number.POSITIVE_INFINITY, { folder: kept, afterPartMs: Number.POSITIVE_INFINITY });
    expect(tail.partAtMs).not.toBeNull();
    let tailMs = tail.ms - tail.partAtMs!;
    const clock = new KillClock(calibration.ms);
    let headBefore = 0;
    for (let i = 0; i < 12 * SCALE; i++) {
      const trial = `export #${i}`;
      // half the trials anywhere, half once the bundle's file is being written: the steps that must not part
      const watched = i % 2 === 1;
      const result = watched ? await run(drivers.cli, args, Number.POSITIVE_INFINITY, { folder: kept, afterPartMs: random() ** 2 * tailMs * 1.2 }) : await run(drivers.cli, args, clock.next());
      if (watched && result.partAtMs !== null && !result.killed) tailMs = (tailMs + result.ms - result.partAtMs) / 2;
      if (!watched) clock.observe(result);
      if (result.killed && result.partAtMs !== null) note(f, 'killed-while-writing-file');
      f.trials++;
      if (result.killed) f.kills++;
      // before anything settles: every bundle file on the disk is one whose digest the ledger holds
      const files = [out, kept].flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cbundle')).map((n) => join(dir, n)) : []));
      const digests = new Map(files.map((file) => [file, openBundle(readFileSync(file)).digest]));
      const raw = openDatabase(county);
      const recorded = new Set([...bundleExports(raw).map((b) => b.digest), pendingBundle(raw)?.digest]);
      raw.close();
      for (const [file, digest] of digests) if (!recorded.has(digest)) f.violations.push(`${trial}: ${file} is a bundle the ledger does not record`);
      // the next start settles what was pending; then every file is a bundle marked done
      const core = openAndVerify(county, f, trial);
      if (!core) continue;
      // what the restart found: a bundle left pending and marked done, or abandoned
      const settled = core.db.prepare("SELECT kind FROM journal WHERE actor = '重启后' AND kind IN ('bundle.exported', 'bundle.abandoned') AND seq > ?").all(headBefore) as { kind: string }[];
      for (const s of settled) note(f, s.kind === 'bundle.exported' ? 'pending-then-done' : 'pending-then-abandoned');
      if (result.status === 0) note(f, 'completed');
      headBefore = core.ledger.readHead().seq;
      const done = new Map(bundleExports(core.db).map((b) => [b.digest, b.sequence]));
      if (pendingBundle(core.db)) f.violations.push(`${trial}: still pending after a restart`);
      core.close();
      // the city takes, in order, every bundle that reached the disk: none contradicts another
      const unseen = [...new Set(digests.values())].filter((d) => !received.has(d)).sort((a, b) => (done.get(a) ?? 0) - (done.get(b) ?? 0));
      for (const digest of unseen) {
        if (!done.has(digest)) f.violations.push(`${trial}: a bundle on the disk is not marked done after a restart`);
        const file = [...digests].find(([, d]) => d === digest)![0];
        try {
          importBundle(city.ledger, actor('市局'), readFileSync(file), file, true);
          received.add(digest);
        } catch (error) {
          f.violations.push(`${trial}: the city refuses ${file}: ${(error as Error).message}`);
        }
      }
    }
    // and the next export, after all that, continues the sequence and is accepted
    const final = await run(drivers.cli, args);
    expect(final.status).toBe(0);
    const finalPath = final.stdout.trim();
    expect(importBundle(city.ledger, actor('市局'), readFileSync(finalPath), finalPath, true).committed).toBe(true);
    city.close();
    expect(f.violations).toEqual([]);
  }, 600_000);

  it('the city’s import of a bundle is there whole or not at all', async () => {
    const f = tally('city import');
    // every bundle the export trials made, from the county's own folder (the copy in the clerk's may be missing)
    const kept = join(work.dir, 'county.db.files', 'exports');
    const exportArgs = ['bundle', 'export', '--db', join(work.dir, 'county.db'), '--period', '2019Q4', '--out', join(work.dir, 'out'), '--passphrase-file', join(work.dir, 'passphrase.txt')];
    while (readdirSync(kept).filter((n) => n.endsWith('.cbundle')).length < 4 + 2 * SCALE) expect((await run(drivers.cli, exportArgs)).status).toBe(0);
    const bundles = readdirSync(kept)
      .filter((n) => n.endsWith('.cbundle'))
      .sort()
      .map((n) => join(kept, n));
    const cityPath = join(work.dir, 'city-under-fire.db');
    const city = onFixedClock(openCore({ dbPath: cityPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite' }));
    configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
    const county = openCore({ dbPath: join(work.dir, 'county.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite' });
    const key = countyKeyFile(county, SHOU, '寿县');
    county.close();
    registerCountyKey(city.ledger, actor('市局'), key, key.fingerprint);
    city.close();

    const args = (file: string) => ['bundle', 'import', '--db', cityPath, file, '--commit'];

    // timed on a copy, so the city under fire starts with nothing received
    copyFileSync(cityPath, join(work.dir, 'city-calibration.db'));
    const calibration = await run(drivers.cli, args(bundles[0]!).map((a) => (a === cityPath ? join(work.dir, 'city-calibration.db') : a)));
    expect(calibration.status).toBe(0);
    const clock = new KillClock(calibration.ms);
    let next = 0;
    for (let i = 0; i < 8 * SCALE && next < bundles.length; i++) {
      const trial = `city import #${i}`;
      const result = await run(drivers.cli, args(bundles[next]!), clock.next());
      clock.observe(result);
      f.trials++;
      if (result.killed) f.kills++;
      const core = openAndVerify(cityPath, f, trial);
      if (!core) continue;
      const receivedRows = count(core, 'SELECT count(*) AS n FROM bundle_received');
      const entries = count(core, "SELECT count(*) AS n FROM journal WHERE kind = 'bundle.imported'");
      if (receivedRows !== entries || (receivedRows !== next && receivedRows !== next + 1)) f.violations.push(`${trial}: ${receivedRows} bundles received, ${entries} journaled, ${next} before`);
      if (!result.killed && receivedRows !== next + 1) f.violations.push(`${trial}: finished but the bundle is not there`);
      note(f, receivedRows === next ? 'not-there' : 'there');
      next = receivedRows;
      core.close();
    }
    expect(f.violations).toEqual([]);
  }, 600_000);

  it('a burst of writes loses no acknowledged write and keeps none in part', async () => {
    const f = tally('writes');
    const db = copyOfBase('burst.db');
    const calibration = await run(drivers.burst, [db, '200']);
    expect(calibration.status).toBe(0);
    const clock = new KillClock(calibration.ms);
    for (let i = 0; i < 8 * SCALE; i++) {
      const trial = `writes #${i}`;
      const before = (() => {
        const raw = openDatabase(db);
        const head = (raw.prepare('SELECT max(seq) AS n FROM journal').get() as { n: number }).n;
        raw.close();
        return head;
      })();
      const result = await run(drivers.burst, [db, '200'], clock.next());
      clock.observe(result);
      f.trials++;
      if (result.killed) f.kills++;
      const acknowledged = Math.max(before, ...[...result.stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1])));
      const core = openAndVerify(db, f, trial);
      if (!core) continue;
      const head = core.ledger.readHead().seq;
      if (head < acknowledged) f.violations.push(`${trial}: write ${acknowledged} was acknowledged, the journal ends at ${head}`);
      if ((head - before) % 4 !== 0) f.violations.push(`${trial}: ${head - before} entries written, not a whole number of four-entry writes`);
      if (result.killed && head > acknowledged) note(f, 'committed-not-acknowledged');
      core.close();
    }
    expect(f.violations).toEqual([]);
  }, 600_000);
});
