import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { join } from 'node:path';
import { hostForFile, PROJECT_ROOT } from './host';

// The policy page in real Chromium over the loopback host: install county, targets beside the
// tasks, county tier tables within the caps, the rule tester with its trace, and a what-if.

const server = hostForFile(test);

async function open(page: Page, menu: string) {
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: menu }).click();
}

test('the install’s county is chosen once and its targets stand beside the tasks', async ({ page }) => {
  await open(page, '首页');
  await page.getByLabel('所属单位').click();
  await page.getByTitle('寿县（340422）').click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('本机所属单位已保存')).toBeVisible();
  await expect(page.getByText('寿县商务局')).toBeVisible();

  await page.getByRole('menuitem', { name: '任务分解表' }).click();
  await page.getByRole('combobox', { name: '季度' }).click();
  await page.getByTitle(/^2019年第四季度/).click();
  await page.getByLabel('显示的列').getByText('目标与完成').click();
  await expect(page.getByRole('columnheader', { name: '本县目标' })).toBeVisible();
  const row = (no: number) => page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: String(no), exact: true }) });
  await expect(row(3).locator('[col-id="target"]')).toHaveText('电商示范村：6 个 电商示范点：10 个');
  await expect(row(2).locator('[col-id="target"]')).toHaveText('新培育工商注册电商经营主体：100 个');
  await expect(row(4).locator('[col-id="target"]')).toHaveText('省级农村电商示范县：1 个');
  await row(4).getByRole('button', { name: '第 4 项任务的指标与附件' }).click();
  await expect(page.getByText(/目标依据：.*与1个县区共同承担/)).toBeVisible();
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'task-page-targets.png') });
});

test('the rule tester decides and explains, clause by clause', async ({ page }) => {
  await open(page, '政策与规则');
  await expect(page.getByText('淮府办秘〔2019〕55号')).toBeVisible();
  await page.getByRole('tab', { name: '规则试算' }).click();
  await page.getByLabel('农产品上行年网络销售额').fill('50000');
  await page.getByRole('button', { name: '试算', exact: true }).click();
  const result = page.getByLabel('试算结果');
  await expect(result.getByText('符合条件')).toBeVisible();
  await expect(result.getByText('10,000.00 元').first()).toBeVisible();
  await expect(result.getByText(/50,000\.00 元 ≥ 网点农产品上行年网络销售额门槛 50,000\.00 元（“以上”含本数/)).toBeVisible();
  await expect(result.getByText(/依据：二\(一\) 对农产品上行年网络销售额达到 5 万元以上的网点给予 1 万元奖励/).first()).toBeVisible();

  await page.getByLabel('农产品上行年网络销售额').fill('49999.99');
  await page.getByRole('button', { name: '试算', exact: true }).click();
  await expect(result.getByText('不符合条件')).toBeVisible();
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'rule-tester.png'), fullPage: true });
});

test('a tier above the cap is refused; one within it is saved and used by the tester', async ({ page }) => {
  await open(page, '政策与规则');
  await page.getByRole('tab', { name: '本县分档与比例' }).click();
  const card = page.locator('.ant-card').filter({ hasText: '农村电商龙头企业一次性分档奖励' });
  await card.getByRole('button', { name: '添加一档' }).click();
  const grid = card.getByLabel('农村电商龙头企业一次性分档奖励分档标准');
  const edit = async (column: string, value: string) => {
    await grid.locator(`[role="gridcell"][col-id="${column}"]`).first().dblclick();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  };
  await edit('atLeast', '10000000.01');
  await edit('award', '1000000.01');
  await card.getByRole('button', { name: '保存分档标准' }).click();
  await expect(page.getByText('第 1 档奖励 1,000,000.01 元 超过上限 1,000,000.00 元')).toBeVisible();

  await edit('award', '300000');
  await card.getByRole('button', { name: '保存分档标准' }).click();
  await expect(page.getByText('「农村电商龙头企业一次性分档奖励」分档标准已保存')).toBeVisible();

  await page.getByRole('tab', { name: '规则试算' }).click();
  await page.getByLabel('规则', { exact: true }).click();
  await page.getByTitle('农村电商龙头企业一次性分档奖励（二(二)）').click();
  await page.getByLabel('农村产品上行年网络销售额').fill('20,000,000');
  await page.getByRole('button', { name: '试算', exact: true }).click();
  const result = page.getByLabel('试算结果');
  await expect(result.getByText('符合条件')).toBeVisible();
  await expect(result.getByText(/适用第 1 档/)).toBeVisible();
  await expect(result.getByText('300,000.00 元', { exact: true })).toBeVisible();
});

test('a what-if shows how many more would qualify if the 5万 threshold were 4万', async ({ page }) => {
  await open(page, '政策与规则');
  await page.getByRole('tab', { name: '规则试算' }).click();
  for (const sales of ['39999', '45000', '60000']) {
    await page.getByLabel('农产品上行年网络销售额').fill(sales);
    await page.getByRole('button', { name: '加入假设分析清单' }).click();
  }
  await expect(page.getByText('假设分析（清单中 3 个案例）')).toBeVisible();
  await page.getByLabel('假设取值').fill('40000');
  await page.getByRole('button', { name: '分析', exact: true }).click();
  await expect(page.getByText('+1 个')).toBeVisible();
  await expect(page.getByText('+10,000.00 元')).toBeVisible();
  await expect(page.getByRole('cell', { name: '案例2' })).toBeVisible();
});
