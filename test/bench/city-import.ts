import { spawnSync } from 'node:child_process';
import { hash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { strFromU8, unzipSync } from 'fflate';
import { DATA_FILES, type DataFileName, Manifest } from '../../shared/domain/exchange';
import { type Core, openCore } from '../../electron/core/core';
import { type Algorithm, fingerprint, generateKeyPair, sign } from '../../electron/core/crypto/signing';
import { DEMO_NOW } from '../../electron/core/demo/demo';
import { packBundle, rowLines, type Signer } from '../../electron/core/exchange/bundle';
import { importBundle, registerCountyKey } from '../../electron/core/exchange/city';
import { exportBundle } from '../../electron/core/exchange/export';
import { cityOverview } from '../../electron/core/exchange/overview';
import { recheckSummary } from '../../electron/core/exchange/recheck';
import { installSigner, passphraseProtector } from '../../electron/core/exchange/keys';
import { DEFAULT_POLICY_DIR, PROJECT_ROOT } from '../../electron/core/paths';
import { activePack } from '../../electron/core/policy/repository';
import { loadPolicyPack } from '../../electron/core/policy/pack';
import { configureInstallRole, loadPackFromDirectory } from '../../electron/core/policy/service';
import { type AsyncBenchmark, BENCH_ACTOR, scratchDir } from './harness';

// Province scale: a city ledger importing the quarterly bundles of 105 counties (Anhui's county-
// level units), in MB per second of bundle bytes, beside the bare work on the same bytes in the
// same run: unzip, a SHA-256 of each file, JSON.parse of each line and one plain SQLite insert
// per row.
//
// The bundles come from the demo builder: two demo counties (~5,000 subjects and ~5,000 claims
// each, untimed, built once by the `demo` command in child processes) export their 2019Q3 and
// 2019Q4 bundles through exportBundle. Building 105 demo counties would take a quarter of an hour
// on our machines, on top of the bench, so each of the 105 counties gets one of those bundles
// re-issued as its own: its own code and name, its own key (SM2 and Ed25519 alternately), its
// people's keyed hashes made its own (so the city's cross-county checks see distinct people),
// previous-bundle digests chained, and packed and signed by the same packBundle the county's
// export uses. Every seventh county sends both quarters in sequence; the rest their first bundle.
const COUNTIES = Number(process.env.BENCH_COUNTIES ?? 105);
const SUBJECTS = Number(process.env.BENCH_CITY_SUBJECTS ?? 5_000);
const CLAIMS = Number(process.env.BENCH_CITY_CLAIMS ?? SUBJECTS);
const PERIODS = ['2019Q3', '2019Q4'] as const;
const protector = passphraseProtector('bench-passphrase-2019');
const sha256 = (bytes: Uint8Array | string) => hash('sha256', bytes, 'hex');

type Issued = { county: { code: string; name: string }; key: { algorithm: Algorithm; publicKey: string; fingerprint: string }; bundles: { fileName: string; bytes: Uint8Array }[] };
type Fixture = { scratch: ReturnType<typeof scratchDir>; counties: Issued[]; totalBytes: number; largest: number; provincePack: string };
let fixture: Fixture | null = null;
let cities = 0;
let lastOverviewMs = Number.NaN;
let lastRecheck = 'n/a';

function open(dbPath: string): Core {
  return openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench', now: () => DEMO_NOW });
}

/** A demo county built by the CLI, with its signing key; its quarterly bundles as exported. */
async function demoCountyBundles(scratch: ReturnType<typeof scratchDir>, code: string, seed: number): Promise<Uint8Array[]> {
  const dir = scratch.file(`demo-${code}`);
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'county.db');
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const args = ['demo', '--db', dbPath, '--county', code, '--subjects', String(SUBJECTS), '--claims', String(CLAIMS), '--seed', String(seed)];
  const built = spawnSync(tsx, [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`demo county ${code} not built (exit ${built.status})`);
  const core = open(dbPath);
  try {
    installSigner(core.ledger, BENCH_ACTOR, core.dataDir, protector, activePack(core.db).exchange!.algorithm);
    const out: Uint8Array[] = [];
    for (const period of PERIODS) out.push((await exportBundle(core, BENCH_ACTOR, protector, period, join(dir, 'out'))).bytes);
    return out;
  } finally {
    core.close();
  }
}

/** The base bundle as a different county would have sent it: its code, key, people and chain. */
function reissue(base: Uint8Array, county: { code: string; name: string }, signer: Signer, previousDigest: string | null, packDigest: string): { bytes: Uint8Array; digest: string } {
  const entries = unzipSync(base);
  const manifest = Manifest.parse(JSON.parse(strFromU8(entries['manifest.json']!)));
  const own = (h: unknown) => (typeof h === 'string' ? sha256(`${county.code}:${h}`) : h);
  const lines = (name: DataFileName) =>
    strFromU8(entries[name]!)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const data = Object.fromEntries(
    DATA_FILES.map((name) => {
      let rows = lines(name);
      if (name === 'subjects.jsonl') rows = rows.map((r) => ({ ...r, idHash: own(r.idHash), bankHash: own(r.bankHash) }));
      // decided under the province's pack, which knows the county (the seed pack knows Huainan's eight)
      if (name === 'claims.jsonl') rows = rows.map((r) => ({ ...r, payeeHash: own(r.payeeHash), packDigest }));
      return [name, rowLines(rows)];
    }),
  ) as Record<DataFileName, Iterable<string>>;
  const { files: _files, key: _key, ...rest } = manifest;
  const packing = packBundle({ ...rest, county, pack: { ...rest.pack, digest: packDigest }, previousBundleDigest: previousDigest }, data, signer);
  for (;;) {
    const step = packing.next();
    if (step.done) return { bytes: step.value.bytes, digest: step.value.digest };
  }
}

async function build(): Promise<Fixture> {
  if (fixture) return fixture;
  const scratch = scratchDir();
  const models = ['340422', '340421'] as const;
  const bases = [await demoCountyBundles(scratch, models[0], 2019), await demoCountyBundles(scratch, models[1], 2020)];
  const names = Array.from({ length: COUNTIES }, (_, i) => ({ code: String(349000 + i), name: `基准县${i + 1}`, model: models[i % models.length]! }));
  const province = provincePack(scratch, names);
  const packDigest = loadPolicyPack(province).meta.digest;
  const counties: Issued[] = [];
  let totalBytes = 0;
  let largest = 0;
  for (let i = 0; i < COUNTIES; i++) {
    const county = { code: names[i]!.code, name: names[i]!.name };
    const algorithm: Algorithm = i % 2 === 0 ? 'sm2-sm3' : 'ed25519';
    const pair = generateKeyPair(algorithm);
    const key = { algorithm, publicKey: pair.publicKey, fingerprint: fingerprint(algorithm, pair.publicKey) };
    const signer: Signer = { ...key, sign: (message) => sign(algorithm, pair.privateKey, message) };
    const base = bases[i % bases.length]!;
    const sends = i % 7 === 0 ? base.length : 1;
    const bundles: Issued['bundles'] = [];
    let previous: string | null = null;
    for (let s = 0; s < sends; s++) {
      const issued = reissue(base[s]!, county, signer, previous, packDigest);
      previous = issued.digest;
      bundles.push({ fileName: `${county.code}-${PERIODS[s]}-${String(s + 1).padStart(4, '0')}.cbundle`, bytes: issued.bytes });
      totalBytes += issued.bytes.length;
      largest = Math.max(largest, issued.bytes.length);
    }
    counties.push({ county, key, bundles });
  }
  fixture = { scratch, counties, totalBytes, largest, provincePack: province };
  process.once('exit', () => scratch.dispose());
  return fixture;
}

/**
 * The seed pack with the 105 counties added (each a copy of the facts of the demo county its bundles
 * come from, under its own code), as a province's counties and city would run it: the claims cite
 * it, so the city's recheck finds them as decided, and its overview covers every county.
 */
function provincePack(scratch: ReturnType<typeof scratchDir>, counties: readonly { code: string; name: string; model: string }[]): string {
  const dir = scratch.file('province-pack');
  cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
  const file = join(dir, 'counties.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { counties: Record<string, unknown>[] };
  const model = (code: string) => data.counties.find((c) => c.code === code)!;
  data.counties.push(...counties.map((c) => ({ ...model(c.model), code: c.code, codeOfficial: false, name: c.name })));
  writeFileSync(file, JSON.stringify(data, null, 2));
  return dir;
}

/** A new city ledger that knows every county's key (untimed). */
function freshCity(f: Fixture): Core {
  const city = open(f.scratch.file(`city-${++cities}.db`));
  configureInstallRole(city.ledger, BENCH_ACTOR, { role: 'city' });
  loadPackFromDirectory(city.ledger, BENCH_ACTOR, f.provincePack);
  for (const c of f.counties) registerCountyKey(city.ledger, BENCH_ACTOR, { format: 'county-ledger-public-key/1', county: c.county, ...c.key }, c.key.fingerprint, 'bench');
  return city;
}

/** Bundles in the order a city receives them: every county's first, then the second ones. */
function arrivals(f: Fixture): { fileName: string; bytes: Uint8Array }[] {
  const out: { fileName: string; bytes: Uint8Array }[] = [];
  for (let s = 0; s < PERIODS.length; s++) for (const c of f.counties) if (c.bundles[s]) out.push(c.bundles[s]!);
  return out;
}

export const cityImport: AsyncBenchmark = {
  async: true,
  name: 'city.import',
  unit: 'MB/s',
  get amount() {
    if (!fixture) throw new Error('the county bundles are not built yet');
    return fixture.totalBytes / 1e6;
  },
  rounds: 3,
  async ours() {
    const f = await build();
    const city = freshCity(f);
    return {
      run: async () => {
        for (const b of arrivals(f)) importBundle(city.ledger, BENCH_ACTOR, b.bytes, b.fileName, true);
        const start = performance.now();
        const overview = cityOverview(city.db, PERIODS[0]);
        lastOverviewMs = performance.now() - start;
        if (overview.counties.length < f.counties.length) throw new Error(`overview lists ${overview.counties.length} counties`);
      },
      teardown: () => {
        // what the import's recheck found (untimed): a province's claims decided as reported are 一致
        const counties = recheckSummary(city.db, {}).counties;
        lastRecheck = `${counties.reduce((n, c) => n + c.consistent, 0)}/${counties.reduce((n, c) => n + c.claims, 0)}`;
        city.close();
      },
    };
  },
  async baseline() {
    const f = await build();
    const db = new Database(f.scratch.file(`bare-${++cities}.db`));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE rows (county TEXT, file TEXT, line TEXT)');
    const insert = db.prepare('INSERT INTO rows VALUES (?, ?, ?)');
    return {
      run: async () => {
        for (const b of arrivals(f)) {
          const county = b.fileName.slice(0, 6);
          db.transaction(() => {
            for (const [name, file] of Object.entries(unzipSync(b.bytes))) {
              sha256(file);
              if (!name.endsWith('.jsonl')) continue;
              for (const line of strFromU8(file).split('\n')) if (line !== '') insert.run(county, name, JSON.stringify(JSON.parse(line)));
            }
          })();
        }
      },
      teardown: () => {
        db.close();
      },
    };
  },
  note: () => {
    const f = fixture!;
    const memory = largestImportMemory(f);
    return ` counties=${f.counties.length} bundles=${arrivals(f).length} bytes=${(f.totalBytes / 1e6).toFixed(1)}MB overview_ms=${lastOverviewMs.toFixed(0)} recheck_consistent=${lastRecheck} ${memory}`;
  },
};

/**
 * The peak memory of one import, in a process of its own so nothing else the bench holds counts:
 * the largest bundle, into a new city; above the process's resident size just before the import.
 */
function largestImportMemory(f: Fixture): string {
  const biggest = f.counties.flatMap((c) => c.bundles.map((b) => ({ c, b }))).sort((x, y) => y.b.bytes.length - x.b.bytes.length)[0];
  if (!biggest || biggest.b.fileName.slice(7, 13) !== PERIODS[0]) return 'import_peak=n/a';
  const dir = f.scratch.file('memory');
  mkdirSync(dir, { recursive: true });
  const bundlePath = join(dir, biggest.b.fileName);
  writeFileSync(bundlePath, biggest.b.bytes);
  const keyPath = join(dir, 'key.json');
  writeFileSync(keyPath, JSON.stringify({ format: 'county-ledger-public-key/1', county: biggest.c.county, ...biggest.c.key }));
  return measureImportPeak(join(dir, 'city.db'), bundlePath, keyPath, biggest.b.bytes.length, f.provincePack);
}

/** Runs test/bench/import-peak.ts on one bundle and formats what it reports. */
export function measureImportPeak(cityDb: string, bundlePath: string, keyPath: string, bundleBytes: number, packDir?: string): string {
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, [join(PROJECT_ROOT, 'test', 'bench', 'import-peak.ts'), cityDb, bundlePath, keyPath, ...(packDir ? [packDir] : [])], { encoding: 'utf8' });
  if (run.status !== 0) return `import_peak=error(${(run.stderr || '').trim().split('\n').pop()})`;
  const { idleMb, peakMb, importMs } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { idleMb: number; peakMb: number; importMs: number };
  const above = peakMb - idleMb;
  return `import_bundle=${(bundleBytes / 1e6).toFixed(1)}MB import_peak_above_idle=${above.toFixed(0)}MB (${(above / (bundleBytes / 1e6)).toFixed(1)}× the bundle) import_ms=${importMs.toFixed(0)}`;
}
