import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { chinaToday, formatChineseDate } from '../../shared/dates';
import { usccCheckChar } from '../../shared/identifiers';
import { expect, signIn, signOut, test } from './fixtures';
import { api, apiSession, hostForFile, PROJECT_ROOT, type UserName } from './host';

// What the plan leaves to the county, in Debian's Chromium over the loopback host: a reading
// confirmed with who and when, a rate within the cap, the employment fund's budget beside the
// commerce fund's, the county's own plan with its responsibilities and progress by unit, a rate
// indicator's baseline turning its light, and the city's task shown as 市级牵头. At 1366×768, the
// smallest office screen the app is meant for.

const server = hostForFile(test);
const SCREEN = { width: 1366, height: 768 };

test.beforeAll(async () => {
  const session = await apiSession(server.host, 'admin');
  const configured = await api(server.host, 'install.configure', { role: 'county', county: '340422' }, session); // 寿县
  if (!configured.ok) throw new Error(configured.error?.message);
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(SCREEN);
});

async function open(page: Page, menu: string, user: UserName = 'admin') {
  await signIn(page, server.host.url, user);
  await page.getByRole('menuitem', { name: menu }).click();
}

/** Picks an option of an antd Select (the open dropdown's item, not another select's shown value). */
async function pick(page: Page, select: Locator, option: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Finds an option of a searchable antd Select by typing (its list renders only what is in view). */
async function search(page: Page, select: Locator, text: string) {
  await select.click();
  await select.fill(text);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** Types a date into an antd DatePicker; Tab (not Enter, which would submit the form) leaves it. */
async function chooseDate(picker: Locator, isoDate: string) {
  await picker.click();
  await picker.fill(isoDate);
  await picker.press('Tab');
  await expect(picker).toHaveValue(isoDate);
}

/** Waits for the toasts to close, so a screenshot shows the page rather than its last messages. */
async function settle(page: Page) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
}

const card = (page: Page, title: string) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: title }) });
const taskRow = (page: Page, no: number) => page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: String(no), exact: true }) });
const cell = (page: Page, no: number, column: string) => taskRow(page, no).locator(`[role="gridcell"][col-id="${column}"]`);

async function openQuarterTasks(page: Page) {
  await open(page, '任务分解表');
  await pick(page, page.getByRole('combobox', { name: '季度' }), '2019年第四季度');
  await expect(page.getByRole('grid')).toBeVisible();
  // the numbers and the county's part in each task are in 目标与完成
  await page.getByLabel('显示的列').getByText('目标与完成').click();
}

test('an administrator confirms a reading and sees who confirmed it; others see it read-only', async ({ page }) => {
  await open(page, '政策与规则');
  await page.getByRole('tab', { name: '本县解读与设置' }).click();
  const training = card(page, '「农村电商培训合格补贴」的频次');
  // what the plan does and does not say is the pack's explanation, never presented as the plan's words
  await expect(training.getByText('系统说明', { exact: true })).toBeVisible();
  await expect(training.getByText('方案原文')).toHaveCount(0);
  await expect(training.getByText(/二\(四\)“给予培训合格者1200元\/人补贴”/)).toBeVisible();
  await expect(training.getByLabel('「农村电商培训合格补贴」的频次状态')).toHaveText('默认，本县尚未确认');
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'readings.png') });

  await pick(page, training.getByRole('combobox', { name: '「农村电商培训合格补贴」的频次取值' }), '每年一次');
  await training.getByLabel('「农村电商培训合格补贴」的频次说明').fill('经2019年第9次局务会研究确定');
  await training.getByRole('button', { name: '确认' }).click();
  await expect(page.getByText('已确认：「农村电商培训合格补贴」的频次')).toBeVisible();
  const today = formatChineseDate(chinaToday(new Date()));
  await expect(training.getByLabel('「农村电商培训合格补贴」的频次状态')).toHaveText(`确认人 王管理，${today}`);
  await expect(training.getByRole('button', { name: '保存' })).toBeDisabled();
  // the rule it governs now pays as the county reads it, not as the pack's default
  await page.getByRole('tab', { name: '奖补规则' }).click();
  await expect(page.getByLabel('农村电商培训合格补贴频次')).toHaveText(`本县解读：每年一次（王管理 ${today}确认）`);
  await expect(page.getByLabel('农村电商培训合格补贴列支资金')).toHaveText('本县设置：就业补助资金（默认，本县尚未确认）');
  // a rate the county has not set pays nothing: the rule says so, not "the cap by default"
  await expect(page.getByRole('row').filter({ hasText: 'poverty-purchase' })).toContainText('按比例，上限 10%（比例由本县设定，未设定前申报不能提交）');
  await page.getByLabel('农村电商培训合格补贴频次').scrollIntoViewIfNeeded();
  await settle(page);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'rules-readings.png') });
  // and the choice is in the journal
  await page.getByRole('menuitem', { name: '账本校验' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'reading:frequency:training-subsidy' })).toContainText('设定本县解读或设置');

  await signOut(page);
  await open(page, '政策与规则', 'luru');
  await page.getByRole('tab', { name: '本县解读与设置' }).click();
  await expect(page.getByText('本县解读与设置由管理员或审批人确认或修改')).toBeVisible();
  const readOnly = card(page, '「农村电商培训合格补贴」的频次');
  await expect(readOnly.getByLabel('「农村电商培训合格补贴」的频次状态')).toHaveText(`确认人 王管理，${today}`);
  await expect(readOnly.getByRole('button')).toHaveCount(0);
  await expect(readOnly.getByLabel('「农村电商培训合格补贴」的频次说明')).toHaveValue('经2019年第9次局务会研究确定');
  await expect(readOnly.getByLabel('「农村电商培训合格补贴」的频次说明')).toBeDisabled();
});

