import type { PdfColumn, PdfTableDocument } from './table-document';
import { wrapText, type MeasureText } from './text-wrap';

// Pure page layout of a table document: where every line of text, shading and rule goes.
// Laying out everything before drawing is what lets each page say "共 M 页" correctly and
// lets a row that does not fit move whole to the next page. Units are PDF points, with y
// growing downwards from the top of the page (as pdfkit draws).

export type TextRun = {
  kind: 'text';
  text: string;
  x: number;
  /** Top of the line box; the drawer centres the glyphs inside `lineHeight`. */
  y: number;
  size: number;
  lineHeight: number;
  emphasis: boolean;
};
export type Shade = { kind: 'shade'; x: number; y: number; width: number; height: number; color: string };
export type Rules = { kind: 'rules'; segments: [x1: number, y1: number, x2: number, y2: number][] };
export type PageItem = TextRun | Shade | Rules;
export type LaidOutPage = { items: PageItem[] };
export type TableLayout = { width: number; height: number; pages: LaidOutPage[] };

const MM = 72 / 25.4;
const A4 = { short: 595.28, long: 841.89 }; // pdfkit's 'A4', so layout and page agree
const MARGIN = 15 * MM;
const LINE = 1.35; // line height as a multiple of the font size
const BODY_SIZE = 10;
const TITLE_SIZE = 18;
const SUBTITLE_SIZE = 10.5;
const FOOTER_SIZE = 10.5;
const PAGE_NUMBER_SIZE = 9;
const COVER_TITLE_SIZE = 26;
const COVER_LINE_SIZE = 14;
const PAD_X = 3;
const PAD_Y = 2.5;
const HEADER_SHADE = '#e8e8e8';
const TOTALS_SHADE = '#f3f3f3';
export const EMPTY_TABLE_TEXT = '（无记录）';

type ColumnBox = { x: number; width: number; align: 'left' | 'center' | 'right' };
type RowStyle = 'header' | 'body' | 'totals';
type Row = { cells: string[][]; boxes: ColumnBox[]; style: RowStyle };

