import type { Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIGHT_LABELS } from '../../shared/domain/progress';
import { expect, signIn, signOut, test } from './fixtures';
import { api, apiSession, hostForFile, provisionUsers, PROJECT_ROOT, type RunningHost, startHost, tempDatabase } from './host';

// A quarter's signed bundle from the county to the city in Debian's Chromium, over two loopback
// hosts: 寿县 sets its signing key (the public key downloads, the fingerprint is shown to read
// aloud), previews and exports its closed 2019Q4; the city registers the key with the fingerprint
// read back, imports the bundle after a dry run, sees 寿县 in the quarter's overview, and refuses
// the same bundle a second time.

test.describe.configure({ mode: 'serial' });

const county = hostForFile(test);
const cityDb = tempDatabase();
let city: RunningHost | undefined;
const OUT = join(PROJECT_ROOT, 'test-results', 'exchange');
const PASSPHRASE = 'baosong2019';
const sent: { publicKey?: string; bundle?: string; fingerprint?: string } = {};

async function call(host: RunningHost, session: string, method: string, input: unknown): Promise<Record<string, unknown>> {
  const r = await api(host, method, input, session);
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value as Record<string, unknown>;
}

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const admin = await apiSession(county.host, 'admin');
  await call(county.host, admin, 'install.configure', { role: 'county', county: '340422' }); // 寿县
  const quarter = (await call(county.host, admin, 'progress.get', { quarter: '2019Q4' })) as unknown as { tasks: { no: number; revision: number }[] };
  const revision = quarter.tasks.find((t) => t.no === 1)!.revision;
  await call(county.host, admin, 'progress.saveText', { quarter: '2019Q4', task: 1, expectedRevision: revision, narrative: '寿县农村产品网络销售额稳步增长' });
  await call(county.host, admin, 'progress.report', { quarter: '2019Q4', format: 'xlsx' });
  await call(county.host, admin, 'progress.close', { quarter: '2019Q4' });

  city = await startHost(cityDb.dbPath);
  await provisionUsers(city);
  await call(city, await apiSession(city, 'admin'), 'install.configure', { role: 'city' });
});

test.afterAll(async () => {
  await city?.stop();
  cityDb.dispose();
});

const card = (page: Page, title: string) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: new RegExp(`^${title}$`) }) });

async function openExchange(page: Page, url: string) {
  await signIn(page, url);
  await page.getByRole('menuitem', { name: '数据报送' }).click();
}

const quarterOption = (page: Page, label: string) => page.locator('.ant-select-item-option').filter({ hasText: label });

async function chooseQuarter(page: Page, label: string) {
  await page.getByRole('combobox', { name: '季度' }).click();
  await quarterOption(page, label).click();
}

