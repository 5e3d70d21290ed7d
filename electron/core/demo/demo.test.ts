import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_STATES } from '../../../shared/domain/claims';
import { actor, tempCore, tempDir, type TempCore } from '../../../test/helpers/core';
import { ALL_EVENTS } from '../events';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { PROJECT_ROOT } from '../paths';
import { configureInstallRole } from '../policy/service';
import { importBundle, registerCountyKey } from '../exchange/city';
import { buildDemo, DEMO_NOW, DEMO_PASSWORD, type DemoOptions, type DemoSummary, verifyQuietFlags } from './demo';
import { mulberry32, seedNumber } from './random';
import { exportBundle } from '../exchange/export';
import { currentPublicKey, installSigner, passphraseProtector } from '../exchange/keys';
import { Sessions } from '../accounts/sessions';

// The demo county: reproducible from its seed, every claim state present, a journal that replays,
// a bundle the city accepts — and the batched path writing what the claim services would have.

const OPTIONS: DemoOptions = { county: '340422', subjects: 300, claims: 200, seed: 20191230 };
const PASS = '演示县的签名口令2019';

async function build(options: Partial<DemoOptions> = {}): Promise<{ core: TempCore; summary: DemoSummary }> {
  const core = tempCore();
  // "today" of the exports below is the demo's today
  Object.assign(core, { sessions: new Sessions(() => DEMO_NOW) });
  const summary = await buildDemo(core, { ...OPTIONS, ...options });
  return { core, summary };
}

/**
 * The business content of a build. Subject, claim, notice and objection ids are random (Date.now
 * and randomBytes in subjectIds/newId), so rows are matched by their keys and numbers instead.
 */
function content(core: TempCore, withTimes = true) {
  const all = (sql: string) => core.db.prepare(sql).raw().all();
  return {
    subjects: all('SELECT list, key, name, uscc, id_number, phone, bank_account, town, village, fields, search, revision FROM subject ORDER BY list, key'),
    facts: all('SELECT s.list, s.key, f.year, f.fact, f.value FROM subject_fact f JOIN subject s ON s.id = f.subject_id ORDER BY 1, 2, 3, 4'),
    claims: all(
      `SELECT c.no, s.list, s.key, c.rule, c.year, c.course, c.state, c.facts, c.amount_fen, c.trace, c.pack_digest, c.frozen, c.flags, c.flags_ack,
              c.entered_by, c.submitted_by, c.reviewed_by, c.approved_by, n.no, c.return_reason, c.void_reason, c.voucher_no, c.paid_on, c.paid_fen,
              ${withTimes ? 'c.approved_at' : 'NULL'}, c.revision
       FROM claim c JOIN subject s ON s.id = c.subject_id LEFT JOIN notice n ON n.id = c.notice_id ORDER BY c.no`,
    ),
    purchases: all('SELECT c.no, s.key FROM claim_purchase p JOIN claim c ON c.id = p.claim_id JOIN subject s ON s.id = p.purchase_id ORDER BY 1, 2'),
    notices: all('SELECT no, title, starts_on, ends_on, contact, state, created_by FROM notice ORDER BY no'),
    objections: all('SELECT c.no, o.received_on, o.text, o.recorded_by, o.resolution, o.upheld, o.resolved_by FROM objection o JOIN claim c ON c.id = o.claim_id ORDER BY 1, 2, 3'),
    budget: all('SELECT year, doc_no, base_fen, uplift_fen FROM budget'),
    progress: all('SELECT quarter, task, narrative, problems, next_steps FROM task_progress ORDER BY 1, 2'),
    values: all('SELECT quarter, indicator, value, source FROM indicator_value ORDER BY 1, 2'),
    quarters: all('SELECT quarter, state, digest FROM quarter_state ORDER BY 1'),
    accounts: all('SELECT username, display_name, roles FROM account ORDER BY 1'),
    kinds: all('SELECT kind, count(*) FROM journal GROUP BY kind ORDER BY kind'),
  };
}

