import type { Locator, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';

// Spreadsheets the UI hands out, read back as a clerk's Excel would: the first sheet of a real xlsx.

export async function readXlsx(path: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** Clicks a button that downloads a spreadsheet, saves it under the test's output and reads it back. */
export async function downloadSheet(page: Page, button: Locator, path: string): Promise<ExcelJS.Worksheet> {
  const download = page.waitForEvent('download');
  await button.click();
  await (await download).saveAs(path);
  return readXlsx(path);
}
