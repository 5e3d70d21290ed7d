import { expect, signIn, signOut, test } from './fixtures';
import { join } from 'node:path';
import { api, hostForFile, PROJECT_ROOT } from './host';

// 首页 on a fresh install in real Chromium: the administrator's setup checklist with every item
// undone (the e2e office's accounts exist, so those are ticked) and each item leading to where it
// is set; and a clerk signing in after the administrator lands on 首页, not on the admin's page.

const server = hostForFile(test);

test('a fresh install shows the administrator the setup checklist, items undone, each opening its page', async ({ page }) => {
  await signIn(page, server.host.url);
  await expect(page.getByRole('menuitem', { name: '首页' })).toHaveClass(/selected/);
  const checklist = page.getByLabel('开始使用前的设置');
  await expect(checklist).toBeVisible();
  const year = new Date().getFullYear();
  for (const item of ['所属县区', `${year}年度预算及下达文号`, '异议受理联系方式（公示用）', '签名密钥（数据报送用）']) {
    await expect(checklist.getByLabel(`${item}：未完成`)).toBeVisible();
  }
  await expect(checklist.getByLabel(/的分档标准：未完成$/).first()).toBeVisible();
  await expect(checklist.getByLabel(/的奖补比例：未完成$/).first()).toBeVisible();
  await expect(checklist.getByLabel('录入员账号：已完成')).toBeVisible();

  // choosing the county on 首页 ticks its item at once
  await page.getByRole('combobox', { name: '所属单位' }).click();
  await page.getByTitle('凤台县（340421）').click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(checklist.getByLabel('所属县区：已完成')).toBeVisible();

  // 去设置 opens the page where the item is set; set there, it is ticked on 首页
  await checklist.getByLabel('异议受理联系方式（公示用）：未完成').getByRole('button', { name: '去设置' }).click();
  await expect(page.getByRole('menuitem', { name: '用户与设置' })).toHaveClass(/selected/);
  await page.getByLabel('异议受理联系方式').fill('凤台县商务局 0554-1234567');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await page.getByRole('menuitem', { name: '首页' }).click();
  await expect(page.getByLabel('开始使用前的设置').getByLabel('异议受理联系方式（公示用）：已完成')).toBeVisible();
});

test('a clerk signing in after the administrator lands on 首页, without the admin’s page or an error', async ({ page }) => {
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '用户与设置' }).click();
  await expect(page.getByRole('button', { name: '保存设置' })).toBeVisible();
  await signOut(page);
  await signIn(page, server.host.url, 'luru');
  await expect(page.getByRole('menuitem', { name: '首页' })).toHaveClass(/selected/);
  await expect(page.getByRole('heading', { name: '首页' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '用户与设置' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '保存设置' })).toHaveCount(0);
  await expect(page.getByLabel('开始使用前的设置')).toHaveCount(0); // the checklist is the administrator's
  await expect(page.getByLabel('任务状态', { exact: true })).toBeVisible();
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
});

test('the sign-in screen fills the window, centres its card and names the install; without its token the address says so at once', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(server.host.url);
  await expect(page.getByRole('heading', { name: '县域电商台账' })).toBeVisible();
  await expect(page.getByLabel('本机所属单位')).toHaveText('凤台县商务局'); // chosen in the first test
  const screen = await page.locator('.auth-screen').boundingBox();
  expect(screen?.height).toBe(768);
  const card = (await page.locator('.auth-screen .ant-card').boundingBox())!;
  expect(Math.abs(card.x + card.width / 2 - 683)).toBeLessThan(2);
  expect(card.y).toBeGreaterThan(150); // centred, not stuck at the top
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'login-1366x768.png') });

  // a new tab with the address but not its token
  const bare = await page.context().newPage();
  await bare.goto(server.host.origin);
  await expect(bare.getByText('访问令牌缺失或错误')).toBeVisible();
  await expect(bare.getByRole('button', { name: '登录' })).toHaveCount(0);
  await bare.close();
});

test('an account locked by wrong passwords is unlocked by the administrator in 用户与设置', async ({ page }) => {
  for (let i = 0; i < 5; i++) await api(server.host, 'auth.login', { username: 'shenhe', password: 'wrong-password' });
  expect((await api(server.host, 'auth.login', { username: 'shenhe', password: 'shenhe2019' })).error?.message).toContain('已锁定');
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '用户与设置' }).click();
  const row = page.getByRole('row').filter({ hasText: '张审核' });
  await expect(row.getByText('密码输错已锁定')).toBeVisible();
  await row.getByRole('button', { name: '解锁「张审核」' }).click();
  await expect(page.getByText('已解锁「张审核」')).toBeVisible();
  await expect(row.getByText('正常')).toBeVisible();
  await expect(row.getByRole('button', { name: '解锁「张审核」' })).toHaveCount(0);
  await signOut(page);
  await signIn(page, server.host.url, 'shenhe');
});

test('the new-user form checks length and format under each box before anything is sent', async ({ page }) => {
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '用户与设置' }).click();
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/call/accounts.create')) calls.push(r.url());
  });
  await page.getByLabel('用户名').fill('a');
  await page.getByLabel('姓名', { exact: true }).first().fill('李'.repeat(33));
  await page.getByLabel('初始密码').fill('short');
  await page.getByRole('button', { name: '创建' }).click();
  await expect(page.getByText('用户名至少 2 个字符')).toBeVisible();
  await expect(page.getByText('最多 32 个字')).toBeVisible();
  await expect(page.getByText('密码至少 8 位')).toBeVisible();
  await expect(page.getByText('至少选择一个角色')).toBeVisible();
  expect(calls).toEqual([]);
  // nothing in English or zod's wording anywhere on the page
  for (const explain of await page.locator('.ant-form-item-explain').all()) await expect(explain).not.toContainText(/password|string|<=/);
});