let a: { core: TempCore; summary: DemoSummary };
beforeAll(async () => {
  a = await build();
}, 120_000);
afterAll(() => a.core.dispose());

describe('buildDemo', () => {
  it('is a seeded PRNG: the same seed, the same numbers; text seeds hash', () => {
    const x = mulberry32(7);
    const y = mulberry32(7);
    expect(Array.from({ length: 5 }, x)).toEqual(Array.from({ length: 5 }, y));
    expect(seedNumber('20191230')).toBe(20191230);
    expect(seedNumber('寿县')).toBe(seedNumber('寿县'));
    expect(seedNumber('寿县')).not.toBe(seedNumber('凤台县'));
  });

  it('builds the registry, claims in every state, the accounts and two closed quarters', () => {
    const { summary } = a;
    expect(summary).toMatchObject({ county: { code: '340422', name: '寿县' }, subjects: 300, closedQuarters: ['2019Q3', '2019Q4'] });
    expect(Object.values(summary.lists).every((n) => n > 0)).toBe(true);
    expect(Object.values(summary.claims).reduce((s, n) => s + n, 0)).toBe(200);
    for (const state of CLAIM_STATES) expect(summary.claims[state], state).toBeGreaterThan(0);
    expect(summary.claimPaths.services + summary.claimPaths.batched).toBe(200);
    expect(summary.claimPaths.batched).toBeGreaterThan(0);
    expect(summary.accounts.map((x) => [x.username, x.roles, x.password])).toEqual([
      ['demo-admin', ['admin'], DEMO_PASSWORD],
      ['demo-clerk', ['clerk'], DEMO_PASSWORD],
      ['demo-reviewer', ['reviewer'], DEMO_PASSWORD],
      ['demo-director', ['director'], DEMO_PASSWORD],
    ]);
    const db = a.core.db;
    // four eyes on every claim that got that far
    const breaches = db.prepare('SELECT count(*) AS n FROM claim WHERE reviewed_by IN (entered_by, submitted_by) OR approved_by IN (entered_by, submitted_by, reviewed_by)').get() as { n: number };
    expect(breaches.n).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM subject_fact f JOIN subject s ON s.id = f.subject_id WHERE s.list = 'enterprises' AND f.fact = 'ruralOnlineSales' AND f.value > 1000000000").get()).not.toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM subject WHERE list = 'service-points' AND json_extract(fields, '$.demoPoint') = 1").get()).not.toEqual({ n: 0 });
    expect((db.prepare("SELECT DISTINCT level FROM (SELECT json_extract(fields, '$.level') AS level FROM subject WHERE list = 'demo-divisions') ORDER BY 1").all() as { level: string }[]).map((r) => r.level)).toEqual(['示范村', '示范镇']);
    // every import went in whole: one import entry per file, no rejects
    expect(db.prepare('SELECT count(*) AS n FROM import_log WHERE rejected > 0').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM quarter_state WHERE state = 'closed'").get()).toEqual({ n: 2 });
  });

  it('gives the same business content for the same seed (ids are random, so rows are matched by key and number)', async () => {
    const b = await build();
    try {
      expect(content(b.core)).toEqual(content(a.core));
      expect(b.summary).toEqual(a.summary);
    } finally {
      b.core.dispose();
    }
    const c = await build({ seed: 20191231 });
    try {
      expect(content(c.core).subjects).not.toEqual(content(a.core).subjects);
    } finally {
      c.core.dispose();
    }
  }, 120_000);

  it('the batched path writes the claims the services write, and their fraud checks are indeed quiet', async () => {
    const s = await build({ claimPath: 'services' });
    try {
      expect(s.summary.claimPaths).toEqual({ services: 200, batched: 0 });
      // approved_at is the ledger clock, which ticks per write: batches make fewer writes
      expect(content(s.core, false)).toEqual(content(a.core, false));
    } finally {
      s.core.dispose();
    }
    const batched = a.core.db.prepare("SELECT id FROM claim WHERE state <> 'draft' AND created_seq > (SELECT max(seq) FROM journal WHERE kind = 'registry.imported')").all() as { id: string }[];
    expect(batched.length).toBeGreaterThan(50);
    expect(() => verifyQuietFlags(a.core, batched.map((r) => r.id))).not.toThrow();
  }, 120_000);

  it('keeps a journal that verifies and replays to the same state', () => {
    expect(a.core.ledger.verify().ok).toBe(true);
    const rebuilt = rebuildFromJournal(a.core.ledger, ALL_EVENTS);
    try {
      expect(compareState(a.core.db, rebuilt)).toEqual([]);
    } finally {
      rebuilt.close();
    }
  });

  it('exports the 2019Q4 bundle, which a city imports', async () => {
    const out = tempDir();
    const city = tempCore();
    try {
      // the county makes its signing key (and hands the public key to the city) before its first bundle
      installSigner(a.core.ledger, actor('demo-director'), a.core.dataDir, passphraseProtector(PASS), 'sm2-sm3');
      const exported = await exportBundle(a.core, actor('demo-director'), passphraseProtector(PASS), '2019Q4', out.dir);
      expect(exported).toMatchObject({ sequence: 1, rows: { 'subjects.jsonl': 300, 'claims.jsonl': 200 } });
      expect(exported.rows['payments.jsonl']).toBe(a.summary.claims.paid);
      configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
      const key = currentPublicKey(a.core.db)!;
      registerCountyKey(city.ledger, actor('市局信息科'), { format: 'county-ledger-public-key/1', county: { code: '340422', name: '寿县' }, ...key }, key.fingerprint, '电话核对');
      const imported = importBundle(city.ledger, actor('市局'), readFileSync(exported.path), exported.fileName, true);
      expect(imported).toMatchObject({ committed: true, summary: { county: { code: '340422' }, period: '2019Q4', sequence: 1 }, changes: { tasks: 18, subjects: 300, claims: 200 } });
      expect(city.db.prepare("SELECT count(*) AS n FROM received_claim WHERE county = '340422'").get()).toEqual({ n: 200 });
    } finally {
      city.dispose();
      out.dispose();
    }
  });

  it('refuses a database that already holds data, and more claims than the subjects allow', async () => {
    await expect(buildDemo(a.core, OPTIONS)).rejects.toMatchObject({ code: 'CONFLICT' });
    const core = tempCore();
    try {
      await expect(buildDemo(core, { ...OPTIONS, subjects: 60, claims: 5000 })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('超过') });
    } finally {
      core.dispose();
    }
  });
});

