import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { LISTS } from '../../shared/domain/registry';
import { createAccount } from '../../electron/core/accounts/service';
import { openCore } from '../../electron/core/core';
import { createHostApp } from '../../electron/host/server';
import { DEFAULT_POLICY_DIR, DEFAULT_RENDERER_DIR, PROJECT_ROOT } from '../../electron/core/paths';
import { listSubjects } from '../../electron/core/registry/repository';
import { importList } from '../../electron/core/registry/service';
import { CHROMIUM_ARGS, chromiumPath, NO_CHROMIUM_REASON } from '../chromium';
import { TRAINEE_HEADERS, traineeRow, xlsxOf } from '../helpers/sheets';
import { type AsyncBenchmark, BENCH_ACTOR, scratchDir } from './harness';

// The trainee page with 100,000 rows in Chromium, from navigation to the first rows painted,
// beside a bare AG Grid page handed the same 100,000 rows from memory.
const COUNT = Number(process.env.BENCH_ROWS ?? 100_000);

/** Records, in the page, the moment the first data cell is in the DOM and a frame has been painted. */
const PAINT_PROBE = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('[role="grid"] [role="gridcell"]')?.textContent) {
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstPaint = performance.now(); }));
    }
  }).observe(document, { childList: true, subtree: true });`;

type Setup = { browser: Browser; oursUrl: string; oursInit: string; bareUrl: string; rowsJson: string; close(): Promise<void> };
let setup: Promise<Setup> | null = null;

function prepare(): Promise<Setup> {
  setup ??= (async () => {
    const scratch = scratchDir();
    const core = openCore({ dbPath: scratch.file('grid.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench' });
    const bytes = await xlsxOf([{ name: '培训学员', rows: [TRAINEE_HEADERS, ...Array.from({ length: COUNT }, (_, i) => traineeRow(i, { 培训课程: `课程${i % 997}` }))] }]);
    await importList(core.ledger, BENCH_ACTOR, 'trainees', { fileName: 'bench.xlsx', bytes }, true);
    const token = randomBytes(16).toString('hex');
    // Ours opens signed in, as a clerk's page is after the login screen.
    createAccount(core.ledger, BENCH_ACTOR, { username: 'bench', displayName: '基准测试', roles: ['clerk'], password: 'bench12345' });
    const oursInit = `sessionStorage.setItem('county-ledger-session', ${JSON.stringify(core.sessions.open('bench'))});`;
    const host = serve({ fetch: createHostApp({ core, rendererDir: DEFAULT_RENDERER_DIR, token }).fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => host.once('listening', r));
    const hostPort = (host.address() as { port: number }).port;
    // The bare page: AG Grid's own bundle, the same columns, rows from memory.
    const fields = LISTS.trainees.fields.map((f) => ({ field: f.key, headerName: f.header }));
    const rows = listSubjects(core.db, 'trainees').map((r) => r.fields);
    const gridScript = readFileSync(join(PROJECT_ROOT, 'node_modules', 'ag-grid-community', 'dist', 'ag-grid-community.min.js'));
    const bare = `<!doctype html><html><head><meta charset="utf-8"><script src="/ag-grid.js"></script></head>
      <body style="margin:0"><div id="grid" style="height:100vh"></div><script>
      agGrid.createGrid(document.getElementById('grid'), { rowData: window.ROWS, columnDefs: ${JSON.stringify(fields)},
        defaultColDef: { sortable: true, resizable: true, filter: true, flex: 1 } });
      </script></body></html>`;
    const static_: Server = createServer((req, res) => {
      res.setHeader('Content-Type', req.url === '/ag-grid.js' ? 'text/javascript' : 'text/html; charset=utf-8');
      res.end(req.url === '/ag-grid.js' ? gridScript : bare);
    });
    await new Promise<void>((r) => static_.listen(0, '127.0.0.1', r));
    const barePort = (static_.address() as { port: number }).port;
    const browser = await chromium.launch({ executablePath: chromiumPath() ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    return {
      browser,
      oursUrl: `http://127.0.0.1:${hostPort}/?page=beneficiaries&list=trainees#token=${token}`,
      oursInit,
      bareUrl: `http://127.0.0.1:${barePort}/bare.html`,
      rowsJson: JSON.stringify(rows),
      async close() {
        await browser.close();
        host.close();
        static_.close();
        core.close();
        scratch.dispose();
      },
    };
  })();
  return setup;
}

const seconds = { ours: [] as number[], baseline: [] as number[], oursComplete: [] as number[] };
const record = (into: number[], value: number) => {
  into.push(value);
  return value;
};

async function firstPaint(url: string, initScript: string): Promise<number> {
  const s = await prepare();
  const context = await s.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) page.on('console', (m) => console.error('page:', m.text().slice(0, 300)));
  await page.addInitScript({ content: initScript });
  await page.goto(url);
  // Functions, not strings: the app's CSP forbids eval, and Playwright's function form needs none.
  const probe = () => (globalThis as { __firstPaint?: number }).__firstPaint;
  await page.waitForFunction(probe, undefined, { timeout: 120_000 });
  const ms = (await page.evaluate(probe)) as number;
  if (url === (await prepare()).oursUrl) {
    // Ours paints the first screenful, then loads the whole list (filters, export): time that too.
    await page.getByRole('button', { name: '导出当前表格' }).waitFor({ timeout: 120_000 });
    seconds.oursComplete.push((await page.evaluate(() => performance.now())) / 1000);
  }
  await context.close();
  return ms / 1000;
}

export const gridFirstPaint: AsyncBenchmark = {
  async: true,
  name: 'grid.firstPaint',
  unit: 'rows/s',
  amount: COUNT,
  rounds: 3,
  skipReason: () => (chromiumPath() ? null : NO_CHROMIUM_REASON),
  async ours() {
    const s = await prepare();
    return { run: async () => record(seconds.ours, await firstPaint(s.oursUrl, s.oursInit + PAINT_PROBE)) };
  },
  async baseline() {
    const s = await prepare();
    return { run: async () => record(seconds.baseline, await firstPaint(s.bareUrl, `window.ROWS = ${s.rowsJson};${PAINT_PROBE}`)) };
  },
  note: () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    return `ours_ms=${(median(seconds.ours) * 1000).toFixed(0)} baseline_ms=${(median(seconds.baseline) * 1000).toFixed(0)} ours_all_rows_loaded_ms=${(median(seconds.oursComplete) * 1000).toFixed(0)}`;
  },
  async finish() {
    if (setup) await (await setup).close();
  },
};
