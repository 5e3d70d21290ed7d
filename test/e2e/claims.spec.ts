import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { idNumber } from '../helpers/sheets';
import { expect, signIn, signOut, test } from './fixtures';
import { api, apiSession, hostForFile } from './host';
import { downloadSheet } from './sheets';

// From application to payment in real Chromium, each step by its own person: the clerk records a
// service-point claim with evidence and submits; the reviewer acknowledges a flag and passes it;
// a 公示 batch is generated (its PDF read back), ends; the director approves; the payment file
// has the payee's full bank details; the payment is recorded; the history names every actor.
// And a self-approval is refused with the Chinese message.

const server = hostForFile(test);
const OPERATOR_ID = idNumber('340422', '19800101', 11);
const BANK = '6228480402564890018';

const day = (offset: number) => {
  const d = new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
};

test.beforeAll(async () => {
  const host = server.host;
  const admin = await apiSession(host, 'admin');
  const call = async (method: string, input: unknown, session = admin) => {
    const r = await api(host, method, input, session);
    if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
    return r.value as Record<string, unknown>;
  };
  await call('install.configure', { role: 'county', county: '340422' });
  await call('registry.importTable', {
    list: 'service-points',
    headers: ['网点名称', '乡镇', '村', '经营者', '经营者身份证号', '是否贫困村', '银行账号', '开户行', '年度', '农产品上行年网络销售额（元）'],
    rows: [
      ['花园村电商服务站', '安丰镇', '花园村', '陈小明', OPERATOR_ID, '是', BANK, '农业银行寿县支行', '2019', '50500'],
      ['双桥村电商服务站', '安丰镇', '双桥村', '周大力', idNumber('340422', '19750505', 12), '否', '6228480402564890026', '农业银行寿县支行', '2019', '90000'],
    ],
    commit: true,
  });
  await call('budget.set', { year: 2019, docNo: '淮商务〔2019〕120号', base: '100000' });
  // a second claim, entered and submitted by the administrator (who holds every role), passed by the reviewer
  const second = (await call('registry.list', { list: 'service-points', query: '双桥' })) as unknown as { id: string }[];
  const claim = await call('claims.create', { rule: 'service-point-sales', subjectId: second[0]!.id, year: 2019 });
  await call('claims.submit', { id: claim.id });
  await call('claims.pass', { id: claim.id }, await apiSession(host, 'shenhe'));
});

