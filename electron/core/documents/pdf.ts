import { readFileSync } from 'node:fs';
import type * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { DomainError } from '../../../shared/result';
import { openCjkFace, type CjkFont } from './fonts';
import { assertValidTableDocument, printedTexts, type PdfTableDocument } from './table-document';
import { layoutTableDocument, type PageItem, type TableLayout } from './table-layout';
import type { MeasureText } from './text-wrap';

// Renders a printable table (public notices, quarterly reports) to PDF with pdfkit.
// The Chinese font is embedded as a subset with a ToUnicode map, so the file looks the same
// on any machine and its text can be searched and extracted. Output is byte-for-byte
// deterministic: pdfkit derives the trailer /ID from the info dictionary (an MD5 of it) and
// the subset tag from the font's resource name, so fixing CreationDate/ModDate to
// `createdAt` leaves nothing that varies between runs.

export type { PdfColumn, PdfTableDocument } from './table-document';
export type { CjkFont } from './fonts';

const FONT_ALIAS = 'cjk';
const RULE_WIDTH = 0.6;

export async function renderTablePdf(doc: PdfTableDocument, font: CjkFont): Promise<Uint8Array> {
  assertValidTableDocument(doc);
  const bytes = readFontFile(font.path);
  const opened = openCjkFace(font.path, font.postscriptName, bytes);
  if (!opened.ok) throw new DomainError('VALIDATION', opened.message, { path: font.path });
  assertGlyphsPresent(doc, opened.face, font.path);

  const layout = layoutTableDocument(doc, advanceMeasure(opened.face));
  const orientation = doc.orientation ?? 'portrait';
  const pdf = new PDFDocument({
    autoFirstPage: false,
    // An empty default font stops pdfkit from loading Helvetica's metrics, which we never
    // use and which a bundled main process could not find on disk.
    font: '',
    size: 'A4',
    layout: orientation,
    margin: 0,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: doc.title,
      ...(doc.author === undefined ? {} : { Author: doc.author }),
      ...(doc.subject === undefined ? {} : { Subject: doc.subject }),
      Creator: '县域电商台账',
      Producer: 'PDFKit',
      CreationDate: doc.createdAt,
      ModDate: doc.createdAt,
    },
  });
  const output = collect(pdf);
  pdf.registerFont(FONT_ALIAS, bytes, opened.font.postscriptName);
  for (const page of layout.pages) {
    pdf.addPage({ size: 'A4', layout: orientation, margin: 0 });
    pdf.font(FONT_ALIAS);
    drawItems(pdf, page.items);
  }
  pdf.end();
  return output;
}

/** The page count and layout without drawing: for previews and tests of pagination. */
export function layoutTablePdf(doc: PdfTableDocument, font: CjkFont): TableLayout {
  assertValidTableDocument(doc);
  const opened = openCjkFace(font.path, font.postscriptName, readFontFile(font.path));
  if (!opened.ok) throw new DomainError('VALIDATION', opened.message, { path: font.path });
  return layoutTableDocument(doc, advanceMeasure(opened.face));
}

function drawItems(pdf: PDFKit.PDFDocument, items: PageItem[]): void {
  for (const item of items) {
    if (item.kind === 'shade') {
      pdf.rect(item.x, item.y, item.width, item.height).fill(item.color);
    } else if (item.kind === 'rules') {
      pdf.lineWidth(RULE_WIDTH).strokeColor('black');
      for (const [x1, y1, x2, y2] of item.segments) pdf.moveTo(x1, y1).lineTo(x2, y2);
      pdf.stroke();
    } else {
      pdf.fontSize(item.size).fillColor('black');
      // Centre the glyph box (ascender to descender) inside the layout's line box.
      const top = item.y + (item.lineHeight - pdf.currentLineHeight()) / 2;
      if (item.emphasis) {
        // Most CJK fonts ship without a bold face; a thin outline over the fill reads as bold.
        pdf.lineWidth(item.size * 0.035).strokeColor('black');
        pdf.text(item.text, item.x, top, { lineBreak: false, fill: true, stroke: true });
      } else {
        pdf.text(item.text, item.x, top, { lineBreak: false });
      }
    }
  }
}

/** Advance widths summed per code point: additive, fast, and what the wrapper needs. */
function advanceMeasure(face: fontkit.Font): MeasureText {
  const advances = new Map<number, number>();
  const unitsPerEm = face.unitsPerEm;
  return (text, size) => {
    let units = 0;
    for (const char of text) {
      const codePoint = char.codePointAt(0) ?? 0;
      let advance = advances.get(codePoint);
      if (advance === undefined) {
        advance = face.glyphForCodePoint(codePoint).advanceWidth;
        advances.set(codePoint, advance);
      }
      units += advance;
    }
    return (units * size) / unitsPerEm;
  };
}

/**
 * A character the font lacks would print as a blank box while the file still looks fine;
 * on a public notice that silently garbles a name, so it is refused with what is missing.
 */
function assertGlyphsPresent(doc: PdfTableDocument, face: fontkit.Font, path: string): void {
  const known = new Map<number, boolean>();
  const missing = new Map<string, string>();
  for (const { text, where } of printedTexts(doc)) {
    for (const char of text) {
      const codePoint = char.codePointAt(0) ?? 0;
      if (codePoint < 0x20 || codePoint === 0x7f) continue; // controls are dropped, not printed
      let present = known.get(codePoint);
      if (present === undefined) {
        present = face.hasGlyphForCodePoint(codePoint);
        known.set(codePoint, present);
      }
      if (!present && !missing.has(char)) missing.set(char, where);
    }
  }
  if (missing.size === 0) return;
  const listed = [...missing].slice(0, 10).map(([char, where]) => `“${char}”（${where}）`).join('、');
  throw new DomainError(
    'VALIDATION',
    `字体 ${path} 缺少以下字符的字形，打印后会显示为空白：${listed}。请在设置中换用字库更全的中文字体（如宋体 simsun.ttc）`,
    { missing: [...missing.keys()] },
  );
}

function readFontFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new DomainError('NOT_FOUND', `字体文件无法读取：${path}`, { path });
  }
}

function collect(pdf: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });
}