test('the director sets a rate: above the cap is refused with the core’s reason, within it is shown', async ({ page }) => {
  await open(page, '政策与规则', 'shenpi');
  await page.getByRole('tab', { name: '本县分档与比例' }).click();
  const poverty = card(page, '收购贫困村贫困户产品补助');
  await expect(poverty.getByLabel('收购贫困村贫困户产品补助当前比例')).toHaveText('尚未设定：申报不能提交');
  await poverty.getByLabel('收购贫困村贫困户产品补助比例').fill('12');
  await poverty.getByRole('button', { name: '保存比例' }).click();
  await expect(page.getByText(/比例 12% 超过上限 10%/)).toBeVisible();
  await poverty.getByLabel('收购贫困村贫困户产品补助比例').fill('8');
  await poverty.getByRole('button', { name: '保存比例' }).click();
  await expect(page.getByText('「收购贫困村贫困户产品补助」比例已保存')).toBeVisible();
  await expect(poverty.getByLabel('收购贫困村贫困户产品补助当前比例')).toHaveText('本县已设定 8%');
  // the rule tester now uses it: 8% of 50,000
  await page.getByRole('tab', { name: '规则试算' }).click();
  await pick(page, page.getByLabel('规则', { exact: true }), '收购贫困村贫困户产品补助');
  await page.getByLabel('收购贫困村、贫困户农村产品金额').fill('50000');
  await page.getByRole('button', { name: '试算', exact: true }).click();
  await expect(page.getByLabel('试算结果').getByText('4,000.00 元', { exact: true })).toBeVisible();
});

