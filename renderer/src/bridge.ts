import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';

// The renderer's only way to the core. At start-up it takes the preload's object (desktop app)
// or, in a browser, the loopback host's HTTP endpoint; nothing else in the renderer knows which.

export type Bridge = {
  invoke<K extends MethodName>(method: K, input: MethodInput<K>): Promise<Result<MethodOutput<K>>>;
};

type PreloadApi = { invoke(method: string, input: unknown, session?: string): Promise<unknown> };

// The signed-in session's token: sent with every call; kept for this tab's reloads only.
const SESSION_KEY = 'county-ledger-session';
export function setSession(token: string | null): void {
  if (token) sessionStorage.setItem(SESSION_KEY, token);
  else sessionStorage.removeItem(SESSION_KEY);
}
const session = () => sessionStorage.getItem(SESSION_KEY) ?? undefined;

declare global {
  interface Window {
    countyLedger?: PreloadApi;
  }
}

const TOKEN_KEY = 'county-ledger-token';

export function createBridge(): Bridge {
  const preload = window.countyLedger;
  if (preload) {
    return { invoke: (method, input) => preload.invoke(method, input, session()) as Promise<Result<never>> };
  }
  return httpBridge(takeToken());
}

/** The launch URL carries the token in its fragment (never sent to a server); keep it for reloads. */
function takeToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(token: string): Bridge {
  return {
    async invoke(method, input) {
      let response: Response;
      try {
        response = await fetch(`/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(session() ? { 'X-Session': session()! } : {}) },
          body: JSON.stringify(input),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: '无法连接本机服务，请确认程序仍在运行' } };
      }
      try {
        return (await response.json()) as Result<never>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `本机服务返回了无法识别的内容（HTTP ${response.status}）` } };
      }
    },
  };
}