test('the county sets its signing key, previews its closed quarter and exports the signed bundle', async ({ page }) => {
  await openExchange(page, county.host.url);
  const keyCard = card(page, '报送签名密钥');
  await expect(keyCard).toContainText('本机尚未生成签名密钥');
  await keyCard.getByLabel('签名密钥口令').fill(PASSPHRASE);
  await keyCard.getByLabel('再次输入口令').fill('baosong2020');
  await keyCard.getByRole('button', { name: '生成密钥并下载公钥' }).click();
  await expect(keyCard.getByText('两次输入的口令不一致')).toBeVisible();
  await keyCard.getByLabel('再次输入口令').fill(PASSPHRASE);
  const keyDownload = page.waitForEvent('download');
  await keyCard.getByRole('button', { name: '生成密钥并下载公钥' }).click();
  const keyFile = await keyDownload;
  expect(keyFile.suggestedFilename()).toBe('寿县报送公钥-340422.pub.json');
  sent.publicKey = join(OUT, keyFile.suggestedFilename());
  await keyFile.saveAs(sent.publicKey);
  const published = JSON.parse(readFileSync(sent.publicKey, 'utf8')) as { county: { code: string }; fingerprint: string };
  expect(published.county.code).toBe('340422');

  await expect(keyCard).toContainText('SM2/SM3（国密）');
  const shown = keyCard.getByLabel('公钥指纹');
  await expect(shown).toHaveText(/^([0-9A-Z]{4} ){7}[0-9A-Z]{4}$/);
  sent.fingerprint = (await shown.textContent())!;
  expect(sent.fingerprint.replaceAll(' ', '-')).toBe(published.fingerprint);
  await expect(keyCard.getByRole('button', { name: '下载公钥文件' })).toBeVisible();

  // an open quarter cannot be chosen; the closed one previews before anything is written
  const exportCard = card(page, '生成数据包');
  await page.getByRole('combobox', { name: '季度' }).click();
  await expect(quarterOption(page, '2020年第一季度（未关闭）')).toHaveClass(/ant-select-item-option-disabled/);
  await quarterOption(page, '2019年第四季度').click();
  await exportCard.getByRole('button', { name: '预览' }).click();
  await expect(exportCard).toContainText('第 1 号');
  await expect(exportCard).toContainText('340422-2019Q4-0001.cbundle');
  await expect(exportCard).toContainText('任务进展（progress.jsonl）18 行');
  await expect(exportCard).toContainText(/账本记录（journal\.jsonl）\d+ 行，第 1–\d+ 条/);
  await expect(card(page, '已报送的数据包')).toContainText('尚未生成数据包');

  await exportCard.getByLabel('签名密钥口令').fill(PASSPHRASE);
  const bundleDownload = page.waitForEvent('download');
  await exportCard.getByRole('button', { name: '生成并下载' }).click();
  const bundle = await bundleDownload;
  expect(bundle.suggestedFilename()).toBe('340422-2019Q4-0001.cbundle');
  sent.bundle = join(OUT, bundle.suggestedFilename());
  await bundle.saveAs(sent.bundle);
  expect(readFileSync(sent.bundle).subarray(0, 2).toString()).toBe('PK');
  await expect(exportCard.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  const digest = (await exportCard.getByLabel('数据包摘要').textContent())!;
  expect(digest).toMatch(/^[0-9a-f]{64}$/);
  const sentRow = card(page, '已报送的数据包').getByRole('row').filter({ hasText: '340422-2019Q4-0001.cbundle' });
  await expect(sentRow).toContainText('第 1 号');
  await expect(sentRow).toContainText('2019年第四季度');
  await expect(sentRow).toContainText(digest.slice(0, 16));
  await expect(sentRow).toContainText('任务进展 18');

  // a clerk sees what was sent but cannot sign
  await signOut(page);
  await signIn(page, county.host.url, 'luru');
  await page.getByRole('menuitem', { name: '数据报送' }).click(); // a sign-in lands on 首页
  await expect(page.getByText('生成签名密钥、下载公钥和生成数据包须由审批人或管理员操作')).toBeVisible();
  await expect(page.getByRole('button', { name: '下载公钥文件' })).toHaveCount(0);
  await expect(card(page, '生成数据包').getByRole('button', { name: '预览' })).toBeDisabled();
});

test('the city registers the key read back by phone, imports the bundle after a dry run and refuses it a second time', async ({ page }) => {
  expect(sent.publicKey && sent.bundle && sent.fingerprint, 'the county’s test ran first').toBeTruthy();
  await openExchange(page, city!.url);
  // the city's install shows its own pages only, not a county's empty tables
  for (const countyPage of ['任务分解表', '本县方案', '受益主体', '申报与拨付', '季度报告']) await expect(page.getByRole('menuitem', { name: countyPage })).toHaveCount(0);

  const keys = card(page, '县区公钥登记');
  await keys.locator('input[type=file]').setInputFiles(sent.publicKey!);
  await expect(keys.getByText('寿县报送公钥-340422.pub.json')).toBeVisible();
  await keys.getByLabel('核对过的指纹').fill('AAAA-BBBB');
  await keys.getByRole('button', { name: /^登\s*记$/ }).click();
  await expect(keys.getByText(/^核对的指纹与该公钥不符/)).toBeVisible();
  await keys.getByLabel('核对过的指纹').fill(sent.fingerprint!.toLowerCase());
  await keys.getByLabel('说明').fill('电话核对，寿县商务局');
  await keys.getByRole('button', { name: /^登\s*记$/ }).click();
  await expect(page.getByText(/^已登记寿县（340422）的公钥/)).toBeVisible();
  const keyRow = keys.getByRole('row').filter({ hasText: '寿县（340422）' });
  await expect(keyRow).toContainText(sent.fingerprint!);
  await expect(keyRow).toContainText('电话核对，寿县商务局');

  const imports = card(page, '导入数据包');
  await imports.locator('input[type=file]').setInputFiles(sent.bundle!);
  await expect(imports.getByText('「340422-2019Q4-0001.cbundle」核验通过，尚未导入')).toBeVisible();
  await expect(imports).toContainText('寿县（340422）');
  await expect(imports).toContainText('第 1 号');
  await expect(imports).toContainText('任务进展（progress.jsonl）18 行');
  await expect(imports).toContainText('任务进展 18 项');
  // nothing is written by the dry run
  await expect(imports).toContainText('尚未导入数据包');
  await imports.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('已导入寿县第 1 号数据包')).toBeVisible();
  await expect(imports.getByRole('row').filter({ hasText: '寿县' })).toContainText('2019年第四季度');

  // the overview of 2019Q4 (the default quarter) shows 寿县 and only 寿县
  const overview = card(page, '全市汇总');
  await expect(overview.getByRole('combobox', { name: '季度' })).toBeVisible();
  await expect(overview.getByTitle('2019年第四季度')).toBeVisible();
  const reporting = overview.getByRole('region', { name: '报送情况' });
  await expect(reporting.getByRole('row').filter({ hasText: '寿县' })).toContainText('已报送');
  await expect(reporting.getByRole('row').filter({ hasText: '寿县' })).toContainText('第 1 号');
  await expect(reporting.getByRole('row').filter({ hasText: '未报送' })).toHaveCount(7);

  const grid = overview.getByRole('region', { name: '各县区任务状态' });
  await expect(grid.getByRole('row')).toHaveCount(19);
  const headers = await grid.getByRole('columnheader').allTextContents();
  const shou = headers.indexOf('寿县');
  expect(shou).toBeGreaterThan(1);
  const lights = new Set(Object.values(LIGHT_LABELS));
  for (const row of await grid.getByRole('row').all()) {
    const cells = row.getByRole('cell');
    if ((await cells.count()) === 0) continue; // the header
    const texts = await cells.allTextContents();
    expect(lights.has(texts[shou]!), `寿县 的状态：${texts[shou]}`).toBe(true);
    expect(texts.filter((_t, i) => i > 1 && i !== shou)).toEqual(Array(headers.length - 3).fill('—'));
  }
  await expect(overview.getByRole('region', { name: '跨县区重复受益' })).toContainText('未发现');
  await expect(overview.getByRole('region', { name: '全市目标' }).getByRole('row').filter({ hasText: '示范村' }).first()).toContainText('1 / 8');
  // the page scrolls inside the layout: a viewport as tall as the card shows all of it
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  const box = (await overview.boundingBox())!;
  await page.setViewportSize({ width: 1440, height: Math.ceil(box.height) + 400 });
  await overview.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'city-overview.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // 市级复核: the import rechecked 寿县's awards; run again on demand, the appendix downloads
  const recheck = card(page, '市级复核');
  await expect(recheck.getByLabel('复核结果')).toContainText('寿县：复核 0 笔，一致 0 笔，发现 0 笔');
  await expect(recheck.getByRole('region', { name: '复核发现' })).toContainText('未发现与规则不符的奖补');
  await recheck.getByRole('button', { name: '重新复核' }).click();
  await expect(page.getByText('已复核 0 笔奖补，发现 0 笔与规则不符')).toBeVisible();
  const appendix = page.waitForEvent('download');
  await recheck.getByRole('button', { name: '评估附件（PDF）' }).click();
  expect((await appendix).suggestedFilename()).toBe('附件：市级复核（全市奖补金额复核结果）.pdf');

  // another quarter: nobody has reported
  await chooseQuarter(page, '2020年第一季度');
  await expect(reporting.getByRole('row').filter({ hasText: '未报送' })).toHaveCount(8);

  // the same bundle again is a replay
  await imports.locator('input[type=file]').setInputFiles(sent.bundle!);
  const refusal = imports.getByRole('alert').filter({ hasText: '数据包未导入' });
  await expect(refusal).toContainText('BUNDLE_REPLAY');
  await expect(refusal).toContainText('寿县（340422）第 1 号数据包已经导入过');
  await expect(imports.getByRole('button', { name: '确认导入' })).toHaveCount(0);
});