test('the employment fund’s budget is registered beside the commerce fund’s and shown on 首页', async ({ page }) => {
  await open(page, '申报与拨付', 'shenpi');
  await page.getByRole('tab', { name: '预算' }).click();
  const employment = card(page, '就业补助资金');
  await expect(employment.getByText('尚未登记')).toBeVisible();
  await employment.getByLabel('就业补助资金下达文号').fill('寿人社〔2019〕12号');
  await employment.getByLabel('就业补助资金金额').fill('36,000');
  await employment.getByRole('button', { name: '保存预算' }).click();
  await expect(page.getByText('就业补助资金预算已登记')).toBeVisible();
  await expect(employment.getByText('寿人社〔2019〕12号')).toBeVisible();
  await expect(employment.locator('.ant-statistic').filter({ hasText: '预算合计' })).toContainText('36,000.00');
  await expect(employment.getByText('上浮')).toHaveCount(0); // 二(九)'s uplift is the commerce fund's alone
  const commerce = card(page, '电子商务发展专项资金');
  await commerce.getByLabel('电子商务发展专项资金下达文号').fill('淮商〔2019〕88号');
  await commerce.getByLabel('电子商务发展专项资金金额').fill('1000000');
  await commerce.getByRole('button', { name: '保存预算' }).click();
  await expect(page.getByText('电子商务发展专项资金预算已登记')).toBeVisible();
  await expect(commerce.locator('.ant-statistic').filter({ hasText: '上浮' })).toContainText('200,000.00'); // 寿县: +20%
  await settle(page);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'budgets-by-fund.png') });

  await page.getByRole('menuitem', { name: '首页' }).click();
  await pick(page, page.getByRole('combobox', { name: '季度' }), '2019年第四季度');
  const funds = page.getByLabel('奖补资金（按资金来源）');
  await expect(funds.getByRole('row').filter({ hasText: '就业补助资金' })).toContainText('寿人社〔2019〕12号');
  await expect(funds.getByRole('row').filter({ hasText: '就业补助资金' })).toContainText('36,000.00');
  await expect(funds.getByRole('row').filter({ hasText: '电子商务发展专项资金' })).toContainText('1,200,000.00');
  await expect(funds.getByRole('row').filter({ hasText: '合计' })).toContainText('1,236,000.00');
  await funds.scrollIntoViewIfNeeded();
  await settle(page);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'home-funds.png') });
});

test('the county’s plan is recorded, task 3 goes to a town, and its progress shows under that town', async ({ page }) => {
  await open(page, '本县方案');
  const plan = card(page, '细化方案');
  await expect(plan.getByText('本县尚未登记细化方案')).toBeVisible();
  await plan.getByLabel('细化方案文号').fill('寿政办〔2019〕45号');
  await plan.getByLabel('细化方案名称').fill('寿县农村电商优化升级工作实施细则');
  await chooseDate(plan.getByLabel('细化方案印发日期'), '2019-09-20');
  await plan.locator('input[type=file]').setInputFiles({ name: '实施细则.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 寿县实施细则') });
  await plan.getByRole('button', { name: '登记细化方案' }).click();
  await expect(page.getByText('本县细化方案已登记')).toBeVisible();
  const recorded = plan.getByLabel('本县细化方案');
  await expect(recorded).toContainText('寿政办〔2019〕45号');
  await expect(recorded).toContainText('2019年9月20日');
  const download = page.waitForEvent('download');
  await recorded.getByRole('button', { name: '下载「实施细则.pdf」' }).click();
  expect((await download).suggestedFilename()).toBe('实施细则.pdf');

  // the clerk gives out the tasks
  await signOut(page);
  await open(page, '本县方案', 'luru');
  await expect(page.getByText('细化方案由管理员或审批人登记')).toBeVisible();
  await page.getByRole('tab', { name: /责任分工/ }).click();
  const taskSelect = page.getByRole('combobox', { name: '分解的任务' });
  // each task offered with the county's part in it (a task of other counties alone is not offered)
  await taskSelect.click();
  await taskSelect.fill('统筹市级电子商务发展专项资金');
  await expect(page.locator('.ant-select-item-option').filter({ hasText: /^17\. .*（市级牵头）$/ })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await search(page, taskSelect, '寿县、凤台县培育电商示范村');
  await page.getByLabel('分解内容').fill('示范村 2 个');
  await page.getByLabel('责任单位').fill('寿春镇人民政府');
  await pick(page, page.getByRole('combobox', { name: '单位类别' }), '乡镇');
  await chooseDate(page.getByLabel('完成时限'), '2019-11-30');
  await page.getByRole('button', { name: '添加分工' }).click();
  await expect(page.getByText('第 3 项任务已分解到寿春镇人民政府')).toBeVisible();
  // a second one, then removed with its reason
  await search(page, taskSelect, '实施农村公路扩面延伸工程');
  await page.getByLabel('责任单位').fill('县交通运输局');
  await pick(page, page.getByRole('combobox', { name: '单位类别' }), '县直部门');
  await page.getByRole('button', { name: '添加分工' }).click();
  await expect(page.getByText('第 14 项任务已分解到县交通运输局')).toBeVisible();
  const responsibilities = page.getByLabel('责任分工', { exact: true });
  await expect(responsibilities.getByRole('row')).toHaveCount(3);
  await responsibilities.getByRole('button', { name: '撤销县交通运输局的第 14 项任务分工' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByText('原因：请填写撤销原因')).toBeVisible();
  await dialog.getByLabel('撤销原因').fill('改由市交通运输局统筹');
  await dialog.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByText('责任分工已撤销')).toBeVisible();
  await expect(responsibilities.getByRole('row')).toHaveCount(2);

  await page.getByRole('tab', { name: '按责任单位查看进度' }).click();
  await pick(page, page.getByRole('combobox', { name: '查看进度的季度' }), '2019年第四季度');
  const town = card(page, '寿春镇人民政府');
  await expect(town.getByText('乡镇', { exact: true })).toBeVisible();
  const row = town.getByRole('row').filter({ hasText: '3. 寿县、凤台县培育电商示范村' });
  await expect(row).toContainText('示范村 2 个');
  await expect(row).toContainText('2019年11月30日');
  await expect(row).toContainText('未填报');
  await expect(card(page, '县交通运输局')).toHaveCount(0);

  // 保障措施 under 二(八): amount in yuan, a contract with its file
  await page.getByRole('tab', { name: /保障措施/ }).click();
  await page.getByLabel('事项').fill('购买县级电商公共服务中心运营服务');
  await page.getByLabel('文号或合同编号').fill('SXCG-2019-018');
  await chooseDate(page.getByLabel('保障措施日期'), '2019-10-08');
  await page.getByLabel('金额（元）').fill('385,000.50');
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByText('「购买县级电商公共服务中心运营服务」已登记')).toBeVisible();
  const services = page.getByLabel('以政府购买服务方式提升农村电商公共服务', { exact: true });
  await expect(services.getByRole('row').filter({ hasText: 'SXCG-2019-018' })).toContainText('385,000.50');
  await services.locator('input[type=file]').setInputFiles({ name: '运营服务合同.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 合同') });
  await expect(page.getByText('已上传「运营服务合同.pdf」')).toBeVisible();
  const contract = page.waitForEvent('download');
  await services.getByRole('button', { name: '运营服务合同.pdf' }).click();
  expect((await contract).suggestedFilename()).toBe('运营服务合同.pdf');
  await page.getByRole('tab', { name: '按责任单位查看进度' }).click();
  await expect(town).toBeVisible();
  await settle(page);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'county-plan-by-unit.png') });
});

