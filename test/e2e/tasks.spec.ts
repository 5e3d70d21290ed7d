import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, signIn, test } from './fixtures';
import { api, apiSession, hostForFile, PROJECT_ROOT } from './host';

// The task table by quarter in Debian's Chromium, over the loopback host and a real database:
// the plan's 18 tasks with this county's targets, actuals and lights; progress text saved and
// journaled; an entered indicator with an attachment turning a light; the quarter's PDF report
// generated from the UI and the quarter closed; the dashboard's charts opening the rows behind them.

const server = hostForFile(test);
const outsideRequests: string[] = [];

test.beforeAll(async () => {
  const session = await apiSession(server.host, 'admin');
  const configured = await api(server.host, 'install.configure', { role: 'county', county: '340421' }, session); // 凤台县
  if (!configured.ok) throw new Error(configured.error?.message);
});

async function openTasks(page: Page, quarter = '2019年第四季度') {
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:') outsideRequests.push(request.url());
  });
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await chooseQuarter(page, quarter);
  await expect(page.getByRole('grid')).toBeVisible();
}

async function chooseQuarter(page: Page, quarter: string) {
  await page.getByRole('combobox', { name: '季度' }).click();
  // the option, not the select's own value (which may already be that quarter)
  await page.locator(`.ant-select-item-option[title^="${quarter}"]`).click();
}

const taskRow = (page: Page, no: number) => page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: String(no), exact: true }) });
const cell = (page: Page, no: number, column: string) => taskRow(page, no).locator(`[role="gridcell"][col-id="${column}"]`);

test('the task page shows the plan’s 18 tasks with this county’s targets, actuals and lights', async ({ page }) => {
  await openTasks(page);
  // 全部列 shows the plan's table whole; the choice is kept for the next visit
  await page.getByLabel('显示的列').getByText('全部列').click();
  for (const header of ['序号', '工作任务', '牵头责任单位', '配合单位', '时限要求', '本县目标', '实际完成', '状态', '进展情况', '存在问题', '下一步打算']) {
    await expect(page.getByRole('columnheader', { name: header })).toBeVisible();
  }
  await expect(cell(page, 1, 'title')).toHaveText('全市农村产品网络销售额增幅30%以上');
  await expect(cell(page, 10, 'deadlineText')).toHaveText('2019年7月31日前');
  await expect(cell(page, 3, 'target')).toHaveText('电商示范村：6 个 电商示范点：6 个');
  // no list has been loaded: nothing is read as zero
  await expect(cell(page, 3, 'actual')).toHaveText('电商示范村：未填报 电商示范点：未填报');
  await expect(cell(page, 3, 'light')).toHaveText('未填报');
  // task 10 is led by 市人社局: the county is not judged on it
  await expect(cell(page, 10, 'light')).toHaveText('市级牵头');
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '19');
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'task-page.png'), fullPage: false });

  // the status filter shows only the rows with that light
  await page.getByLabel('按状态筛选').getByText(/市级牵头/).click();
  await expect(cell(page, 10, 'light')).toHaveText('市级牵头');
  await expect(page.getByRole('grid')).not.toContainText('全市农村产品网络销售额增幅30%以上');
  await page.getByRole('button', { name: '显示全部' }).click();
  await expect(page.getByRole('grid')).toContainText('全市农村产品网络销售额增幅30%以上');
  await page.getByLabel('显示的列').getByText('填报进展').click();
  await expect(page.getByRole('columnheader', { name: '本县目标' })).toHaveCount(0);
});

