import { accessOf, contract, isMethodName, type MethodName, type MethodOutput, type ParsedInput } from '../shared/contract';
import { rolesText } from '../shared/domain/accounts';
import { accountHandlers } from './accounts/handlers';
import { idleMinutes, type Principal, principalOf, rolesLabel } from './accounts/service';
import { claimHandlers } from './claims/handlers';
import { progressHandlers } from './progress/handlers';
import { exchangeHandlers } from './exchange/handlers';
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
import { LIST_IDS } from '../shared/domain/registry';
import { subjectHistory } from './registry/history';
import { countSubjects, listSubjects, subjectById } from './registry/repository';
import { exportList, type ImportReport, importList, setSubjectFacts, updateSubjectField } from './registry/service';
import { templateXlsx } from './registry/xlsx';
import { listTasks } from './tasks/repository';

/** Who is calling: the signed-in person (null before sign-in, for public methods) and the session token. */
export type CallContext = { principal: Principal | null; token: string | undefined };

export type Handler<K extends MethodName> = (input: ParsedInput<K>, core: Core, ctx: CallContext) => MethodOutput<K> | Promise<MethodOutput<K>>;

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
  'counties.list': (_input, core) => listCounties(core.db),
  'ledger.verify': (_input, core) => core.ledger.verify(),
  'ledger.recent': (input, core) => core.ledger.recent(input.limit, input.beforeSeq).map(({ payload: _payload, ...entry }) => entry),
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
  'registry.summary': (_input, core) => Object.fromEntries(LIST_IDS.map((l) => [l, countSubjects(core.db, l)])) as Record<(typeof LIST_IDS)[number], number>,
  'registry.list': (input, core) => listSubjects(core.db, input.list, input.query, undefined, input.limit),
  'registry.get': (input, core) => {
    const row = subjectRow(core, input.id);
    return { row, history: subjectHistory(core.db, input.id, row.list) };
  },
  'registry.update': (input, core) => {
    updateSubjectField(core.ledger, core.actor, input);
    return subjectRow(core, input.id);
  },
  'registry.setFacts': (input, core) => {
    setSubjectFacts(core.ledger, core.actor, input);
    return subjectRow(core, input.id);
  },
  'registry.import': async (input, core) =>
    reportView(await importList(core.ledger, core.actor, input.list, { fileName: input.fileName, bytes: Buffer.from(input.contentBase64, 'base64') }, input.commit)),
  'registry.importTable': async (input, core) =>
    reportView(
      await importList(
        core.ledger,
        core.actor,
        input.list,
        { fileName: '粘贴的表格', table: { sheet: '粘贴', headerRow: 0, headers: input.headers, rows: input.rows.map((cells, i) => ({ rowNumber: i + 1, cells })) } },
        input.commit,
      ),
    ),
  'registry.template': async (input) => ({ fileName: `${input.list}-导入模板.xlsx`, contentBase64: Buffer.from(await templateXlsx(input.list)).toString('base64') }),
  'registry.export': async (input, core) => {
    const file = await exportList(core.ledger, core.actor, input.list, input.ids);
    return { fileName: file.fileName, contentBase64: Buffer.from(file.bytes).toString('base64') };
  },
  ...accountHandlers,
  ...claimHandlers,
  ...progressHandlers,
  ...exchangeHandlers,
  'targets.list': (input, core) => {
    const pack = activePack(core.db);
    const role = installRole(core.db);
    const county = input.county ?? (role?.role === 'county' ? role.county : undefined);
    const all = countyTargets(pack, pack.meta.years[0] ?? 2019);
    return county ? all.filter((t) => t.county === county) : all;
  },
};

function subjectRow(core: Core, id: string) {
  const subject = subjectById(core.db, id);
  if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
  const [row] = listSubjects(core.db, subject.list, undefined, id);
  if (!row) throw new DomainError('NOT_FOUND', '找不到该主体');
  return row;
}

function reportView(report: ImportReport) {
  const { rejects, ...rest } = report;
  return { ...rest, rejects: rejects ? { fileName: '未导入的行.xlsx', contentBase64: Buffer.from(rejects).toString('base64') } : null };
}

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
export async function dispatch(core: Core, method: unknown, input: unknown, token?: string, log: Logger = defaultLog): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `没有名为「${String(method)}」的功能`);
  const spec = contract[method];
  // Who is calling, and may they: checked here, for every transport, before the input is read.
  const session = core.sessions.check(token, idleMinutes(core.db));
  const principal = session ? principalOf(core.db, session.username) : null;
  const access = accessOf(method);
  if (access !== 'public') {
    if (!session || !principal) return fail('UNAUTHORIZED', '请先登录');
    if (session.locked) return fail('LOCKED', '长时间未操作，已自动锁定，请重新输入密码');
    if (access && !access.some((r) => principal.roles.includes(r))) {
      return fail('FORBIDDEN', `此操作需要${rolesLabel(access)}角色，当前用户「${principal.displayName}」的角色为${rolesText(principal.roles) || '无'}`);
    }
    core.sessions.touch(token!);
  }
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    const { message, issues } = describeIssues(parsed.error);
    return fail('VALIDATION', message, { issues });
  }
  try {
    const handler = handlers[method] as (input: unknown, core: Core, ctx: CallContext) => unknown;
    const acting = principal && !(session?.locked ?? false) ? { ...core, actor: principal.username } : core;
    const value = await handler(parsed.data, acting, { principal: session?.locked ? null : principal, token });
    // Outputs are checked against the contract too (a bug shows as INTERNAL, not as bad data),
    // except bulk lists, whose builder is covered by its own tests.
    return ok('bulk' in spec ? value : spec.output.parse(value));
  } catch (error) {
    if (error instanceof DomainError) return fail(error.code, error.message, error.details);
    log(`调用 ${method} 时出现内部错误`, error);
    return fail('INTERNAL', '程序内部错误，操作未保存。请将日志发送给技术人员。');
  }
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error);
}
