import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { join } from 'node:path';
import { hostForFile, PROJECT_ROOT } from './host';

// The real UI in Debian's Chromium, served by the loopback host over a temporary real database.

const server = hostForFile(test);
const outsideRequests: string[] = [];

async function openTasks(page: Page) {
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:') outsideRequests.push(request.url());
  });
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await expect(page.getByRole('grid')).toBeVisible();
}

const taskRow = (page: Page, no: number) =>
  page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: String(no), exact: true }) });
const cell = (page: Page, no: number, column: string) => taskRow(page, no).locator(`[role="gridcell"][col-id="${column}"]`);

test('the task page shows the plan’s 18 tasks in Chinese', async ({ page }) => {
  await openTasks(page);
  for (const header of ['序号', '工作任务', '牵头责任单位', '配合单位', '时限要求', '进展情况', '完成状态', '备注']) {
    await expect(page.getByRole('columnheader', { name: header })).toBeVisible();
  }
  await expect(cell(page, 1, 'title')).toHaveText('全市农村产品网络销售额增幅30%以上');
  await expect(cell(page, 10, 'deadlineText')).toHaveText('2019年7月31日前');
  // every one of the 18 rows is rendered (the grid's data rows, excluding the header row)
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '19');
  const rendered = await page.getByRole('row').filter({ has: page.locator('[col-id="no"][role="gridcell"]') }).count();
  expect(rendered).toBeGreaterThan(5);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'task-page.png'), fullPage: false });
});

test('an edit of 进展情况 is saved, survives reload and restart, and is journaled', async ({ page }) => {
  await openTasks(page);
  const progress = cell(page, 3, 'progress');
  await progress.dblclick();
  const editor = page.locator('.ag-large-text-input textarea, textarea').first();
  await expect(editor).toBeVisible();
  await editor.fill('寿县已认定电商示范村3个，凤台县2个');
  await editor.press('Enter');
  await expect(page.getByText('第 3 项任务已保存')).toBeVisible();
  await expect(progress).toHaveText('寿县已认定电商示范村3个，凤台县2个');

  await page.reload();
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await expect(cell(page, 3, 'progress')).toHaveText('寿县已认定电商示范村3个，凤台县2个');

  // restart the host on the same database file
  await server.restart();
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await expect(cell(page, 3, 'progress')).toHaveText('寿县已认定电商示范村3个，凤台县2个');

  await page.getByRole('menuitem', { name: '账本校验' }).click();
  await expect(page.getByRole('cell', { name: '更新任务进展' }).first()).toBeVisible();
  await page.getByRole('button', { name: '校验整个账本' }).click();
  // 27 seeded entries, the edit, and the accounts' creation and sign-ins
  await expect(page.getByText(/^账本完好：共 \d+ 条记录，哈希链连续无误$/)).toBeVisible();
});

test('an invalid edit is refused with a Chinese message and the cell reverts', async ({ page }) => {
  await openTasks(page);
  const status = cell(page, 4, 'status');
  await expect(status).toHaveText('未开始');
  await status.dblclick();
  await status.getByRole('combobox').click();
  await page.getByRole('option', { name: '已完成' }).click();
  await expect(page.getByText('第 4 项任务：标记为「已完成」前，须先填写进展情况')).toBeVisible();
  await expect(status).toHaveText('未开始');

  const remark = cell(page, 4, 'remark');
  await remark.dblclick();
  const input = remark.locator('input');
  await input.fill('长'.repeat(501));
  await input.press('Enter');
  await expect(page.getByText('备注：不能超过 500 个字')).toBeVisible();
  await expect(remark).toHaveText('');
});

test('an API call without the token gets 401; the page made no request off this machine', async ({ request }) => {
  const anonymous = await request.post(`${server.host.origin}/api/call/tasks.list`, { data: {} });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.message).toContain('访问令牌');
  const authorised = await request.post(`${server.host.origin}/api/call/tasks.list`, {
    data: {},
    headers: { Authorization: `Bearer ${server.host.token}` },
  });
  expect(authorised.status()).toBe(200);
  expect(outsideRequests).toEqual([]);
});
