import { DomainError } from '../../../shared/result';
import { listCounties } from '../counties/repository';
import type { Db } from '../db/open';
import { installRole } from '../policy/repository';
import { type HandlerGroup, signedIn } from '../calls';
import { idleMinutes, installSettings, saveSettings } from '../settings/service';
import { accountCount } from './repository';
import { authenticate, changeAccount, createAccount, listAccounts, principalOf, setPassword, setupAdministrator, unlockAccount } from './service';
import { sessionView } from './sessions';

/** Shown on the sign-in screens, so a PC shared by two offices says whose data it opens. */
function installUnit(db: Db): string | null {
  const role = installRole(db);
  if (!role) return null;
  if (role.role === 'city') return '淮南市商务局（市级）';
  const county = listCounties(db).find((c) => c.code === role.county);
  return county ? `${county.name}商务局` : null;
}

export const accountHandlers: HandlerGroup<'auth' | 'accounts' | 'settings'> = {
  'auth.status': (_input, core, ctx) => {
    const state = core.sessions.check(ctx.token, idleMinutes(core.db));
    const principal = state ? principalOf(core.db, state.username) : null;
    return {
      needsSetup: accountCount(core.db) === 0,
      session: state && principal ? sessionView(ctx.token!, principal, idleMinutes(core.db)) : null,
      locked: state?.locked ?? false,
      unit: installUnit(core.db),
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
    setPassword(core.ledger, me, me.username, input.next, false);
    return null;
  },
  'accounts.list': (_input, core) => listAccounts(core.db),
  'accounts.create': (input, core, ctx) => createAccount(core.ledger, signedIn(ctx), input),
  'accounts.change': (input, core, ctx) => changeAccount(core.ledger, signedIn(ctx), input),
  'accounts.resetPassword': (input, core, ctx) => {
    setPassword(core.ledger, signedIn(ctx), input.username, input.password, true);
    return null;
  },
  'accounts.unlock': (input, core, ctx) => unlockAccount(core.ledger, signedIn(ctx), input.username, core.sessions.time()),
  'settings.get': (_input, core) => installSettings(core.db),
  'settings.save': (input, core, ctx) => {
    saveSettings(core.ledger, signedIn(ctx), input);
    return installSettings(core.db);
  },
};
