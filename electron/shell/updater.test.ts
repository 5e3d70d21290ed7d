import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, request, type RequestOptions, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Log } from '../core/log';
import { platformUpdater, UpdateService } from './updater';

// electron-updater's feed logic against a local HTTP server serving latest.yml, as a county's
// intranet server would: a newer version is offered, an older one is not, and a download whose
// sha512 differs from the feed is refused. Only the HTTP transport (Electron's net module in the
// app) is replaced by Node's.

class NodeHttpExecutor extends ElectronHttpExecutor {
  // Node's request where the app uses Electron's net module (which needs the Electron binary)
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): Electron.ClientRequest {
    return request(options, callback) as unknown as Electron.ClientRequest;
  }
}

const installer = Buffer.from('这是新版本的安装程序'.repeat(1000));
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

let server: Server;
let url: string;
let feed: { version: string; sha512: string };
let dir: string;
const requests: string[] = [];
const silent: Log = { path: null, info: () => {}, warn: () => {}, error: () => {} };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'county-ledger-updater-'));
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (/\/latest[^/]*\.yml/.test(req.url ?? '')) {
      const name = `county-ledger-${feed.version}-amd64.deb`;
      res.end(`version: ${feed.version}\nfiles:\n  - url: ${name}\n    sha512: ${feed.sha512}\n    size: ${installer.length}\npath: ${name}\nsha512: ${feed.sha512}\nreleaseDate: '2020-04-01T00:00:00.000Z'\nreleaseNotes: 修正季度报告的合计\n`);
    } else if (req.url?.endsWith('.deb')) {
      res.setHeader('Content-Length', installer.length);
      res.end(installer);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/county-ledger/`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function service(version = '0.1.0'): UpdateService {
  const makeApp = (configPath: string): AppAdapter => ({
    version,
    name: 'county-ledger',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: dir,
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  });
  return new UpdateService(makeApp, dir, silent, (app) => {
    const updater = platformUpdater(app);
    Reflect.set(updater, 'httpExecutor', new NodeHttpExecutor(() => {}));
    return updater;
  });
}

describe('updates from the administrator’s server', { timeout: 60_000 }, () => {
  it('stays off until a URL is set', async () => {
    const updates = service();
    expect((await updates.check()).state).toBe('off');
    expect(requests).toEqual([]);
  });

  it('offers a newer version with its notes and downloads it, sha512 checked', async () => {
    feed = { version: '1.2.0', sha512: sha512(installer) };
    const updates = service('0.1.0');
    updates.configure(url);
    expect(await updates.check()).toMatchObject({ state: 'available', version: '1.2.0', notes: '修正季度报告的合计', message: '发现新版本 1.2.0' });
    expect(requests[0]).toMatch(/^\/county-ledger\/latest.*\.yml/);
    expect(await updates.download()).toMatchObject({ state: 'downloaded', percent: 100 });
  });

  it('does not offer an older or the same version', async () => {
    feed = { version: '0.0.9', sha512: sha512(installer) };
    const updates = service('0.1.0');
    updates.configure(url);
    expect(await updates.check()).toMatchObject({ state: 'none', message: '已是最新版本' });
    expect(await updates.download()).toMatchObject({ state: 'none' });
    expect(requests.some((r) => r.endsWith('.deb'))).toBe(false);
  });

  it('refuses a download whose sha512 differs from the feed', async () => {
    feed = { version: '1.2.0', sha512: sha512(Buffer.from('别的文件')) };
    const updates = service('0.1.0');
    updates.configure(url);
    expect((await updates.check()).state).toBe('available');
    const after = await updates.download();
    expect(after.state).toBe('error');
    expect(after.message).toMatch(/下载更新失败.*sha512/i);
    expect(() => updates.install()).toThrow('没有已下载的更新');
  });
});
