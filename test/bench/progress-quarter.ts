import { openCore } from '../../electron/core/core';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { configureInstallRole } from '../../electron/core/policy/service';
import { quarterView } from '../../electron/core/progress/service';
import { BENCH_ACTOR, type Benchmark, scratchDir } from './harness';

// The quarter's task table (18 tasks, every indicator computed from the ledger, lights and
// reasons) over a county registry of 100,000 subjects, against the bare work of reading those
// subjects once: one SELECT of every subject's fields and a JSON.parse of each.
const SUBJECTS = 100_000;
const LISTS = ['enterprises', 'cooperatives', 'service-points', 'trainees', 'demo-divisions'] as const;

function countyWithSubjects() {
  const scratch = scratchDir();
  const core = openCore({ dbPath: scratch.file('county.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench' });
  configureInstallRole(core.ledger, BENCH_ACTOR, { role: 'county', county: '340422' });
  // Written straight into the state table: the benchmark reads the registry, it does not build it.
  const insert = core.db.prepare("INSERT INTO subject (id, list, key, name, fields, search, revision, created_seq, updated_seq) VALUES (?, ?, ?, ?, ?, '', 1, 1, 1)");
  core.db.transaction(() => {
    for (let i = 0; i < SUBJECTS; i++) {
      const fields = {
        name: `主体${i}`,
        establishedOn: `2019-${String((i % 12) + 1).padStart(2, '0')}-15`,
        trainingDate: '2019-10-10',
        passed: i % 2 === 0,
        certifiedCourse: true,
        demoPoint: i % 7 === 0,
        level: i % 2 ? '示范村' : '示范镇',
        designatedOn: '2019-10-01',
      };
      insert.run(`s${i}`, LISTS[i % LISTS.length], `k${i}`, fields.name, JSON.stringify(fields));
    }
  })();
  return { core, dispose: () => (core.close(), scratch.dispose()) };
}

let shared: ReturnType<typeof countyWithSubjects> | null = null;
const county = () => (shared ??= countyWithSubjects());

export const progressQuarter: Benchmark = {
  name: 'progress.quarter',
  unit: 'subjects/s',
  amount: SUBJECTS,
  rounds: 5,
  ours: () => ({ run: () => void quarterView({ db: county().core.db, today: '2020-01-10' }, '2019Q4', '基准测试', '2020-01-10T02:00:00.000Z') }),
  baseline: () => ({
    run: () => {
      for (const row of county().core.db.prepare('SELECT fields FROM subject').raw().iterate() as IterableIterator<[string]>) JSON.parse(row[0]);
    },
  }),
};

/** Closes the shared database once both sides are measured. */
export function disposeProgressQuarter(): void {
  shared?.dispose();
  shared = null;
}
