import { contract, isMethodName, type MethodName, type MethodOutput, type ParsedInput } from '../shared/contract';
import { DomainError, fail, ok, type Result } from '../shared/result';
import { describeIssues } from '../shared/validation';
import type { Core } from './core';
import { schemaVersion } from './db/open';
import { listCounties } from './counties/repository';
import { activePack, activePolicyPack, installRole, loadedPolicyPacks, ruleSettings } from './policy/repository';
import { configureInstallRole, engineFor, loadPackFromDirectory, saveRuleSetting } from './policy/service';
import { parseParameterInput } from './rules/parameters';
import { countyTargets } from './rules/targets';
import { whatIf } from './rules/whatif';
import { listTasks, updateTaskProgress } from './tasks/repository';

type Handler<K extends MethodName> = (input: ParsedInput<K>, core: Core) => MethodOutput<K> | Promise<MethodOutput<K>>;

/** One handler per contract method: a missing or extra one does not compile. */
export type Handlers = { [K in MethodName]: Handler<K> };

export const handlers: Handlers = {
  'app.info': (_input, core) => ({
    appVersion: core.appVersion,
    schemaVersion: schemaVersion(core.db),
    policy: activePolicyPack(core.db),
    counties: listCounties(core.db).length,
    tasks: listTasks(core.db).length,
    journalEntries: core.ledger.count(),
  }),
  'tasks.list': (_input, core) => listTasks(core.db),
  'tasks.updateProgress': (input, core) => updateTaskProgress(core.ledger, core.actor, input),
  'counties.list': (_input, core) => listCounties(core.db),
  'ledger.verify': (_input, core) => core.ledger.verify(),
  'ledger.recent': (input, core) => core.ledger.recent(input.limit, input.beforeSeq),
  'install.get': (_input, core) => installInfo(core),
  'install.configure': (input, core) => {
    configureInstallRole(core.ledger, core.actor, input);
    return installInfo(core);
  },
  'policy.get': (_input, core) => {
    const pack = activePack(core.db);
    return {
      active: pack.meta,
      loaded: loadedPolicyPacks(core.db),
      rules: pack.rules,
      parameters: pack.parameters,
      facts: pack.facts,
      cityTargets: pack.cityTargets,
      settings: [...ruleSettings(core.db).values()],
    };
  },
  'policy.saveSetting': (input, core) => {
    saveRuleSetting(core.ledger, core.actor, input);
    return [...ruleSettings(core.db).values()];
  },
  'policy.loadDirectory': (input, core) => loadPackFromDirectory(core.ledger, core.actor, input.path),
  'rules.evaluate': (input, core) => engineFor(core.db).evaluate(input),
  'rules.whatIf': (input, core) => {
    const pack = activePack(core.db);
    const overrides = new Map(
      input.overrides.map((o) => {
        const parameter = pack.parameters.find((p) => p.id === o.parameter);
        if (!parameter) throw new DomainError('VALIDATION', `政策包中没有参数「${o.parameter}」`);
        try {
          return [o.parameter, parseParameterInput(parameter, o.value)] as const;
        } catch (error) {
          throw new DomainError('VALIDATION', (error as Error).message);
        }
      }),
    );
    return whatIf(pack, ruleSettings(core.db), input.cases, overrides);
  },
  'targets.list': (input, core) => {
    const pack = activePack(core.db);
    const role = installRole(core.db);
    const county = input.county ?? (role?.role === 'county' ? role.county : undefined);
    const all = countyTargets(pack, pack.meta.years[0] ?? 2019);
    return county ? all.filter((t) => t.county === county) : all;
  },
};

function installInfo(core: Core) {
  const role = installRole(core.db);
  const county = role?.role === 'county' ? (listCounties(core.db).find((c) => c.code === role.county) ?? null) : null;
  return { role, county };
}

export type Logger = (message: string, error: unknown) => void;

/**
 * The single entry from outside (IPC or HTTP): method and input arrive as unknown, are checked
 * against the contract, and every outcome, including a bug, comes back as an envelope.
 */
export async function dispatch(core: Core, method: unknown, input: unknown, log: Logger = defaultLog): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `没有名为「${String(method)}」的功能`);
  const spec = contract[method];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    const { message, issues } = describeIssues(parsed.error);
    return fail('VALIDATION', message, { issues });
  }
  try {
    const handler = handlers[method] as (input: unknown, core: Core) => unknown;
    const value = await handler(parsed.data, core);
    return ok(spec.output.parse(value));
  } catch (error) {
    if (error instanceof DomainError) return fail(error.code, error.message, error.details);
    log(`调用 ${method} 时出现内部错误`, error);
    return fail('INTERNAL', '程序内部错误，操作未保存。请将日志发送给技术人员。');
  }
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error);
}
