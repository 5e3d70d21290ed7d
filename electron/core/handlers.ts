import { accessOf, contract, isMethodName } from '../../shared/contract';
import { rolesLabel, rolesText } from '../../shared/domain/accounts';
import { domainErrorOf, fail, ok, type Result } from '../../shared/result';
import { describeIssues } from '../../shared/validation';
import { accountHandlers } from './accounts/handlers';
import { principalOf } from './accounts/service';
import { appHandlers } from './app/handlers';
import type { CallContext, Handlers } from './calls';
import { claimHandlers } from './claims/handlers';
import type { Core } from './core';
import { BUSY_MESSAGE, isBusyError } from './db/open';
import { countyHandlers } from './counties/handlers';
import { countyPlanHandlers } from './county-plan/handlers';
import { exchangeHandlers } from './exchange/handlers';
import { ledgerHandlers } from './ledger/handlers';
import { policyHandlers } from './policy/handlers';
import { progressHandlers } from './progress/handlers';
import { readingHandlers } from './readings/handlers';
import { registryHandlers } from './registry/handlers';
import { ruleHandlers } from './rules/handlers';
import { idleMinutes } from './settings/service';
import { systemHandlers } from './system/handlers';
import { taskHandlers } from './tasks/handlers';

// The one entry from outside (IPC or HTTP): each domain declares its own handlers; this file only
// combines them and dispatches. The combined object is typed against the contract, so a missing
// or extra method does not compile.

export const handlers: Handlers = {
  ...appHandlers,
  ...taskHandlers,
  ...countyHandlers,
  ...ledgerHandlers,
  ...policyHandlers,
  ...ruleHandlers,
  ...registryHandlers,
  ...accountHandlers,
  ...claimHandlers,
  ...progressHandlers,
  ...exchangeHandlers,
  ...readingHandlers,
  ...countyPlanHandlers,
  ...systemHandlers,
};

export type Logger = (message: string, error: unknown) => void;

/**
 * Method and input arrive as unknown, are checked against the contract, and every outcome,
 * including a bug, comes back as an envelope.
 */
export async function dispatch(core: Core, method: unknown, input: unknown, token?: string, log?: Logger): Promise<Result<unknown>> {
  const result = await dispatchUnlogged(core, method, input, token, log ?? ((message, error) => core.log.error(message, error)));
  // Refusals are logged by code only: their messages may name a person.
  if (!result.ok && result.error.code !== 'INTERNAL') core.log.warn(`拒绝 ${isMethodName(method) ? method : '未知方法'}：${result.error.code}`);
  return result;
}

async function dispatchUnlogged(core: Core, method: unknown, input: unknown, token: string | undefined, log: Logger): Promise<Result<unknown>> {
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
    const value = await handler(parsed.data, core, { principal: session?.locked ? null : principal, token });
    // Outputs are checked against the contract too (a bug shows as INTERNAL, not as bad data),
    // except bulk lists, whose builder is covered by its own tests.
    return ok('bulk' in spec ? value : spec.output.parse(value));
  } catch (error) {
    const domain = domainErrorOf(error);
    if (domain) return fail(domain.code, domain.message, domain.details);
    // another program's write outlasted the busy timeout: nothing was written, the clerk may retry
    if (isBusyError(error)) return fail('DB_BUSY', BUSY_MESSAGE);
    log(`调用 ${method} 时出现内部错误`, error);
    return fail('INTERNAL', '程序内部错误，操作未保存。请将日志发送给技术人员。');
  }
}