test('at 1366×768 the columns a clerk types into are on the screen; the long-text editor counts and refuses, never cuts', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openTasks(page);
  // 填报进展 (the default): 进展情况, 存在问题, 下一步打算 and 详情 without scrolling sideways
  for (const header of ['工作任务', '状态', '进展情况', '存在问题', '下一步打算', '指标与附件']) {
    const box = await page.getByRole('columnheader', { name: header }).boundingBox();
    expect(box, header).not.toBeNull();
    expect(box!.x + box!.width, header).toBeLessThanOrEqual(1366);
  }
  const viewport = page.locator('.ag-body-horizontal-scroll-viewport');
  expect(await viewport.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'tasks-write-1366x768.png') });
  // 目标与完成 fits too
  await page.getByLabel('显示的列').getByText('目标与完成').click();
  await expect(page.getByRole('columnheader', { name: '本县目标' })).toBeVisible();
  expect(await viewport.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
  await page.getByLabel('显示的列').getByText('填报进展').click();

  // 帮助: what the page is for, what to do first, what each light means, and the guides of each role
  await page.getByRole('button', { name: '「任务分解表」帮助' }).click();
  const help = page.getByRole('dialog', { name: '帮助' });
  await expect(help).toContainText('本页用途');
  await expect(help).toContainText('具体任务分解表');
  await expect(help.getByRole('row').filter({ hasText: '市级牵头' })).toContainText('不计入本县进度');
  const guide = await help.getByRole('link', { name: '《录入员使用说明》' }).getAttribute('href');
  const guideText = await (await page.request.get(new URL(guide!, page.url()).href)).text();
  expect(guideText).toContain('# 录入员使用说明');
  await help.getByRole('button', { name: 'Close' }).or(help.locator('.ant-drawer-close')).first().click();
  await expect(help).toHaveCount(0);

  await cell(page, 5, 'problems').dblclick();
  const editor = page.getByRole('textbox', { name: '第 5 项任务 · 存在问题' });
  await expect(editor).toBeFocused();
  await editor.fill('物流站点覆盖不足');
  await expect(page.getByLabel('字数')).toHaveText('8 / 2000 字');
  // a click elsewhere does not end the edit (nor lose the text); 取消 does, and nothing is saved
  await page.getByRole('heading', { name: '任务分解表' }).click();
  await expect(editor).toHaveValue('物流站点覆盖不足');
  await page.getByRole('button', { name: '取消' }).click();
  await expect(editor).toHaveCount(0);
  await expect(cell(page, 5, 'problems')).toHaveText('');

  // past the limit: the text stays whole, the count turns red, 保存 and Enter are refused with the reason
  await cell(page, 5, 'problems').dblclick();
  const long = '村级站点'.repeat(501); // 2,004 characters
  await editor.fill(long);
  await expect(page.getByLabel('字数')).toHaveText('2004 / 2000 字');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '已超出 4 字，最多 2000 字' })).toBeVisible();
  await editor.press('Enter');
  await expect(editor).toHaveValue(long);
  // Shift+Enter is a new line; after cutting it down, 保存 saves
  await editor.fill('村级站点不足');
  await editor.press('Shift+Enter');
  await editor.pressSequentially('物流成本高');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('第 5 项任务已保存')).toBeVisible();
  await expect(cell(page, 5, 'problems')).toHaveText(/村级站点不足\s*物流成本高/);
});

test('an edit of 进展情况 is saved, survives reload and restart, and is journaled', async ({ page }) => {
  await openTasks(page);
  const progress = cell(page, 3, 'narrative');
  await progress.dblclick();
  const editor = page.getByRole('textbox', { name: '第 3 项任务 · 进展情况' });
  await expect(editor).toBeVisible();
  await editor.fill('凤台县已认定电商示范村3个');
  await editor.press('Enter');
  await expect(page.getByText('第 3 项任务已保存')).toBeVisible();
  await expect(progress).toHaveText('凤台县已认定电商示范村3个');

  await page.reload();
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await chooseQuarter(page, '2019年第四季度');
  await expect(cell(page, 3, 'narrative')).toHaveText('凤台县已认定电商示范村3个');
  // another quarter has its own text
  await chooseQuarter(page, '2019年第三季度');
  await expect(cell(page, 3, 'narrative')).toHaveText('');

  await server.restart();
  await openTasks(page);
  await expect(cell(page, 3, 'narrative')).toHaveText('凤台县已认定电商示范村3个');

  await page.getByRole('menuitem', { name: '账本校验' }).click();
  await expect(page.getByRole('cell', { name: '填写季度进展' }).first()).toBeVisible();
  // people by name and objects as the office names them, not login names and internal ids
  const entry = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '填写季度进展' }) }).first();
  await expect(entry).toContainText('王管理');
  await expect(entry).toContainText('2019年第四季度第 3 项任务');
  await expect(entry).not.toContainText('admin');
  await page.getByRole('button', { name: '校验整个账本' }).click();
  await expect(page.getByText(/^账本完好：共 \d+ 条记录，哈希链连续无误$/)).toBeVisible();
});

