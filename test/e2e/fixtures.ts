import { test as base, expect, type Page } from '@playwright/test';
import { USERS, type UserName } from './host';

// Every e2e page fails its test on a console error: AG Grid reports a missing module or a
// misused option only there, and a broken feature must not pass silently.
export const test = base.extend({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await use(page);
    expect(errors, '浏览器控制台出现错误').toEqual([]);
  },
});

export { expect };

/** Opens the app and signs in through the login screen. */
export async function signIn(page: Page, url: string, username: UserName = 'admin'): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(USERS[username].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByLabel('当前用户')).toContainText(USERS[username].displayName);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
}