test('a baseline for the sales increase turns its light from 待时限判断; task 17 is 市级牵头', async ({ page }) => {
  await openQuarterTasks(page);
  await expect(cell(page, 17, 'light')).toHaveText('市级牵头');
  await expect(taskRow(page, 17).getByLabel('第 17 项任务本县角色')).toHaveText('市级牵头');
  await expect(taskRow(page, 3).getByLabel('第 3 项任务本县角色')).toHaveText('牵头');
  // the status filter offers the new lights even before any task has them
  await expect(page.getByLabel('按状态筛选')).toContainText('待时限判断 0 项');
  // at 1366 pixels every column of 目标与完成 is on the screen beside the menu, the county's part with them
  const details = await page.getByRole('columnheader', { name: '指标与附件' }).boundingBox();
  expect(details && details.x + details.width).toBeLessThanOrEqual(SCREEN.width);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'task-page-1366.png') });

  await taskRow(page, 1).getByRole('button', { name: '第 1 项任务的指标与附件' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.locator('.ant-table-row').filter({ hasText: '农村产品网络销售额同比增幅' })).toContainText('比率');
  await drawer.getByLabel('农村产品网络销售额同比增幅本季度数值').fill('20');
  await drawer.getByLabel('农村产品网络销售额同比增幅数据来源').fill('县统计局2019年网络零售监测快报');
  await drawer.getByRole('button', { name: '保存数值' }).click();
  await expect(page.getByText('「农村产品网络销售额同比增幅」已保存')).toBeVisible();
  await expect(drawer.getByLabel('状态原因')).toContainText('本县未登记基期值');
  await expect(drawer.locator('.ant-descriptions').getByText('待时限判断')).toBeVisible();

  await drawer.getByLabel('农村产品网络销售额同比增幅基期值', { exact: true }).fill('10');
  await drawer.getByRole('button', { name: '保存基期值' }).click();
  await expect(page.getByText('数据来源：请填写数据来源')).toBeVisible();
  // pressed again for the same reason: still one toast, not two stacked
  await drawer.getByRole('button', { name: '保存基期值' }).click();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '数据来源：请填写数据来源' })).toHaveCount(1);
  await drawer.getByLabel('农村产品网络销售额同比增幅基期值数据来源').fill('县统计局2019年8月网络零售监测');
  await drawer.getByRole('button', { name: '保存基期值' }).click();
  await expect(page.getByText('「农村产品网络销售额同比增幅」的基期值已保存')).toBeVisible();
  // on the deadline (the quarter's end) the path from 10% has reached the target 30%: 20% is behind it
  await expect(drawer.locator('.ant-descriptions').getByText('滞后')).toBeVisible();
  await expect(drawer.getByLabel('状态原因')).toContainText('自基期值 10% 起');
  await expect(drawer.getByText(/基期值 10%（县统计局2019年8月网络零售监测）/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(cell(page, 1, 'light')).toHaveText('滞后');

  // task 17's row says why it is judged as it is: the pack's own note, and the county's part
  await taskRow(page, 17).getByRole('button', { name: '第 17 项任务的指标与附件' }).click();
  await expect(drawer.getByText('本县角色')).toBeVisible();
  await expect(drawer.locator('.ant-descriptions').getByText('市级牵头').first()).toBeVisible();
  await expect(drawer.getByLabel('说明').getByText('系统说明')).toBeVisible();
  await expect(drawer.getByLabel('说明')).toContainText('早于方案印发日');
  await settle(page);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'task-drawer-17.png') });
  await page.keyboard.press('Escape');
  // task 2 counts new entities as the county reads 新培育: its note names the reading
  await taskRow(page, 2).getByRole('button', { name: '第 2 项任务的指标与附件' }).click();
  await expect(drawer.getByLabel('说明').getByText('本县解读', { exact: true })).toBeVisible();
  await expect(drawer.getByLabel('说明')).toContainText('默认，本县尚未确认');
});

