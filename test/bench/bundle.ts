import { hash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DATA_FILES, type DataFileName } from '../../shared/domain/exchange';
import { type Core, openCore } from '../../electron/core/core';
import { importBundle, registerCountyKey } from '../../electron/core/exchange/city';
import { DEMO_NOW } from '../../electron/core/demo/demo';
import { exportBundle } from '../../electron/core/exchange/export';
import { currentPublicKey, installSigner, passphraseProtector } from '../../electron/core/exchange/keys';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { activePack } from '../../electron/core/policy/repository';
import { configureInstallRole } from '../../electron/core/policy/service';
import { measureImportPeak } from './city-import';
import { demoCounty } from './demo-cache';
import { type AsyncBenchmark, BENCH_ACTOR, scratchDir } from './harness';

// The county's quarterly bundle over a demo county of 100,000 subjects and 100,000 claims (built
// once by the `demo` command, in a child process, and not timed), in MB per second of bundle (zip)
// bytes, each beside the bare work on the same bytes:
//
//   bundle.export  ours: exportBundle for 2019Q4, all of it, as the county runs it: the closed
//                  quarter's snapshot, opening the signing key, reading and minimising subjects,
//                  claims and payments from SQLite (keyed hashes, masked names), the unsent journal
//                  re-hashed entry by entry, JSON Lines, SHA-256s, the signature, the zip, the file
//                  and its journal entry; read from a snapshot connection a piece at a time, with
//                  the event loop let in between pieces, as the app runs it. Exporting changes the county (the next bundle's
//                  sequence, its journal), so every round exports from a fresh copy of the same
//                  database file, copied and opened before the clock starts.
//                  baseline: the rows of the same bundle serialised with JSON.stringify per row and
//                  joined, a SHA-256 per file and fflate's zipSync at level 6 (the level ours uses).
//   bundle.verify  ours: the city's dry-run import (importBundle without commit): unzip, manifest,
//                  key registry, signature, each file's size and SHA-256, every line parsed, the
//                  journal chain checked, and the rows read as the import reads them.
//                  baseline: fflate's unzipSync, a SHA-256 of each file and JSON.parse of each line.
const SUBJECTS = Number(process.env.BENCH_DEMO_SUBJECTS ?? 100_000);
const CLAIMS = Number(process.env.BENCH_DEMO_CLAIMS ?? SUBJECTS);
const COUNTY = '340422';
const PERIOD = '2019Q4';
const protector = passphraseProtector('bench-passphrase-2019');
const sha256 = (bytes: Uint8Array) => hash('sha256', bytes, 'hex');

type Shared = { scratch: ReturnType<typeof scratchDir>; baseDir: string; bytes: Uint8Array; city: Core; keyFile: unknown };
let shared: Shared | null = null;
let rounds = 0;

function open(dbPath: string): Core {
  return openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench', now: () => DEMO_NOW });
}

