import { test as base, expect } from '@playwright/test';

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
