import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, signIn, tempDir } from '../../test/helpers/core';
import { principalOf } from '../core/accounts/service';
import { openCore } from '../core/core';
import { DEFAULT_POLICY_DIR, PROJECT_ROOT } from '../core/paths';
import { configureInstallRole } from '../core/policy/service';
import { generateQuarterReport } from '../core/progress/generate';
import { closeQuarter, saveText } from '../core/progress/service';

// Keys and bundles through the CLI as the county's and the city's IT staff run it: real processes,
// real files, the passphrase from a file.

function cli(...args: string[]) {
  const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), ...args], { encoding: 'utf8', env: { ...process.env, COUNTY_LEDGER_KEY_PASSPHRASE: '' } });
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: run.status, json, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
let dispose: () => void;
beforeEach(() => ({ dir, dispose } = tempDir()));
afterEach(() => dispose());

/** A county database with 2019Q4 closed, built through the core. */
async function countyDatabase(path: string): Promise<void> {
  const now = Date.parse('2020-01-10T02:00:00Z');
  mkdirSync(dirname(path), { recursive: true });
  const core = openCore({ dbPath: path, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', now: () => now });
  try {
    configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: '340422' });
    signIn(core, 'lu', ['clerk']);
    signIn(core, 'pi', ['director']);
    saveText(core.ledger, principalOf(core.db, 'lu')!, '2020-01-10', { quarter: '2019Q4', task: 1, expectedRevision: 0, narrative: '全年增幅 32%' });
    await generateQuarterReport(core, principalOf(core.db, 'lu')!, '2019Q4', 'xlsx');
    closeQuarter(core.ledger, principalOf(core.db, 'pi')!, '2020-01-10', '2019Q4', new Date(now).toISOString());
  } finally {
    core.close();
  }
}

describe('cli keys and bundles', () => {
  it('exports the public key and a bundle, verifies it standalone, and the city registers the key and imports after a dry run', async () => {
    const county = join(dir, 'county', 'ledger.db');
    const cityDb = join(dir, 'city', 'ledger.db');
    const secret = join(dir, 'passphrase.txt');
    writeFileSync(secret, '寿县商务局口令2019\n');
    await countyDatabase(county);

    expect(cli('keys', 'export-public', '--db', county, '--out', join(dir, 'k.json'))).toMatchObject({ status: 2, stderr: expect.stringContaining('--passphrase-file') });
    const key = cli('keys', 'export-public', '--db', county, '--out', join(dir, 'shou.pub.json'), '--passphrase-file', secret);
    expect(key).toMatchObject({ status: 0, json: { ok: true, algorithm: 'sm2-sm3', county: { code: '340422', name: '寿县' } } });
    const fingerprint = String(key.json?.fingerprint);
    expect(fingerprint).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    // the private key is nowhere in what was written out
    expect(readFileSync(join(dir, 'shou.pub.json'), 'utf8')).not.toMatch(/privateKey|sealed/);

    const exported = cli('bundle', 'export', '--db', county, '--period', '2019Q4', '--out', join(dir, 'out'), '--passphrase-file', secret);
    expect(exported.status).toBe(0);
    const bundle = exported.stdout.trim();
    expect(bundle).toBe(join(dir, 'out', '340422-2019Q4-0001.cbundle'));

    const verified = cli('bundle', 'verify', bundle, '--keys', join(dir, 'shou.pub.json'));
    expect(verified).toMatchObject({ status: 0, json: { ok: true, county: { code: '340422' }, period: '2019Q4', sequence: 1, fingerprint } });
    // a bundle whose manifest names another sequence cannot pass as the next one
    expect(cli('bundle', 'verify', bundle, '--keys', join(dir, 'shou.pub.json'), '--after', bundle)).toMatchObject({ status: 1, json: { ok: false, error: { code: 'BUNDLE_REPLAY' } } });

    mkdirSync(dirname(cityDb), { recursive: true });
    expect(cli('init', '--db', cityDb, '--city').status).toBe(0);
    expect(cli('bundle', 'import', '--db', cityDb, bundle)).toMatchObject({ status: 1, json: { ok: false, error: { code: 'BUNDLE_KEY' } } });
    expect(cli('keys', 'register', '--db', cityDb, '--key', join(dir, 'shou.pub.json'), '--fingerprint', 'AAAA-BBBB')).toMatchObject({ status: 1, json: { error: { code: 'VALIDATION' } } });
    expect(cli('keys', 'register', '--db', cityDb, '--key', join(dir, 'shou.pub.json'), '--fingerprint', fingerprint)).toMatchObject({ status: 0, json: { county: '340422' } });
    const dry = cli('bundle', 'import', '--db', cityDb, bundle);
    expect(dry).toMatchObject({ status: 0, json: { ok: true, committed: false, changes: { tasks: 18 } } });
    expect(cli('bundle', 'import', '--db', cityDb, bundle, '--commit')).toMatchObject({ status: 0, json: { committed: true } });
    expect(cli('bundle', 'import', '--db', cityDb, bundle, '--commit')).toMatchObject({ status: 1, json: { error: { code: 'BUNDLE_REPLAY' } } });
    // 市级复核 on demand: the JSON the issue gives, exit 0 (findings or none)
    const recheck = cli('city', 'recheck', '--db', cityDb, '--county', '340422');
    expect(recheck).toMatchObject({ status: 0, json: { counties: [{ county: '340422', findings: [] }] } });
    const rechecked = (recheck.json as { counties: { claims: number; consistent: number }[] }).counties[0]!;
    expect(rechecked.consistent).toBe(rechecked.claims);
    expect(cli('city', 'recheck', '--db', cityDb, '--period', '2019-4').status).toBe(2);
    expect(cli('ledger', 'verify', '--db', cityDb).status).toBe(0); // the recheck entries replay
  }, 180_000); // a dozen CLI processes, each starting tsx
});
