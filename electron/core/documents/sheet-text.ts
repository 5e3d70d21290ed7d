import { MAX_CELL_CHARS } from '../../../shared/limits';

// Text the app writes into spreadsheets it hands out: sheet names Excel accepts, and cell text
// that stays text whatever a clerk does with the file afterwards.

const SHEET_NAME_FORBIDDEN = /[*?:\\/[\]]/g;
/** Excel's limit on a sheet name's length. */
const SHEET_NAME_MAX = 31;

/**
 * A sheet name Excel, WPS and LibreOffice accept: the characters they forbid (* ? : \ / [ ])
 * become 、, at most 31 characters, never empty, never starting or ending with an apostrophe.
 */
export function sheetName(name: string): string {
  const cleaned = name.replace(SHEET_NAME_FORBIDDEN, '、').replace(/^'+|'+$/g, '').trim();
  return [...(cleaned || '工作表')].slice(0, SHEET_NAME_MAX).join('');
}

/** What makes a spreadsheet program read typed text as a formula (or a CSV reader split it). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet cannot turn into a live formula (=HYPERLINK(…), +cmd|' /C calc'!A0), even
 * when the sheet is edited or saved as CSV: a leading apostrophe, which survives both (a
 * quotePrefix style would not survive CSV). Our importer drops that apostrophe again.
 */
export function inertText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The apostrophe inertText added, taken off a cell read back in. */
export function withoutInertPrefix(text: string): string {
  return text.length > 1 && text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

const TRUNCATED = '…（超出单元格上限，已截断）';

/** A cell's text within Excel's 32,767 characters, said so where cut. */
export function withinCellLimit(text: string): string {
  return text.length <= MAX_CELL_CHARS ? text : text.slice(0, MAX_CELL_CHARS - TRUNCATED.length) + TRUNCATED;
}

/** A cell value ready to write: text made inert and within the cell limit; numbers, dates and empties as they are. */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' ? withinCellLimit(inertText(value)) : value;
}
