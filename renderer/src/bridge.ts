import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { DesktopInput, DesktopMethodName, DesktopOutput } from '../../shared/contract-desktop';
import type { Result } from '../../shared/result';

// The renderer's only way to the core. At start-up it takes the preload's object (desktop app)
// or, in a browser, the loopback host's HTTP endpoint; nothing else in the renderer knows which.

/** Contract methods that take a `path`: the desktop app asks for it in its own dialog. */
export type PathMethod = { [K in MethodName]: MethodInput<K> extends { path: string } ? K : never }[MethodName];
type WithoutPath<K extends PathMethod> = Omit<MethodInput<K>, 'path'>;

export type Bridge = {
  /** The desktop app (Electron): files are chosen in the main process's dialogs, updates come through it. */
  desktop: boolean;
  invoke<K extends MethodName>(method: K, input: MethodInput<K>): Promise<Result<MethodOutput<K>>>;
  /** Desktop: the main process shows its file dialog and adds the path. Browser: the path typed on the page goes with the call. */
  invokeWithPath<K extends PathMethod>(method: K, input: WithoutPath<K>, typedPath: string): Promise<Result<MethodOutput<K>>>;
  /** The desktop shell's own methods (updates, folders, restart); refused in a browser. */
  shell<K extends DesktopMethodName>(method: K, input: DesktopInput<K>): Promise<Result<DesktopOutput<K>>>;
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
    const call = (method: string, input: unknown) => preload.invoke(method, input, session()) as Promise<Result<never>>;
    return { desktop: true, invoke: call, invokeWithPath: (method, input) => call(method, input), shell: call };
  }
  const http = httpBridge(takeToken());
  return {
    desktop: false,
    invoke: http.invoke,
    invokeWithPath: (method, input, typedPath) => http.invoke(method, { ...input, path: typedPath } as MethodInput<typeof method>),
    shell: async () => ({ ok: false, error: { code: 'UNKNOWN_METHOD', message: '网页版没有此功能，请在桌面版中操作' } }),
  };
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

function httpBridge(token: string): Pick<Bridge, 'invoke'> {
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