test('a service-point claim goes from the clerk to the payment, each step by its own person', async ({ page }, info) => {
  test.setTimeout(180_000);
  // 录入员: the claim with its evidence, submitted
  await signIn(page, server.host.url, 'luru');
  await page.getByRole('menuitem', { name: '申报与拨付' }).click();
  await page.getByRole('button', { name: '新建申报' }).click();
  // the list's sortable headers carry the same names: the form's fields are found in its dialog
  const form = page.getByRole('dialog');
  // a rule whose tiers the county has not set: the clerk is told before filling the form that 提交 would be refused
  await form.getByLabel('奖补项目').click();
  await page.locator('.ant-select-item-option', { hasText: '农村电商龙头企业一次性分档奖励' }).click();
  await expect(form.getByLabel('提交前须先设定')).toContainText('本县尚未设定「农村电商龙头企业一次性分档奖励」的分档标准，现在提交会被拒绝');
  await form.getByLabel('奖补项目').click();
  await page.locator('.ant-select-item-option', { hasText: '网点农产品上行销售奖励' }).click();
  await expect(form.getByLabel('提交前须先设定')).toHaveCount(0); // a fixed award needs no setting
  await form.getByLabel('受益主体').click();
  await form.getByLabel('受益主体').fill('hyc');
  await page.locator('.ant-select-item-option', { hasText: '花园村电商服务站' }).click();
  await expect(form.getByLabel('农产品上行年网络销售额')).toHaveValue('50500.00');
  await expect(form.getByRole('status').filter({ hasText: '人民币伍万零伍佰元整' })).toBeVisible();
  await page.getByRole('button', { name: '保存为草稿' }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByText('申报 SB2019-0002：花园村电商服务站')).toBeVisible();
  await drawer.locator('input[type=file]').setInputFiles({ name: '2019年网络销售流水.csv', mimeType: 'text/csv', buffer: Buffer.from('日期,金额\n2019-10-01,50500\n') });
  // people by name, not login: the attachment and the claim say 李录入
  await expect(drawer.getByText(/2019年网络销售流水\.csv（0\.0 KB，SHA-256 .*，李录入）/)).toBeVisible();
  await drawer.getByRole('button', { name: '提交' }).click();
  await expect(drawer.getByText('已提交', { exact: true }).first()).toBeVisible();
  await expect(drawer.getByText('10,000.00 元（人民币壹万元整）', { exact: true }).first()).toBeVisible();
  await expect(drawer.getByText('李录入 / 李录入', { exact: true })).toBeVisible();
  await page.locator('.ant-drawer-close').click();
  await signOut(page);

  // 审核员: the flag (1% over the 5万 threshold) needs a written acknowledgement
  await signIn(page, server.host.url, 'shenhe');
  await page.getByRole('menuitem', { name: '申报与拨付' }).click();
  await page.getByRole('cell', { name: 'SB2019-0002' }).click();
  await expect(drawer.getByRole('alert').getByText(/仅比门槛 50,000.00 元 高 1.0%/)).toBeVisible();
  await drawer.getByRole('button', { name: '审核通过' }).click();
  await page.getByLabel('核查说明').fill('已调取平台后台流水，与申报一致');
  await page.getByRole('button', { name: '确定' }).click();
  await expect(drawer.getByText('审核通过', { exact: true }).first()).toBeVisible();
  await page.locator('.ant-drawer-close').click();

  // 公示: both reviewed claims, a period that is already over, the PDF read back
  await page.getByRole('tab', { name: '公示' }).click();
  await page.getByLabel('待公示申报').getByRole('checkbox').first().check();
  await page.getByLabel('公示开始').fill(day(-10));
  await page.getByLabel('公示结束').fill(day(-4));
  await page.getByLabel('异议受理联系方式').fill('寿县商务局电商股 0554-4021234');
  await page.getByRole('button', { name: /生成公示（2 条）/ }).click();
  // ten days back is more than the 7-day setting: asked first
  await expect(page.getByText(/比今天早 10 天，超过设置的公示期 7 天/)).toBeVisible();
  await page.getByRole('button', { name: '确定生成' }).click();
  await expect(page.getByText(/已生成公示 GS2019-0001/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载公示PDF' }).click();
  const pdfPath = info.outputPath('公示.pdf');
  await (await download).saveAs(pdfPath);
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(pdfPath)) }).promise;
  expect(pdf.numPages).toBe(1);
  const text = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  expect(text).toContain(`${OPERATOR_ID.slice(0, 4)}**********${OPERATOR_ID.slice(-4)}`);
  expect(text).toContain('陈某某');
  expect(text).not.toContain(OPERATOR_ID);
  expect(text).toContain('寿县商务局电商股');
  // the period is over: the batch says so and asks to be ended
  await expect(page.getByText(/公示 GS2019-0001 的公示期已于 .* 届满/)).toBeVisible();
  await page.getByLabel('公示批次').getByRole('button', { name: '结束公示' }).click();
  await expect(page.getByText('公示 GS2019-0001 已结束')).toBeVisible();
  await signOut(page);

  // 审批人: approves; the payment file has the payee's bank account in full; the payment is recorded
  await signIn(page, server.host.url, 'shenpi');
  await page.getByRole('menuitem', { name: '申报与拨付' }).click();
  await page.getByRole('cell', { name: 'SB2019-0002' }).click();
  await drawer.getByRole('button', { name: '审批', exact: true }).click();
  await expect(drawer.getByText('金额已冻结')).toBeVisible();
  await page.locator('.ant-drawer-close').click();
  await page.getByRole('tab', { name: '拨付' }).click();
  const sheet = await downloadSheet(page, page.getByRole('button', { name: /下载拨付清单/ }), info.outputPath('拨付清单.xlsx'));
  const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map(String));
  expect(rows[0]).toEqual(expect.arrayContaining(['申报编号', '收款人', '证件号码', '银行账号', '开户行', '金额（元）']));
  expect(rows.find((r) => r[0] === 'SB2019-0002')).toEqual(expect.arrayContaining(['陈小明', OPERATOR_ID, BANK, '农业银行寿县支行', '10000', '人民币壹万元整']));
  await page.getByRole('textbox', { name: '申报编号' }).fill('SB2019-0002');
  await page.getByLabel('凭证号').fill('记-2019-12-031');
  await page.getByLabel('实付金额').fill('10000');
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByText('申报 SB2019-0002 已登记拨付')).toBeVisible();

  // the history names every step and who took it
  await page.getByRole('tab', { name: '申报' }).click();
  await page.getByRole('cell', { name: 'SB2019-0002' }).click();
  const history = drawer.getByLabel('全过程记录');
  // each step by the person's name, never the login
  for (const [action, actor] of [
    ['录入申报', '李录入'],
    ['上传证据文件', '李录入'],
    ['提交申报', '李录入'],
    ['审核通过', '张审核'],
    ['列入公示', '张审核'],
    ['公示结束', '张审核'],
    ['审批', '赵审批'],
    ['登记拨付', '赵审批'],
  ]) {
    await expect(history.locator('.ant-timeline-item', { hasText: action }).filter({ hasText: actor }).first()).toBeVisible();
  }
  await expect(history).not.toContainText('luru');
  await expect(history).not.toContainText('shenpi');
  await page.screenshot({ path: info.outputPath('claim-history.png') });
  await page.locator('.ant-drawer-close').click();
  await signOut(page);

  // the administrator entered and submitted SB2019-0001: approving it is refused, in Chinese
  await signIn(page, server.host.url, 'admin');
  await page.getByRole('menuitem', { name: '申报与拨付' }).click();
  await page.getByRole('cell', { name: 'SB2019-0001' }).click();
  await drawer.getByRole('button', { name: '审批', exact: true }).click();
  await expect(page.getByText('四眼原则：申报 SB2019-0001 由您录入或提交，不能由您审批')).toBeVisible();
  await expect(drawer.getByText('公示结束', { exact: true }).first()).toBeVisible();
});