/** A fresh copy of the county's database and signing key, opened. */
function countyCopy(baseDir: string, scratch: ReturnType<typeof scratchDir>): { core: Core; out: string; dispose(): void } {
  const dir = scratch.file(`round-${++rounds}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(baseDir, 'county.db'), join(dir, 'county.db'));
  cpSync(join(baseDir, 'county.db.files', 'keys'), join(dir, 'county.db.files', 'keys'), { recursive: true });
  const core = open(join(dir, 'county.db'));
  return { core, out: join(dir, 'out'), dispose: () => (core.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** The demo county, its reference bundle and a city that trusts its key (built once, untimed). */
export async function county(): Promise<Shared> {
  if (shared) return shared;
  const scratch = scratchDir();
  const baseDir = scratch.file('base');
  mkdirSync(baseDir, { recursive: true });
  demoCounty(join(baseDir, 'county.db'), { county: COUNTY, subjects: SUBJECTS, claims: CLAIMS, seed: 2019 });
  // the signing key, made once as a county makes it before its first bundle
  const base = open(join(baseDir, 'county.db'));
  installSigner(base.ledger, BENCH_ACTOR, base.dataDir, protector, activePack(base.db).exchange!.algorithm);
  const key = currentPublicKey(base.db)!;
  base.close();
  // the bundle both benchmarks read: the export of a copy
  const reference = countyCopy(baseDir, scratch);
  const bytes = new Uint8Array(readFileSync((await exportBundle(reference.core, BENCH_ACTOR, protector, PERIOD, reference.out)).path));
  reference.dispose();
  // the city, with the county's key registered
  const city = open(scratch.file('city.db'));
  configureInstallRole(city.ledger, BENCH_ACTOR, { role: 'city' });
  const keyFile = { format: 'county-ledger-public-key/1', county: { code: COUNTY, name: '寿县' }, ...key };
  registerCountyKey(city.ledger, BENCH_ACTOR, keyFile, key.fingerprint, 'bench');
  shared = { scratch, baseDir, bytes, city, keyFile };
  process.once('exit', () => {
    city.close();
    scratch.dispose();
  });
  return shared;
}

/** Both benchmarks: MB of the reference bundle a second, over three rounds after a warm-up. */
function overBundle(name: string, sides: Pick<AsyncBenchmark, 'ours' | 'baseline' | 'note'>): AsyncBenchmark {
  return {
    async: true,
    name,
    unit: 'MB/s',
    // the county is built by the first side that runs, before any amount is read
    get amount() {
      if (!shared) throw new Error('the demo county is not built yet');
      return shared.bytes.length / 1e6;
    },
    rounds: 3,
    warmUp: true,
    ...sides,
  };
}

/** The data rows of the reference bundle, parsed (untimed setup for the export baseline). */
function bundleRows(bytes: Uint8Array): Record<DataFileName, unknown[]> {
  const entries = unzipSync(bytes);
  return Object.fromEntries(
    DATA_FILES.map((name) => [
      name,
      strFromU8(entries[name]!)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as unknown),
    ]),
  ) as Record<DataFileName, unknown[]>;
}

export const bundleExport = overBundle('bundle.export', {
  async ours() {
    const { baseDir, scratch } = await county();
    const copy = countyCopy(baseDir, scratch); // before the clock starts
    return {
      run: async () => {
        const result = await exportBundle(copy.core, BENCH_ACTOR, protector, PERIOD, copy.out);
        if (result.sequence !== 1) throw new Error(`unexpected sequence ${result.sequence}`); // a copy of the base, which has exported nothing
      },
      teardown: () => copy.dispose(),
    };
  },
  async baseline() {
    const rows = bundleRows((await county()).bytes);
    return {
      run: async () => {
        const files: Record<string, Uint8Array> = {};
        for (const name of DATA_FILES) {
          const bytes = strToU8(`${rows[name].map((row) => JSON.stringify(row)).join('\n')}\n`);
          sha256(bytes);
          files[name] = bytes;
        }
        sha256(zipSync(files, { level: 6 }));
      },
    };
  },
});

/** The peak memory of the city importing the largest bundle the demo builder makes, in a process of its own. */
function largestImportMemory(): string {
  const { scratch, bytes, keyFile } = shared!;
  const dir = scratch.file('memory');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${COUNTY}-${PERIOD}-0001.cbundle`), bytes);
  writeFileSync(join(dir, 'key.json'), JSON.stringify(keyFile));
  return measureImportPeak(join(dir, 'city.db'), join(dir, `${COUNTY}-${PERIOD}-0001.cbundle`), join(dir, 'key.json'), bytes.length);
}

export const bundleVerify = overBundle('bundle.verify', {
  async ours() {
    const { bytes, city } = await county();
    return {
      run: async () => {
        const outcome = importBundle(city.ledger, BENCH_ACTOR, bytes, `${COUNTY}-${PERIOD}-0001.cbundle`, false);
        if (outcome.changes.claims !== CLAIMS) throw new Error(`read ${outcome.changes.claims} claims`);
      },
    };
  },
  async baseline() {
    const { bytes } = await county();
    return {
      run: async () => {
        for (const [name, file] of Object.entries(unzipSync(bytes))) {
          sha256(file);
          if (!name.endsWith('.jsonl')) continue;
          for (const line of strFromU8(file).split('\n')) if (line !== '') JSON.parse(line);
        }
      },
    };
  },
  note: () => largestImportMemory(),
});
