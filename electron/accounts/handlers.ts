import { DEFAULT_NOTICE_DAYS } from '../../shared/domain/claims';
import { DomainError } from '../../shared/result';
import type { Core } from '../core';
import type { CallContext, Handlers } from '../handlers';
import {
  accountCount,
  authenticate,
  changeAccount,
  createAccount,
  idleMinutes,
  listAccounts,
  type Principal,
  principalOf,
  readSetting,
  recordSetting,
  sessionView,
  setPassword,
  setupAdministrator,
} from './service';

type AccountMethods =
  | 'auth.status'
  | 'auth.setup'
  | 'auth.login'
  | 'auth.unlock'
  | 'auth.logout'
  | 'auth.changePassword'
  | 'accounts.list'
  | 'accounts.create'
  | 'accounts.change'
  | 'accounts.resetPassword'
  | 'settings.get'
  | 'settings.save';

export function signedIn(ctx: CallContext): Principal {
  if (!ctx.principal) throw new DomainError('UNAUTHORIZED', '请先登录');
  return ctx.principal;
}

export function installSettings(core: Core) {
  const days = Number(readSetting(core.db, 'noticeDays'));
  return {
    idleMinutes: idleMinutes(core.db),
    noticeDays: Number.isInteger(days) && days > 0 ? days : DEFAULT_NOTICE_DAYS,
    noticeContact: readSetting(core.db, 'noticeContact') ?? '',
    fontPath: readSetting(core.db, 'fontPath') ?? '',
  };
}

export const accountHandlers: Pick<Handlers, AccountMethods> = {
  'auth.status': (_input, core, ctx) => {
    const state = core.sessions.check(ctx.token, idleMinutes(core.db));
    const principal = state ? principalOf(core.db, state.username) : null;
    return {
      needsSetup: accountCount(core.db) === 0,
      session: state && principal ? sessionView(ctx.token!, principal, idleMinutes(core.db)) : null,
      locked: state?.locked ?? false,
    };
  },
  'auth.setup': (input, core) => {
    setupAdministrator(core.ledger, { ...input, roles: input.roles });
    const principal = authenticate(core.ledger, input.username, input.password, core.sessions.time());
    return sessionView(core.sessions.open(principal.username), principal, idleMinutes(core.db));
  },
  'auth.login': (input, core, ctx) => {
    if (ctx.token) core.sessions.close(ctx.token);
    const principal = authenticate(core.ledger, input.username, input.password, core.sessions.time());
    return sessionView(core.sessions.open(principal.username), principal, idleMinutes(core.db));
  },
  'auth.unlock': (input, core, ctx) => {
    const state = core.sessions.check(ctx.token, idleMinutes(core.db));
    if (!state) throw new DomainError('UNAUTHORIZED', '登录已失效，请重新登录');
    const principal = authenticate(core.ledger, state.username, input.password, core.sessions.time(), true);
    core.sessions.touch(ctx.token!);
    return sessionView(ctx.token!, principal, idleMinutes(core.db));
  },
  'auth.logout': (_input, core, ctx) => {
    if (ctx.token) core.sessions.close(ctx.token);
    return null;
  },
  'auth.changePassword': (input, core, ctx) => {
    const me = signedIn(ctx);
    authenticate(core.ledger, me.username, input.current, core.sessions.time());
    setPassword(core.ledger, me.username, me.username, input.next, false);
    return null;
  },
  'accounts.list': (_input, core) => listAccounts(core.db),
  'accounts.create': (input, core) => createAccount(core.ledger, core.actor, input),
  'accounts.change': (input, core) => changeAccount(core.ledger, core.actor, input),
  'accounts.resetPassword': (input, core) => {
    setPassword(core.ledger, core.actor, input.username, input.password, true);
    return null;
  },
  'settings.get': (_input, core) => installSettings(core),
  'settings.save': (input, core) => {
    core.ledger.db.transaction(() => {
      if (input.idleMinutes !== undefined) recordSetting(core.ledger, core.actor, 'idleMinutes', String(input.idleMinutes));
      if (input.noticeDays !== undefined) recordSetting(core.ledger, core.actor, 'noticeDays', String(input.noticeDays));
      if (input.noticeContact !== undefined) recordSetting(core.ledger, core.actor, 'noticeContact', input.noticeContact.trim());
      if (input.fontPath !== undefined) recordSetting(core.ledger, core.actor, 'fontPath', input.fontPath.trim());
    })();
    return installSettings(core);
  },
};

