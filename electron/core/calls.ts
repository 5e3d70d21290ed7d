import type { MethodName, MethodOutput, ParsedInput } from '../../shared/contract';
import type { Principal } from '../../shared/domain/accounts';
import { DomainError } from '../../shared/result';
import type { Core } from './core';

// What every group of handlers shares: the shape of a handler, and who is calling. Each domain's
// handlers.ts imports this, never another domain's handlers; handlers.ts only combines them.

/** Who is calling: the signed-in person (null before sign-in, for public methods) and the session token. */
export type CallContext = { principal: Principal | null; token: string | undefined };

export type Handler<K extends MethodName> = (input: ParsedInput<K>, core: Core, ctx: CallContext) => MethodOutput<K> | Promise<MethodOutput<K>>;

/** One handler per contract method: a missing or extra one does not compile. */
export type Handlers = { [K in MethodName]: Handler<K> };

/** Handlers for the methods whose names start with one of the prefixes. */
export type HandlerGroup<Prefix extends string> = Pick<Handlers, Extract<MethodName, `${Prefix}.${string}`>>;

/** The signed-in person; dispatch has already refused a non-public method without one. */
export function signedIn(ctx: CallContext): Principal {
  if (!ctx.principal) throw new DomainError('UNAUTHORIZED', '请先登录');
  return ctx.principal;
}

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
