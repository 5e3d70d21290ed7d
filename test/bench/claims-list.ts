import { openCore } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/demo';
import { dispatch } from '../../electron/core/handlers';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { type AsyncBenchmark, scratchDir } from './harness';

// 申报与拨付 on a demo county with 5,000 claims (20,000 subjects): what the page asks the core for
// when it opens, a sort and a search, through dispatch (input parsing and output checking
// included). Ours: a page of 50 from claims.page, filtered, sorted and counted in SQL.
// Baseline: the whole year's claims.list, every claim as a full view, as the page loaded it before.
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 5_000);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 20_000);

type County = { call: (method: string, input: unknown) => Promise<void>; close(): void };
let county: Promise<County> | null = null;

function demoCounty(): Promise<County> {
  county ??= (async () => {
    const scratch = scratchDir();
    const core = openCore({ dbPath: scratch.file('demo.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench' });
    await buildDemo(core, { county: '340422', subjects: SUBJECTS, claims: CLAIMS, seed: 7 });
    const token = core.sessions.open('demo-clerk');
    return {
      async call(method, input) {
        const result = await dispatch(core, method, input, token);
        if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      },
      close: () => (core.close(), scratch.dispose()),
    };
  })();
  return county;
}

/** The three things a clerk does first on the page: open it, sort by amount, search a name's initials. */
const OURS: [string, unknown][] = [
  ['claims.page', { year: 2019, offset: 0, limit: 50 }],
  ['claims.page', { year: 2019, sort: 'amount', descending: true, offset: 0, limit: 50 }],
  ['claims.page', { year: 2019, query: 'zh', offset: 0, limit: 50 }],
];

export const claimsList: AsyncBenchmark = {
  async: true,
  name: 'claims.list',
  // one visit: open, sort, search (ours asks three pages; before, one load served all three)
  unit: 'visits/s',
  amount: 1,
  rounds: 5,
  warmUp: true,
  ours: async () => {
    const c = await demoCounty();
    return {
      run: async () => {
        for (const [method, input] of OURS) await c.call(method, input);
      },
    };
  },
  // before: the page loaded the year's claims once and sorted and searched them in the browser
  baseline: async () => {
    const c = await demoCounty();
    return { run: () => c.call('claims.list', { year: 2019 }) };
  },
  note: (ours, baseline) => `ours_ms=${(1000 / ours).toFixed(1)} baseline_ms=${(1000 / baseline).toFixed(1)} claims=${CLAIMS}`,
  finish: async () => (await county)?.close(),
};