export function layoutTableDocument(doc: PdfTableDocument, measure: MeasureText): TableLayout {
  const landscape = doc.orientation === 'landscape';
  const width = landscape ? A4.long : A4.short;
  const height = landscape ? A4.short : A4.long;
  const left = MARGIN;
  const contentWidth = width - 2 * MARGIN;
  const top = MARGIN;
  const pageNumberTop = height - MARGIN - PAGE_NUMBER_SIZE * LINE;
  const bottom = pageNumberTop - 6; // keep clear of the page number line
  const lineHeight = BODY_SIZE * LINE;

  const pages: LaidOutPage[] = [];
  let items: PageItem[] = [];
  let y = top;
  const newPage = (): void => {
    items = [];
    pages.push({ items });
    y = top;
  };

  const centred = (text: string, size: number, at: number): TextRun => ({
    kind: 'text', text, x: left + (contentWidth - measure(text, size)) / 2, y: at, size, lineHeight: size * LINE, emphasis: false,
  });
  const centredBlock = (text: string, size: number): void => {
    for (const line of wrapText(text, contentWidth, size, measure)) {
      if (line !== '') items.push(centred(line, size, y));
      y += size * LINE;
    }
  };

  if (doc.cover) {
    newPage();
    y = top + (bottom - top) * 0.28;
    centredBlock(doc.cover.title, COVER_TITLE_SIZE);
    y += COVER_LINE_SIZE * 2;
    for (const line of doc.cover.lines) {
      centredBlock(line, COVER_LINE_SIZE);
      y += COVER_LINE_SIZE * 0.5;
    }
  }

  // The table: title block, then rows under a header that repeats on every page.
  newPage();
  centredBlock(doc.title, TITLE_SIZE);
  for (const line of doc.subtitle ?? []) centredBlock(line, SUBTITLE_SIZE);
  y += 6;

  const boxes = columnBoxes(doc.columns, left, contentWidth);
  const wrapCells = (cells: string[], inBoxes: ColumnBox[]): string[][] =>
    cells.map((cell, i) => wrapText(cell, (inBoxes[i]?.width ?? 0) - 2 * PAD_X, BODY_SIZE, measure));
  const headerBoxes = boxes.map((box) => ({ ...box, align: 'center' as const }));
  const header: Row = { cells: wrapCells(doc.columns.map((c) => c.header), headerBoxes), boxes: headerBoxes, style: 'header' };
  const rowHeight = (row: Row): number => Math.max(1, ...row.cells.map((lines) => lines.length)) * lineHeight + 2 * PAD_Y;

  const place = (row: Row, withTopRule: boolean): void => {
    const h = rowHeight(row);
    items.push(...rowItems(row, y, h, lineHeight, measure, withTopRule));
    y += h;
  };
  let bodyRowsOnPage = 0;
  const startTablePage = (): void => {
    newPage();
    place(header, true);
    bodyRowsOnPage = 0;
  };

  place(header, true);
  const bodyRows: Row[] = doc.rows.map((cells) => ({ cells: wrapCells(cells, boxes), boxes, style: 'body' }));
  if (doc.totals) bodyRows.push({ cells: wrapCells(doc.totals, boxes), boxes, style: 'totals' });
  if (bodyRows.length === 0) {
    const whole = [{ x: left, width: contentWidth, align: 'center' as const }];
    bodyRows.push({ cells: wrapCells([EMPTY_TABLE_TEXT], whole), boxes: whole, style: 'body' });
  }

  const roomOnFreshPage = bottom - top - rowHeight(header);
  for (const row of bodyRows) {
    const h = rowHeight(row);
    if (y + h > bottom && h <= roomOnFreshPage) {
      // Never split a row: the whole row moves to the next page, under a repeated header.
      startTablePage();
    }
    if (y + h <= bottom) {
      place(row, false);
    } else {
      // Only a row taller than a whole page gets here; it cannot stay whole, so it continues
      // across pages, starting on a page of its own.
      if (bodyRowsOnPage > 0) startTablePage();
      const tallest = Math.max(...row.cells.map((lines) => lines.length));
      for (let start = 0; start < tallest; ) {
        if (start > 0) startTablePage();
        const fit = Math.max(1, Math.floor((bottom - y - 2 * PAD_Y) / lineHeight));
        place({ ...row, cells: row.cells.map((lines) => lines.slice(start, start + fit)) }, false);
        start += fit;
      }
    }
    bodyRowsOnPage += 1;
  }

  // Closing paragraphs flow line by line; pages holding only them get no table header.
  y += 10;
  for (const paragraph of doc.footer ?? []) {
    for (const line of wrapText(paragraph, contentWidth, FOOTER_SIZE, measure)) {
      if (y + FOOTER_SIZE * LINE > bottom) newPage();
      if (line !== '') {
        items.push({ kind: 'text', text: line, x: left, y, size: FOOTER_SIZE, lineHeight: FOOTER_SIZE * LINE, emphasis: false });
      }
      y += FOOTER_SIZE * LINE;
    }
    y += 3;
  }
  // 落款: each line ends a little inside the right margin; the block never splits across pages
  const signature = doc.signature ?? [];
  if (signature.length > 0) {
    y += FOOTER_SIZE * LINE;
    if (y + signature.length * FOOTER_SIZE * LINE > bottom) newPage();
    const blockWidth = Math.max(...signature.map((line) => measure(line, FOOTER_SIZE)));
    for (const line of signature) {
      const x = left + contentWidth - FOOTER_SIZE * 2 - (blockWidth + measure(line, FOOTER_SIZE)) / 2;
      items.push({ kind: 'text', text: line, x, y, size: FOOTER_SIZE, lineHeight: FOOTER_SIZE * LINE, emphasis: false });
      y += FOOTER_SIZE * LINE;
    }
  }

  pages.forEach((page, index) => {
    const label = `第 ${index + 1} 页 共 ${pages.length} 页`;
    page.items.push({
      kind: 'text', text: label, x: left + (contentWidth - measure(label, PAGE_NUMBER_SIZE)) / 2,
      y: pageNumberTop, size: PAGE_NUMBER_SIZE, lineHeight: PAGE_NUMBER_SIZE * LINE, emphasis: false,
    });
  });
  return { width, height, pages };
}

function columnBoxes(columns: PdfColumn[], left: number, contentWidth: number): ColumnBox[] {
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  let x = left;
  return columns.map((column) => {
    const box = { x, width: (contentWidth * column.width) / total, align: column.align ?? 'left' };
    x += box.width;
    return box;
  });
}

function rowItems(row: Row, y: number, h: number, lineHeight: number, measure: MeasureText, withTopRule: boolean): PageItem[] {
  const items: PageItem[] = [];
  const first = row.boxes[0];
  const last = row.boxes[row.boxes.length - 1];
  if (!first || !last) return items;
  const right = last.x + last.width;
  if (row.style !== 'body') {
    items.push({ kind: 'shade', x: first.x, y, width: right - first.x, height: h, color: row.style === 'header' ? HEADER_SHADE : TOTALS_SHADE });
  }
  row.cells.forEach((lines, i) => {
    const box = row.boxes[i];
    if (!box) return;
    lines.forEach((line, n) => {
      if (line === '') return;
      const lineWidth = measure(line, BODY_SIZE);
      const x =
        box.align === 'right' ? box.x + box.width - PAD_X - lineWidth
        : box.align === 'center' ? box.x + (box.width - lineWidth) / 2
        : box.x + PAD_X;
      items.push({ kind: 'text', text: line, x, y: y + PAD_Y + n * lineHeight, size: BODY_SIZE, lineHeight, emphasis: row.style !== 'body' });
    });
  });
  const segments: Rules['segments'] = [[first.x, y + h, right, y + h]];
  if (withTopRule) segments.push([first.x, y, right, y]);
  for (const box of row.boxes) segments.push([box.x, y, box.x, y + h]);
  segments.push([right, y, right, y + h]);
  items.push({ kind: 'rules', segments });
  return items;
}