test('a value entered with its source and an attachment turn the light; the quarter’s PDF comes from the UI and the quarter closes', async ({ page }) => {
  await openTasks(page);
  await page.getByLabel('显示的列').getByText('目标与完成').click();
  await expect(cell(page, 1, 'light')).toHaveText('未填报');
  await taskRow(page, 1).getByRole('button', { name: '第 1 项任务的指标与附件' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('农村产品网络销售额同比增幅本季度数值').fill('32.5');
  await drawer.getByRole('button', { name: '保存数值' }).click();
  await expect(page.getByText('数据来源：请填写数据来源')).toBeVisible();
  await drawer.getByLabel('农村产品网络销售额同比增幅数据来源').fill('县统计局2019年网络零售监测快报');
  await drawer.getByRole('button', { name: '保存数值' }).click();
  await expect(page.getByText('「农村产品网络销售额同比增幅」已保存')).toBeVisible();
  await expect(drawer.getByLabel('状态原因')).toHaveText('农村产品网络销售额同比增幅：实际 32.5%，已达到目标 30%');
  await drawer.locator('input[type=file]').setInputFiles({ name: '网络零售监测快报.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 监测快报') });
  await expect(drawer.getByText(/网络零售监测快报\.pdf（.*SHA-256 [0-9a-f]{12}…/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(cell(page, 1, 'light')).toHaveText('已完成');
  await expect(cell(page, 1, 'actual')).toHaveText('农村产品网络销售额同比增幅：32.5%');
  await expect(taskRow(page, 1).getByRole('button', { name: '第 1 项任务的指标与附件' })).toHaveText('详情（附件 1）');

  await page.getByRole('menuitem', { name: '季度报告' }).click();
  await chooseQuarter(page, '2019年第四季度');
  await expect(page.getByText('尚未生成')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '生成 PDF 报告' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('凤台县2019年第四季度农村电商工作进展报告（草稿）.pdf');
  const pdfPath = join(PROJECT_ROOT, 'test-results', 'quarter-report.pdf');
  await file.saveAs(pdfPath);
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(page.getByText('与当前内容一致')).toBeVisible();

  await page.getByRole('button', { name: '关闭季度' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '关闭季度' }).click();
  await expect(page.getByText('2019年第四季度已关闭')).toBeVisible();
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await chooseQuarter(page, '2019年第四季度');
  await expect(page.getByText('本季度已由审批人关闭，数据已锁定')).toBeVisible();
});

test('the dashboard’s charts open the rows behind them', async ({ page }) => {
  await signIn(page, server.host.url);
  // everyone lands on 首页, opened on the latest quarter with entries (2019Q4, written and closed
  // above), not today's quarter of the plan's last year with every task 逾期
  await expect(page.getByRole('menuitem', { name: '首页' })).toHaveClass(/selected/);
  await expect(page.getByTitle(/^2019年第四季度/)).toBeVisible();
  await expect(page.getByText('数据截至 2019年12月31日')).toBeVisible();
  const lights = page.getByLabel('任务状态', { exact: true });
  await expect(lights).toBeVisible();
  await expect(page.getByLabel('指标完成情况', { exact: true })).toBeVisible();
  await expect(page.getByText('暂无申报')).toBeVisible(); // no claims in this database
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'dashboard.png'), fullPage: true });
  // a clerk's laptop: 首页 and 任务分解表 at 1366×768, both opened on the same quarter
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'home-1366x768.png') });
  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await expect(page.getByTitle(/^2019年第四季度/)).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '19');
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'tasks-1366x768.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('menuitem', { name: '首页' }).click();
  // the first bar of 任务状态 is 已完成 (task 1, from the previous test)
  await lights.locator('path[fill="#52c41a"]').first().click();
  await expect(page.getByRole('menuitem', { name: '任务分解表' })).toHaveClass(/selected/);
  await expect(page.getByRole('grid')).toContainText('全市农村产品网络销售额增幅30%以上');
  await expect(page.getByRole('grid')).not.toContainText('组织开展任务落实情况评估');
});

test('an API call without the token gets 401; the pages made no request off this machine', async ({ request }) => {
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
