import { type Core, openCore } from '../../electron/core/core';
import { importBundle, registerCountyKey } from '../../electron/core/exchange/city';
import { recheckLines, receivedSettings } from '../../electron/core/exchange/city-repository';
import { openBundle } from '../../electron/core/exchange/bundle';
import { runRecheck } from '../../electron/core/exchange/recheck';
import { DEMO_NOW } from '../../electron/core/demo/demo';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { packByDigest } from '../../electron/core/policy/repository';
import { configureInstallRole } from '../../electron/core/policy/service';
import { readingOf } from '../../electron/core/readings/readings';
import { Engine } from '../../electron/core/rules/engine';
import { RuleSetting, type EvaluationCase, type RuleId } from '../../shared/domain/rules';
import { county } from './bundle';
import { type AsyncBenchmark, BENCH_ACTOR } from './harness';

// city.recheck: claims rechecked per second over the demo county's 100,000-claim bundle, imported
// once (untimed) into its own city.
//   ours      runRecheck for the county, as 全市汇总's button and `city recheck` run it: every
//             approved or paid claim read from SQLite, its frozen facts parsed, the settings in
//             force at its approval rebuilt from the journaled ones, decided again (without its
//             trace: a claim found 一致 keeps none, and any other is decided once more with it),
//             compared with the county's amount, and the outcome journaled.
//   baseline  rules.evaluate: the same engine's evaluate on the same cases, built in memory
//             beforehand under the county's settings, nothing read or written.

type Prepared = { city: Core; county: string; cases: EvaluationCase[]; engine: Engine };
let prepared: Prepared | null = null;

async function prepare(): Promise<Prepared> {
  if (prepared) return prepared;
  const shared = await county();
  const opened = openBundle(shared.bytes);
  const code = opened.manifest.county.code;
  const city = openCore({ dbPath: shared.scratch.file('city-recheck.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench', now: () => DEMO_NOW });
  configureInstallRole(city.ledger, BENCH_ACTOR, { role: 'city' });
  const key = opened.manifest.key;
  registerCountyKey(city.ledger, BENCH_ACTOR, { format: 'county-ledger-public-key/1', county: { code, name: opened.manifest.county.name }, ...key }, key.fingerprint, 'bench');
  importBundle(city.ledger, BENCH_ACTOR, shared.bytes, 'recheck.cbundle', true);
  const rows = [...recheckLines(city.db, code, null)];
  const pack = packByDigest(city.db, rows[0]!.packDigest!)!;
  const settings = new Map<RuleId, RuleSetting>();
  const readings = new Map<string, { value: string; note: string; set_by: string; set_at: string }>();
  for (const e of receivedSettings(city.db, code)) {
    const payload = JSON.parse(e.payload) as { id?: string; value?: string };
    if (e.kind === 'rule.setting') {
      const s = RuleSetting.parse(payload);
      settings.set(s.rule, s);
    } else if (payload.id && payload.value) readings.set(payload.id, { value: payload.value, note: '', set_by: e.actor, set_at: e.at });
  }
  const engine = new Engine(pack, settings, new Map(), new Map(pack.readings.map((d) => [d.id, readingOf(d, readings.get(d.id), (u) => u)])));
  const cases = rows.map((r) => ({ id: r.no, rule: r.rule, year: r.year, subject: { type: r.subjectType!, county: code }, facts: JSON.parse(r.facts!) as Record<string, string | boolean>, previousAwards: [], decidedOn: r.decidedOn! }));
  prepared = { city, county: code, cases, engine };
  process.once('exit', () => city.close());
  return prepared;
}

export const cityRecheck: AsyncBenchmark = {
  async: true,
  name: 'city.recheck',
  unit: 'claims/s',
  get amount() {
    if (!prepared) throw new Error('the city is not prepared yet');
    return prepared.cases.length;
  },
  // a round is under a second: nine of them, so that the median is not one slow moment's
  rounds: 9,
  warmUp: true,
  async ours() {
    const { city, county: code, cases } = await prepare();
    return {
      run: async () => {
        const summary = runRecheck(city.ledger, BENCH_ACTOR, { county: code });
        const c = summary.counties[0]!;
        if (c.claims !== cases.length || c.consistent !== c.claims) throw new Error(`rechecked ${c.claims} claims, ${c.consistent} consistent, of ${cases.length}`);
      },
    };
  },
  async baseline() {
    const { cases, engine } = await prepare();
    return {
      run: async () => {
        for (const c of cases) if ('error' in engine.evaluate(c)) throw new Error(`case ${c.id} refused`);
      },
    };
  },
};
