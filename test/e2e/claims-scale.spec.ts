import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pinyin } from 'pinyin-pro';
import { amountInWords } from '../../shared/money-words';
import { formatYuan } from '../../shared/money';
import { expect, test } from './fixtures';
import { PROJECT_ROOT, type RunningHost, startHost, tempDatabase } from './host';
import { downloadSheet } from './sheets';

// 申报与拨付 on a demo county (400 claims in every state): search and sort done by the core, the
// list keeping its place across the drawer, 公示's paged selection with 全选 and its prompts, dates
// and amounts as clerks type them, 大写 on the 审批表, and numbers in the payment file. The page at
// 1366×768 is saved as test-results/claims-page.png.

type Summary = { id: string; no: string; subjectName: string; amountFen: number | null; state: string };

let host: RunningHost;
let db: ReturnType<typeof tempDatabase>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  db = tempDatabase();
  const demo = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), 'demo', '--db', db.dbPath, '--county', '340422', '--subjects', '600', '--claims', '400', '--seed', '16'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (demo.status !== 0) throw new Error(`demo: ${demo.stderr}`);
  host = await startHost(db.dbPath);
});
test.afterAll(async () => {
  await host?.stop();
  db?.dispose();
});

const DEMO_NAMES = { 'demo-clerk': '演示录入员', 'demo-reviewer': '演示审核员', 'demo-director': '演示审批人' } as const;

