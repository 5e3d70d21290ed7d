import { expect, signIn, test } from './fixtures';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idNumber, TRAINEE_HEADERS, traineeRow, xlsxOf } from '../helpers/sheets';
import { hostForFile, PROJECT_ROOT } from './host';
import { downloadSheet } from './sheets';

// 受益主体 in real Chromium: a template-shaped file with 3 good and 2 bad rows goes through the
// preview, is committed, shows 3 rows; the rejects file and the export are real xlsx files.

const server = hostForFile(test);

test('import 3 good and 2 bad rows: preview, commit, 3 rows in the grid, rejects file', async ({ page }, info) => {
  const file = info.outputPath('培训学员.xlsx');
  writeFileSync(
    file,
    await xlsxOf([
      {
        name: '培训学员',
        rows: [TRAINEE_HEADERS, traineeRow(1), traineeRow(2), traineeRow(3), traineeRow(4, { 身份证号: '360426199101010072' }), traineeRow(5, { 培训日期: '2019-02-30' })],
      },
    ]),
  );
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '受益主体' }).click();
  await page.getByRole('tab', { name: /培训学员/ }).click();

  const template = await downloadSheet(page, page.getByRole('button', { name: '下载导入模板' }), info.outputPath('template.xlsx'));
  expect(template.getRow(1).getCell(2).value).toBe('身份证号*');

  await page.locator('input[type=file]').setInputFiles(file);
  const dialog = page.getByRole('dialog', { name: '导入预览' });
  await expect(dialog.getByText('共 5 行：新增 3 行，更新 0 行，错误 2 行')).toBeVisible();
  await expect(dialog.getByText('第 5 行：「身份证号」身份证号校验位应为“1”，实为“2”')).toBeVisible();
  await expect(dialog.getByText(/第 6 行：「培训日期」“2019-02-30”不是有效日期/)).toBeVisible();

  const rejectsSheet = await downloadSheet(page, dialog.getByRole('button', { name: '下载未导入的行' }), info.outputPath('rejects.xlsx'));
  expect(rejectsSheet.rowCount).toBe(3);
  expect(rejectsSheet.getRow(1).values).toContain('错误原因');
  expect(String(rejectsSheet.getRow(2).getCell(TRAINEE_HEADERS.length + 2).value)).toContain('校验位');

  await dialog.getByRole('button', { name: '确认导入 3 行' }).click();
  await expect(page.getByText('已导入 3 行（新增 3，更新 0）')).toBeVisible();
  const grid = page.getByLabel('培训学员名单');
  await expect(grid.getByRole('row')).toHaveCount(4); // header + 3
  await expect(grid.getByRole('gridcell', { name: '3404**********0012' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '培训学员（3）' })).toBeVisible();
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'registry-trainees.png') });

  // pinyin initials find a name: 学员2 → xy2
  await page.getByLabel('搜索主体').fill('xy2');
  await page.getByLabel('搜索主体').press('Enter');
  await expect(grid.getByRole('row')).toHaveCount(2);
  await page.getByLabel('搜索主体').fill('');
  await page.getByLabel('搜索主体').press('Enter');
  await expect(grid.getByRole('row')).toHaveCount(4);

  // export what the grid shows: masked, and journaled
  const sheet = await downloadSheet(page, page.getByRole('button', { name: '导出当前表格' }), info.outputPath('export.xlsx'));
  expect(sheet.rowCount).toBe(4);
  expect(String(sheet.getRow(2).getCell(2).value)).toMatch(/^3404\*{10}\d{4}$/);
});

test('a block pasted from Excel is previewed and imported like a file', async ({ page }) => {
  await signIn(page, server.host.url);
  await page.getByRole('menuitem', { name: '受益主体' }).click();
  await page.getByRole('tab', { name: /^贫困户/ }).click();
  const tsv = ['户主姓名\t身份证号\t乡镇\t村', `刘大\t${idNumber('340422', '19600101', 1)}\t安丰镇\t花园村`, `陈二\t${idNumber('340422', '19650202', 2)}\t安丰镇\t花园村`].join('\n');
  // What Ctrl+V delivers: a paste event whose clipboard holds tab-separated text.
  await page.getByLabel('贫困户名单').evaluate(
    (el, text) => {
      const w = globalThis as unknown as { DataTransfer: new () => { setData(t: string, v: string): void }; ClipboardEvent: new (type: string, init: object) => unknown };
      const data = new w.DataTransfer();
      data.setData('text/plain', text);
      (el as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    tsv,
  );
  const dialog = page.getByRole('dialog', { name: '导入预览' });
  await expect(dialog.getByText('共 2 行：新增 2 行，更新 0 行，错误 0 行')).toBeVisible();
  await dialog.getByRole('button', { name: '确认导入 2 行' }).click();
  await expect(page.getByText('已导入 2 行（新增 2，更新 0）')).toBeVisible();
  await expect(page.getByRole('tab', { name: '贫困户（2）' })).toBeVisible();
  await expect(page.getByLabel('贫困户名单').getByRole('gridcell', { name: '刘大', exact: true })).toBeVisible();

  // double-click edits the cell (as the page's hint says) and the core saves it; no drawer opens
  const grid = page.getByLabel('贫困户名单');
  await expect(page.getByText('双击单元格（或选中后直接输入、按 F2 或 Enter）编辑')).toBeVisible();
  await grid.getByRole('gridcell', { name: '刘大', exact: true }).dblclick();
  const editor = grid.getByRole('textbox');
  await expect(editor).toBeVisible();
  await expect(page.getByRole('heading', { name: '修改记录' })).toHaveCount(0);
  await editor.fill('刘大明');
  await editor.press('Enter');
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: '刘大明', exact: true })).toBeVisible();

  // F2 edits too; Escape leaves the value as it was
  await grid.getByRole('gridcell', { name: '陈二', exact: true }).click();
  await page.keyboard.press('F2');
  await expect(grid.getByRole('textbox')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('textbox')).toHaveCount(0);

  // the drawer opens from the row's own 详情 button; its history names who changed what
  await grid.getByRole('button', { name: '刘大明的详情' }).click();
  await expect(page.getByRole('heading', { name: '修改记录' })).toBeVisible();
  await expect(page.getByText(/户主姓名：（空） → 刘大/)).toBeVisible();
  await expect(page.getByText(/户主姓名：刘大 → 刘大明/)).toBeVisible();
});