test('entities founded after task 2’s deadline are shown beside the count, not in it', async ({ page }) => {
  const session = await apiSession(server.host, 'luru');
  const uscc = (n: number) => {
    const body = `91340422MA2T${String(n).padStart(5, '0')}`;
    return body + usccCheckChar(body)!;
  };
  const imported = await api(
    server.host,
    'registry.importTable',
    {
      list: 'enterprises',
      headers: ['企业名称', '统一社会信用代码', '乡镇', '成立日期'],
      rows: [
        ['寿县八公山电子商务有限公司', uscc(1), '八公山乡', '2019-10-10'],
        ['寿县正阳关农产品网销有限公司', uscc(2), '正阳关镇', '2019-11-05'],
        ['寿县瓦埠湖电商有限公司', uscc(3), '瓦埠镇', '2020-02-14'],
      ],
      commit: true,
    },
    session,
  );
  if (!imported.ok) throw new Error(imported.error?.message);

  await open(page, '任务分解表', 'luru');
  await pick(page, page.getByRole('combobox', { name: '季度' }), '2019年第四季度');
  await page.getByLabel('显示的列').getByText('目标与完成').click();
  await expect(cell(page, 2, 'actual')).toHaveText('新培育工商注册电商经营主体：2 个');
  // in 2020 the 2019 target is read at its deadline: the one founded in 2020 stands beside it
  await pick(page, page.getByRole('combobox', { name: '季度' }), '2020年第一季度');
  await expect(cell(page, 2, 'actual')).toHaveText('新培育工商注册电商经营主体：2 个（时限后另有 1 个，不计入）');
  await taskRow(page, 2).getByRole('button', { name: '第 2 项任务的指标与附件' }).click();
  const indicator = page.getByRole('dialog').locator('.ant-table-row').filter({ hasText: '新培育工商注册电商经营主体' });
  await expect(indicator).toContainText('2 个（时限后另有 1 个，不计入）');
});
