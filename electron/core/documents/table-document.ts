import { DomainError } from '../../../shared/result';

// What a printable table is: the input of renderTablePdf (re-exported from pdf.ts).
// Public notices (公示名单) and quarterly reports are all one titled table with an optional
// cover and closing paragraphs, so one shape serves every printed document.

export type PdfColumn = {
  header: string;
  /** Relative weight: columns share the usable width in proportion to it. */
  width: number;
  align?: 'left' | 'center' | 'right';
};

export type PdfTableDocument = {
  /** Big centred title on the first table page, e.g. '安丰县2019年农村电商奖补资金公示名单'. */
  title: string;
  /** Lines under the title (period, unit…). */
  subtitle?: string[];
  /** Optional separate cover page before the table (quarterly reports). */
  cover?: { title: string; lines: string[] };
  columns: PdfColumn[];
  /** Cell text; may contain Chinese, digits and long text that wraps inside the cell. */
  rows: string[][];
  /** Optional emphasised last row (合计), one cell per column. */
  totals?: string[];
  /** Paragraphs after the table (objection contact etc.). */
  footer?: string[];
  /** 落款 after the paragraphs, right-aligned as 公文 sign off: the issuing office, then the date. */
  signature?: string[];
  /** A4 either way; portrait by default. */
  orientation?: 'portrait' | 'landscape';
  author?: string;
  subject?: string;
  /** Written as CreationDate/ModDate, so the same input gives byte-identical output. */
  createdAt: Date;
};

/** Refuses a document that cannot be laid out, with a Chinese message naming the problem. */
export function assertValidTableDocument(doc: PdfTableDocument): void {
  const columnCount = doc.columns.length;
  if (columnCount === 0) {
    throw new DomainError('VALIDATION', '表格至少需要一列');
  }
  doc.columns.forEach((column, index) => {
    if (!Number.isFinite(column.width) || column.width <= 0) {
      throw new DomainError('VALIDATION', `第 ${index + 1} 列（${column.header}）的宽度必须是正数`, {
        column: index,
      });
    }
  });
  doc.rows.forEach((row, index) => {
    if (row.length !== columnCount) {
      throw new DomainError(
        'VALIDATION',
        `第 ${index + 1} 行有 ${row.length} 个单元格，但表头有 ${columnCount} 列`,
        { row: index },
      );
    }
  });
  if (doc.totals && doc.totals.length !== columnCount) {
    throw new DomainError('VALIDATION', `合计行有 ${doc.totals.length} 个单元格，但表头有 ${columnCount} 列`);
  }
  if (Number.isNaN(doc.createdAt.getTime())) {
    throw new DomainError('VALIDATION', '文档的生成日期无效');
  }
}

/** Every string that will be printed, with where it comes from (for error messages). */
export function* printedTexts(doc: PdfTableDocument): Generator<{ text: string; where: string }> {
  if (doc.cover) {
    yield { text: doc.cover.title, where: '封面标题' };
    for (const line of doc.cover.lines) yield { text: line, where: '封面' };
  }
  yield { text: doc.title, where: '标题' };
  for (const line of doc.subtitle ?? []) yield { text: line, where: '副标题' };
  for (const column of doc.columns) yield { text: column.header, where: '表头' };
  for (const [index, row] of doc.rows.entries()) {
    for (const cell of row) yield { text: cell, where: `第 ${index + 1} 行` };
  }
  for (const cell of doc.totals ?? []) yield { text: cell, where: '合计行' };
  for (const paragraph of doc.footer ?? []) yield { text: paragraph, where: '表后说明' };
  for (const line of doc.signature ?? []) yield { text: line, where: '落款' };
}
