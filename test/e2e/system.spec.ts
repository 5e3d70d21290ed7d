import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, signIn, test } from './fixtures';
import { hostForFile, PROJECT_ROOT } from './host';

// 用户与设置 in real Chromium over the loopback host: 关于 names versions and paths, a backup is
// made, checked and shown before it replaces anything, and restoring signs everyone out.

const server = hostForFile(test);

test('关于, a backup, and a restore that shows what it holds before replacing the data', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '用户与设置' }).click();
  const dataDir = dirname(server.host.dbPath);
  await expect(page.getByText('（网页版）')).toBeVisible();
  await expect(page.getByText('淮府办秘〔2019〕55号', { exact: false }).first()).toBeVisible();
  await expect(page.getByText(server.host.dbPath, { exact: true })).toBeVisible();

  await page.getByRole('button', { name: '备份', exact: true }).click();
  await expect(page.getByText(/^已备份：/)).toBeVisible();
  const backups = readdirSync(join(dataDir, 'backups')).filter((n) => n.endsWith('-manual.zip'));
  expect(backups).toHaveLength(1);
  await expect(page.getByRole('table', { name: '备份文件' }).getByText(backups[0]!)).toBeVisible();

  // written after the backup: gone again once it is restored
  await page.getByLabel('异议受理联系方式').fill('备份之后改的联系方式');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();

  await page.getByLabel('备份文件的完整路径（.zip）').fill(join(dataDir, 'backups', backups[0]!));
  await page.getByRole('button', { name: '选择备份文件并核对' }).click();
  const summary = page.getByLabel('备份内容');
  await expect(summary).toContainText('最近关闭的季度');
  await expect(summary).toContainText(/\d+ 条记录/);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'settings-restore.png'), fullPage: true });
  await page.getByRole('button', { name: '从备份恢复' }).click();
  // the page reloads itself once the restore is done: wait for that load, or the next sign-in's
  // navigation races it ("interrupted by another navigation")
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: '恢复', exact: true }).click();
  await reloaded;
  // everyone is signed out by a restore; signing in again shows the data as it was at the backup
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '用户与设置' }).click();
  await expect(page.getByLabel('异议受理联系方式')).not.toHaveValue('备份之后改的联系方式');
  // the replaced files are kept in the database's own folder (<db>.files), as README says
  expect(readdirSync(`${server.host.dbPath}.files`).some((n) => n.startsWith('replaced-'))).toBe(true);
});

test('a tampered or missing backup is refused with its reason', async ({ page }) => {
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '用户与设置' }).click();
  await page.getByLabel('备份文件的完整路径（.zip）').fill(join(PROJECT_ROOT, 'package.json'));
  await page.getByRole('button', { name: '选择备份文件并核对' }).click();
  await expect(page.getByText(/备份文件无法使用：.*当前数据未做任何改动/)).toBeVisible();
  await expect(page.getByLabel('备份内容')).toHaveCount(0);
});
