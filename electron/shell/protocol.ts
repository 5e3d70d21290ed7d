import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../../shared/ipc';
import { contentType, resolveAsset, SECURITY_HEADERS } from '../core/assets/assets';

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** Serves the built renderer from rendererDir; anything outside it, or another host, is 404. */
export async function serveAppRequest(request: Request, rendererDir: string): Promise<Response> {
  const url = new URL(request.url);
  const file = url.host === APP_HOST ? resolveAsset(rendererDir, url.pathname) : null;
  if (!file) return new Response('未找到', { status: 404, headers: SECURITY_HEADERS });
  const body = await readFile(file);
  return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType(file) } });
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));
}
