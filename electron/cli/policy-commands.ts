import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type CaseOutcome, type ParameterValue, RuleSetting, type RuleId } from '../../shared/domain/rules';
import { fenToYuanString } from '../../shared/money';
import { DomainError } from '../../shared/result';
import { describeIssues } from '../../shared/validation';
import { localActor, localPrincipal } from '../core/core';
import { openDatabase, openDatabaseReadOnly } from '../core/db/open';
import { ALL_EVENTS } from '../core/events';
import { Ledger } from '../core/ledger/ledger';
import { loadPolicyPack, type PolicyPack } from '../core/policy/pack';
import { ruleSettings } from '../core/policy/repository';
import { defaultReadings, type Readings, readingsWith } from '../core/readings/readings';
import { countyReadings } from '../core/readings/service';
import { loadPackFromDirectory } from '../core/policy/service';
import { Engine, type Settings } from '../core/rules/engine';
import { parseParameterInput } from '../core/rules/parameters';
import { checkRuleSetting } from '../core/rules/settings';
import { countyTargets } from '../core/rules/targets';
import { type Totals, whatIf } from '../core/rules/whatif';
import { type Command, printJson, readJsonFile, required, UsageError } from './io';

/** The result shape the CLI promises: amounts as yuan strings only. */
export function publicOutcome(outcome: CaseOutcome): unknown {
  if ('error' in outcome) return outcome;
  const { amountFen: _a, maxAmountFen: _m, ...rest } = outcome;
  return rest;
}

function readCases(path: string): unknown[] {
  const cases = readJsonFile(path, '案例');
  if (!Array.isArray(cases)) throw new DomainError('VALIDATION', `案例文件「${path}」应是 JSON 数组`);
  return cases;
}

/** A settings file's entry: a tier table or rate, or the county's answer to a reading (本县解读). */
const SettingsEntry = z.union([RuleSetting, z.object({ type: z.literal('reading'), id: z.string().min(1), value: z.string().min(1) }).strict()]);

/**
 * Tier tables, rates and readings: from a county database, or from a JSON file of settings
 * (`{"type":"reading","id":"frequency:training-subsidy","value":"one-off"}` beside tiers and rates).
 * Readings not given keep the pack's defaults.
 */
function readSettings(pack: PolicyPack, settingsFile?: string, db?: string): { settings: Settings; readings: Readings } {
  if (db) {
    const conn = openDatabaseReadOnly(db);
    try {
      return { settings: ruleSettings(conn), readings: countyReadings(conn, pack) };
    } finally {
      conn.close();
    }
  }
  if (!settingsFile) return { settings: new Map(), readings: defaultReadings(pack) };
  const parsed = z.array(SettingsEntry).safeParse(readJsonFile(settingsFile, '分档设置'));
  if (!parsed.success) throw new DomainError('VALIDATION', `分档设置文件无效：${describeIssues(parsed.error).message}`);
  const settings: RuleSetting[] = [];
  const chosen: { id: string; value: string }[] = [];
  for (const entry of parsed.data) {
    if (entry.type === 'reading') {
      chosen.push(entry);
      continue;
    }
    const problem = checkRuleSetting(pack, entry);
    if (problem) throw new DomainError('VALIDATION', problem);
    settings.push(entry);
  }
  return { settings: new Map(settings.map((s) => [s.rule as RuleId, s])), readings: readingsWith(pack, chosen, '设置文件') };
}

const SETTINGS_OPTIONS = { settings: { type: 'string' }, db: { type: 'string' } } as const;

const yuanTotals = (t: Totals) => ({ ...t, total: fenToYuanString(t.totalFen) });

export const POLICY_COMMANDS: Record<string, Command> = {
  evaluate: {
    usage: 'evaluate --policy DIR --cases FILE.json [--settings FILE.json | --db COUNTY.db]（设置文件可含分档、比例和 {"type":"reading","id":…,"value":…} 本县解读）',
    run(args) {
      const { values } = parseArgs({ args, options: { policy: { type: 'string' }, cases: { type: 'string' }, ...SETTINGS_OPTIONS } });
      const pack = loadPolicyPack(required(values.policy, '--policy'));
      const cases = readCases(required(values.cases, '--cases'));
      const { settings, readings } = readSettings(pack, values.settings, values.db);
      const engine = new Engine(pack, settings, new Map(), readings);
      printJson(cases.map((c) => publicOutcome(engine.evaluate(c))));
      return 0;
    },
  },
  targets: {
    usage: 'targets --policy DIR [--year 2019] [--basis resident|registered]',
    run(args) {
      const { values } = parseArgs({ args, options: { policy: { type: 'string' }, year: { type: 'string' }, basis: { type: 'string' } } });
      const pack = loadPolicyPack(required(values.policy, '--policy'));
      if (values.basis && values.basis !== 'resident' && values.basis !== 'registered') {
        throw new UsageError('--basis 只能是 resident（常住人口）或 registered（户籍人口）');
      }
      const year = Number(values.year ?? pack.meta.years[0]);
      if (!Number.isInteger(year)) throw new UsageError(`--year 应为年份：${values.year}`);
      printJson(countyTargets(pack, year, values.basis as 'resident' | 'registered' | undefined));
      return 0;
    },
  },
  whatif: {
    usage: 'whatif --policy DIR --cases FILE.json --set PARAMETER=VALUE [--set …] [--settings FILE.json | --db COUNTY.db]',
    run(args) {
      const { values } = parseArgs({
        args,
        options: { policy: { type: 'string' }, cases: { type: 'string' }, set: { type: 'string', multiple: true }, ...SETTINGS_OPTIONS },
      });
      const pack = loadPolicyPack(required(values.policy, '--policy'));
      const cases = readCases(required(values.cases, '--cases'));
      if (!values.set?.length) throw new UsageError('至少需要一个 --set 参数=取值');
      const overrides = new Map<string, ParameterValue>();
      for (const assignment of values.set) {
        const [id = '', ...rest] = assignment.split('=');
        const parameter = pack.parameters.find((p) => p.id === id);
        if (!parameter) throw new UsageError(`政策包中没有参数「${id}」`);
        overrides.set(id, parseParameterInput(parameter, rest.join('=')));
      }
      const { settings, readings } = readSettings(pack, values.settings, values.db);
      const report = whatIf(pack, settings, cases, overrides, readings);
      printJson({
        overrides: Object.fromEntries(overrides),
        before: yuanTotals(report.before),
        after: yuanTotals(report.after),
        delta: { eligible: report.delta.eligible, total: fenToYuanString(report.delta.totalFen) },
        changed: report.changed,
      });
      return 0;
    },
  },
  'policy load': {
    usage: 'policy load --db FILE --policy DIR',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, policy: { type: 'string' } } });
      const db = openDatabase(required(values.db, '--db'));
      try {
        const result = loadPackFromDirectory(new Ledger(db, ALL_EVENTS), localPrincipal(localActor()), required(values.policy, '--policy'));
        printJson({ ok: true, ...result });
        console.error(`已载入政策包，摘要 ${result.digest}`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
};