async function signInAs(page: Page, username: keyof typeof DEMO_NAMES): Promise<void> {
  await page.goto(host.url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo2019a');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByLabel('当前用户')).toContainText(DEMO_NAMES[username]);
  await page.getByRole('menuitem', { name: '申报与拨付' }).click();
  await page.getByLabel('年度').click();
  await page.locator('.ant-select-item-option[title="2019年"]').click();
}

/** claims.page through the API, as the signed-in director. */
async function claimsPage(input: Record<string, unknown>): Promise<{ rows: Summary[]; total: number }> {
  const call = async (method: string, body: unknown, session?: string) => {
    const response = await fetch(`${host.origin}/api/call/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...(session ? { 'X-Session': session } : {}) },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { ok: boolean; value: unknown };
  };
  const login = (await call('auth.login', { username: 'demo-director', password: 'demo2019a' })).value as { token: string };
  return (await call('claims.page', input, login.token)).value as { rows: Summary[]; total: number };
}

const list = (page: Page) => page.getByLabel('申报列表');
const firstColumn = async (page: Page) => (await list(page).locator('tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? '')));

test('claims: search by initials, sort by amount, and the list keeps its place across the drawer', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInAs(page, 'demo-clerk');
  const all = await claimsPage({ year: 2019, limit: 1 });
  await expect(page.getByLabel('筛选结果')).toContainText(`共 ${all.total} 条`);
  await expect(list(page).locator('tbody tr.ant-table-row')).toHaveCount(50);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'claims-page.png') });

  // sort by amount, largest first: the core's largest amount heads the list
  const largest = (await claimsPage({ year: 2019, sort: 'amount', descending: true, limit: 1 })).rows[0]!;
  await list(page).getByRole('columnheader', { name: '金额' }).click();
  await list(page).getByRole('columnheader', { name: '金额' }).click();
  await expect(list(page).locator('tbody tr.ant-table-row').first()).toContainText(formatYuan(largest.amountFen!));

  // search a subject's name: every row shown is that subject's
  const target = (await claimsPage({ year: 2019, limit: 200 })).rows.find((c) => c.subjectName.length >= 3)!;
  await page.getByLabel('搜索申报').fill(target.subjectName);
  await expect(list(page).getByRole('cell', { name: target.no })).toBeVisible();
  const matching = await claimsPage({ year: 2019, query: target.subjectName, limit: 500 });
  await expect(page.getByLabel('筛选结果')).toContainText(`共 ${matching.total} 条`);
  // and by its pinyin initials, as the registry is searched
  const initials = pinyin(target.subjectName, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const byInitials = await claimsPage({ year: 2019, query: initials, limit: 500 });
  expect(byInitials.rows.map((c) => c.no)).toContain(target.no);
  await page.getByLabel('搜索申报').fill(initials);
  await expect(page.getByLabel('筛选结果')).toContainText(`共 ${byInitials.total} 条`);
  await expect(list(page).getByRole('cell', { name: target.no })).toBeVisible();
  await page.getByLabel('搜索申报').fill('');
  await expect(page.getByLabel('筛选结果')).toContainText(`共 ${all.total} 条`);

  // page 3 of the state filter, a claim opened and closed: same page, same filter, row marked
  await page.getByLabel('按状态筛选').click();
  await page.locator('.ant-select-item-option[title="已拨付"]').click();
  await page.keyboard.press('Escape');
  await page.getByRole('tabpanel').locator('li[title="3"]').click();
  const onPage3 = await firstColumn(page);
  await list(page).getByRole('cell', { name: onPage3[4]! }).click();
  await expect(page.locator('.ant-drawer')).toContainText(onPage3[4]!);
  await page.locator('.ant-drawer-close').click();
  await expect(page.getByRole('tabpanel').locator('.ant-pagination-item-active')).toHaveText('3');
  expect(await firstColumn(page)).toEqual(onPage3);
  await expect(list(page).locator('tr.claim-row-current')).toContainText(onPage3[4]!);
  const paid = await claimsPage({ year: 2019, states: ['paid'], limit: 1 });
  await expect(page.getByLabel('筛选结果')).toContainText(`共 ${paid.total} 条`);
  await expect(page.locator('.ant-select-selection-item, .ant-select-content').filter({ hasText: '已拨付' }).first()).toBeVisible();
});

test('公示: a paged, filterable selection with 全选; a long-past start asks first; a lapsed batch asks to be ended', async ({ page }) => {
  await signInAs(page, 'demo-reviewer');
  await page.getByRole('tab', { name: '公示' }).click();
  const reviewed = await claimsPage({ year: 2019, states: ['reviewed'], limit: 500 });
  expect(reviewed.total).toBeGreaterThan(20);
  const selection = page.getByLabel('待公示申报');
  await expect(selection.locator('tbody tr.ant-table-row')).toHaveCount(20);
  await page.getByRole('tabpanel').locator('li[title="2"]').first().click();
  await expect(selection.locator('tbody tr.ant-table-row').first()).toContainText(reviewed.rows[20]!.no);
  await page.getByRole('button', { name: `全选（${reviewed.total} 条）` }).click();
  await expect(page.getByRole('button', { name: `生成公示（${reviewed.total} 条）` })).toBeEnabled();
  // the contact defaults from the settings (the demo leaves it empty: the form says where it is set)
  await expect(page.getByText('未设默认值：管理员可在“用户与设置”中填写')).toBeVisible();
  await page.getByLabel('异议受理联系方式').fill('寿县商务局电商股 0554-4021234');
  await page.getByLabel('公示开始').fill('2019年1月1日');
  await expect(page.getByRole('status').filter({ hasText: '2019年1月1日' })).toBeVisible();
  await page.getByRole('button', { name: `生成公示（${reviewed.total} 条）` }).click();
  await expect(page.getByText(/超过设置的公示期 7 天，公示期可能已经结束/)).toBeVisible();
  await page.getByRole('button', { name: '返回修改' }).click();
  // nothing was generated
  expect((await claimsPage({ year: 2019, states: ['reviewed'], limit: 1 })).total).toBe(reviewed.total);
  // the demo's open batches ended long ago: each says so
  await expect(page.getByText(/的公示期已于 .* 届满，请处理异议后结束公示/).first()).toBeVisible();
  await expect(page.getByLabel('公示批次').getByText('公示期已满，待结束').first()).toBeVisible();
  await expect(page.getByLabel('公示批次').getByText(/^人民币.*[整分]$/).first()).toBeVisible();
  // a filter narrows the selection
  await page.getByLabel('搜索待公示申报').fill(reviewed.rows[0]!.no);
  await page.getByLabel('搜索待公示申报').press('Enter');
  await expect(selection.locator('tbody tr.ant-table-row')).toHaveCount(1);
});

test('the payment file writes amounts as numbers, with 大写 and a total that sums', async ({ page }, info) => {
  await signInAs(page, 'demo-director');
  await page.getByRole('tab', { name: '拨付' }).click();
  const approved = await claimsPage({ year: 2019, states: ['approved'], limit: 500 });
  const sheet = await downloadSheet(page, page.getByRole('button', { name: /下载拨付清单/ }), info.outputPath('拨付清单.xlsx'));
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const amount = headers.indexOf('金额（元）');
  const words = headers.indexOf('金额（大写）');
  let sum = 0;
  for (let n = 2; n < 2 + approved.total; n++) {
    const cell = sheet.getRow(n).getCell(amount);
    expect(typeof cell.value, `第 ${n} 行金额`).toBe('number');
    expect(cell.numFmt).toBe('#,##0.00');
    const claim = approved.rows.find((c) => c.no === sheet.getRow(n).getCell(1).value)!;
    expect(Math.round((cell.value as number) * 100)).toBe(claim.amountFen);
    expect(sheet.getRow(n).getCell(words).value).toBe(amountInWords(claim.amountFen!));
    sum += claim.amountFen!;
  }
  const total = sheet.getRow(2 + approved.total);
  expect(total.getCell(1).value).toBe('合计');
  expect(Math.round((total.getCell(amount).value as number) * 100)).toBe(sum);
  expect(total.getCell(words).value).toBe(amountInWords(sum));
});

test('dates and amounts as typed: 手工登记拨付 records the typed day, 1.2万-style amounts are read exactly', async ({ page }) => {
  await signInAs(page, 'demo-director');
  await page.getByRole('tab', { name: '拨付' }).click();
  const claim = (await claimsPage({ year: 2019, states: ['approved'], limit: 1 })).rows[0]!;
  const wan = `${claim.amountFen! / 1_000_000}万`;
  await page.getByRole('textbox', { name: '申报编号' }).fill(claim.no);
  await page.getByLabel('凭证号').fill('记-2020-04-201');
  // an ambiguous amount is refused with the reason before anything is sent
  await page.getByLabel('实付金额').fill('1,20');
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByText('千位分隔符应每三位一个')).toBeVisible();
  await page.getByLabel('实付金额').fill(wan);
  await expect(page.getByRole('status').filter({ hasText: amountInWords(claim.amountFen!) })).toBeVisible();
  for (const [typed, shown] of [
    ['20200420', '2020年4月20日'],
    ['2020/4/20', '2020年4月20日'],
    ['2020.4.20', '2020年4月20日'],
    ['2020年4月20日', '2020年4月20日'],
  ]) {
    await page.getByLabel('支付日期').fill(typed!);
    await expect(page.getByRole('status').filter({ hasText: shown! })).toBeVisible();
  }
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByText(`申报 ${claim.no} 已登记拨付`)).toBeVisible();
  // the typed day was recorded, not today
  await page.getByRole('tab', { name: '申报' }).click();
  await page.getByLabel('搜索申报').fill(claim.no);
  await list(page).getByRole('cell', { name: claim.no }).click();
  await expect(page.locator('.ant-drawer').getByText(/2020-04-20|2020年4月20日/).first()).toBeVisible();
});

test('the 审批表 PDF from the drawer carries the amount in figures and 大写 and the approver by name', async ({ page }, info) => {
  await signInAs(page, 'demo-director');
  const claim = (await claimsPage({ year: 2019, states: ['paid'], limit: 1 })).rows[0]!;
  await page.getByLabel('搜索申报').fill(claim.no);
  await list(page).getByRole('cell', { name: claim.no }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByText(amountInWords(claim.amountFen!))).toBeVisible();
  const download = page.waitForEvent('download');
  await drawer.getByRole('button', { name: '打印审批表' }).click();
  const path = info.outputPath('审批表.pdf');
  await (await download).saveAs(path);
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(path)) }).promise;
  const text = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('').replace(/\s+/g, '');
  expect(text).toContain('农村电商奖补资金审批表');
  expect(text).toContain(claim.no);
  expect(text).toContain(amountInWords(claim.amountFen!));
  expect(text).toContain(formatYuan(claim.amountFen!).replace(/\s+/g, ''));
  expect(text).toMatch(/审批演示审批人\d{4}年\d{1,2}月\d{1,2}日/);
});