describe('demo command', () => {
  const cli = (...args: string[]) => spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });

  it('creates a new database and prints the summary; refuses an existing file; wrong usage exits 2', () => {
    const dir = tempDir();
    try {
      const db = join(dir.dir, 'demo.db');
      const run = cli('demo', '--db', db, '--county', '340421', '--subjects', '60', '--claims', '30', '--seed', '7');
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as DemoSummary & { ok: boolean };
      expect(summary).toMatchObject({ ok: true, county: { code: '340421', name: '凤台县' }, subjects: 60, closedQuarters: ['2019Q3', '2019Q4'] });
      expect(Object.values(summary.claims).reduce((s, n) => s + n, 0)).toBe(30);
      expect(run.stderr).toContain('演示数据库已生成');
      expect(cli('ledger', 'verify', '--db', db).status).toBe(0);

      const again = cli('demo', '--db', db, '--county', '340421', '--subjects', '60', '--claims', '30', '--seed', '7');
      expect(again.status).toBe(1);
      expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

      const usage = cli('demo', '--db', join(dir.dir, 'other.db'), '--county', '340421', '--subjects', 'many', '--claims', '30', '--seed', '7');
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('--subjects');
      expect(cli('demo', '--db', join(dir.dir, 'other.db')).status).toBe(2);
      expect(existsSync(join(dir.dir, 'other.db'))).toBe(false);
    } finally {
      dir.dispose();
    }
  }, 60_000);
});
