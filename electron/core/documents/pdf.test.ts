import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/result';
import { BUNDLED_FONT_FILE, bundledFontLocations, findCjkFont, NO_CJK_FONT_MESSAGE, wellKnownCjkFontLocations, type CjkFont } from './fonts';
import { layoutTablePdf, renderTablePdf, type PdfTableDocument } from './pdf';

// Real PDFs, read back with pdf.js: what a clerk's viewer would extract from the file.

// The font the app ships (build/fonts/): no test depends on what the machine has installed.
const WQY = fileURLToPath(new URL(`../../../build/fonts/${BUNDLED_FONT_FILE}`, import.meta.url));
const SYSTEM_WQY = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const TOWNS = ['安丰镇', '曹庵镇', '孔店乡', '杨公镇'];
const MASKED_ID = '3404**********0012';
const HEADERS = ['序号', '主体名称', '身份证号', '乡镇', '奖补项目', '金额（元）'];
const TALL_TEXT =
  '农村电商服务站点建设补助，按照淮府办秘〔2019〕55号第三条第（二）款执行，站点验收合格后一次性拨付，' +
  '并按季度考核网销额与带动就业人数，考核不合格的停止拨付后续资金。';

let font: CjkFont;
beforeAll(() => {
  font = findCjkFont();
});

function row(i: number, project = '站点补助'): string[] {
  const code = `R${String(i).padStart(4, '0')}`;
  return [String(i), `${code}经营主体电商公司`, MASKED_ID, TOWNS[(i - 1) % TOWNS.length] ?? '', project, (i * 137.5).toFixed(2)];
}

function notice(rows: string[][], extra: Partial<PdfTableDocument> = {}): PdfTableDocument {
  return {
    title: '安丰县2019年农村电商奖补资金公示名单',
    subtitle: ['公示期：2019年12月1日至2019年12月7日'],
    columns: [
      { header: '序号', width: 0.6, align: 'center' },
      { header: '主体名称', width: 2.2 },
      { header: '身份证号', width: 2.1 },
      { header: '乡镇', width: 0.9 },
      { header: '奖补项目', width: 2.4 },
      { header: '金额（元）', width: 1.1, align: 'right' },
    ],
    rows,
    createdAt: new Date('2019-12-01T08:00:00Z'),
    ...extra,
  };
}

type ExtractedPage = { text: string; width: number; height: number };

/** Each page's text with all whitespace removed (pdf.js inserts spaces between runs). */
async function extractPages(bytes: Uint8Array): Promise<ExtractedPage[]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: ExtractedPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const strings = content.items.map((item) => ('str' in item ? item.str : ''));
    pages.push({ text: strings.join('').replace(/\s+/g, ''), width: viewport.width, height: viewport.height });
  }
  await pdf.destroy();
  return pages;
}

const squash = (cells: string[]): string => cells.join('').replace(/\s+/g, '');
const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
const HEADER_TEXT = squash(HEADERS);

describe('renderTablePdf', () => {
  it('paginates 120 rows with the header on every page, every row exactly once and page numbers', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(i + 1, i % 9 === 4 ? TALL_TEXT : '站点补助'));
    const pages = await extractPages(await renderTablePdf(notice(rows), font));

    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.text.startsWith(squash(['安丰县2019年农村电商奖补资金公示名单', '公示期：2019年12月1日至2019年12月7日']) + HEADER_TEXT)).toBe(true);
    for (const page of pages.slice(1)) expect(page.text.startsWith(HEADER_TEXT)).toBe(true);
    pages.forEach((page, index) => expect(page.text).toContain(`第${index + 1}页共${pages.length}页`));
    for (const cells of rows) {
      // A split row would match on no page; a duplicated one on two.
      const perPage = pages.map((page) => occurrences(page.text, squash(cells)));
      expect(perPage.reduce((a, b) => a + b, 0)).toBe(1);
    }
  });

  it('moves a row that wraps to several lines to the next page instead of splitting it', async () => {
    const probe = await extractPages(await renderTablePdf(notice(Array.from({ length: 120 }, (_, i) => row(i + 1))), font));
    const fitOnFirst = Array.from({ length: 120 }, (_, i) => row(i + 1)).filter((cells) => probe[0]?.text.includes(squash(cells))).length;
    expect(fitOnFirst).toBeGreaterThan(10);

    // One row short of a full first page, then a tall row: only a short row's room is left.
    const rows = [
      ...Array.from({ length: fitOnFirst - 1 }, (_, i) => row(i + 1)),
      row(fitOnFirst, TALL_TEXT),
      ...Array.from({ length: 10 }, (_, i) => row(fitOnFirst + 1 + i)),
    ];
    const pages = await extractPages(await renderTablePdf(notice(rows), font));
    const tall = squash(rows[fitOnFirst - 1] ?? []);
    expect(pages[0]?.text).not.toContain(TALL_TEXT.slice(0, 6));
    expect(pages[0]?.text).toContain(squash(rows[fitOnFirst - 2] ?? []));
    expect(pages[1]?.text.startsWith(HEADER_TEXT + tall)).toBe(true);

    // It really is a multi-line row: its project text takes at least four lines, all on page 2.
    const layout = layoutTablePdf(notice(rows), font);
    const tallLines = (index: number): number =>
      layout.pages[index]?.items.filter((item) => item.kind === 'text' && item.text.length > 3 && TALL_TEXT.includes(item.text)).length ?? 0;
    expect(tallLines(0)).toBe(0);
    expect(tallLines(1)).toBeGreaterThanOrEqual(4);
  });

  it('extracts Chinese text, masked IDs and amounts exactly', async () => {
    const [page] = await extractPages(await renderTablePdf(notice([row(1), row(2)], { totals: ['合计', '', '', '', '', '412.50'] }), font));
    expect(page?.text).toContain(MASKED_ID);
    expect(page?.text).toContain('安丰镇');
    expect(page?.text).toContain('R0001经营主体电商公司');
    expect(page?.text).toContain('合计412.50');
  });

  it('embeds a subset of the CJK font with a ToUnicode map and no standard font', async () => {
    const raw = Buffer.from(await renderTablePdf(notice([row(1)]), font)).toString('latin1');
    expect(raw).toMatch(/\/FontFile[23] /);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
    expect(raw).toContain('/ToUnicode');
    expect(raw).not.toContain('Helvetica');
  });

  it('gives identical bytes for the same input and dates the file from createdAt', async () => {
    const doc = notice(Array.from({ length: 30 }, (_, i) => row(i + 1)), { author: '安丰县商务局' });
    const first = await renderTablePdf(doc, font);
    const second = await renderTablePdf(doc, font);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(Buffer.from(first).toString('latin1')).toContain('(D:20191201080000Z)');

    const later = await renderTablePdf({ ...doc, createdAt: new Date('2019-12-02T08:00:00Z') }, font);
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
  });

  it('lays A4 out in landscape when asked', async () => {
    const [portrait] = await extractPages(await renderTablePdf(notice([row(1)]), font));
    const [landscape] = await extractPages(await renderTablePdf(notice([row(1)], { orientation: 'landscape' }), font));
    expect(portrait?.width).toBeCloseTo(595.28, 1);
    expect(portrait?.height).toBeCloseTo(841.89, 1);
    expect(landscape?.width).toBeCloseTo(841.89, 1);
    expect(landscape?.height).toBeCloseTo(595.28, 1);
  });

  it('puts a cover page first, counted in the page numbers, and the footer after the table', async () => {
    const doc = notice([row(1)], {
      cover: { title: '安丰县2019年第四季度农村电商工作报告', lines: ['安丰县商务局'] },
      footer: ['公示期内如有异议，请向县商务局书面反映，联系电话：0554-1234567。'],
    });
    const pages = await extractPages(await renderTablePdf(doc, font));
    expect(pages).toHaveLength(2);
    expect(pages[0]?.text).toBe('安丰县2019年第四季度农村电商工作报告安丰县商务局第1页共2页');
    expect(pages[1]?.text).toContain(HEADER_TEXT);
    expect(pages[1]?.text).toContain('联系电话：0554-1234567。第2页共2页');
  });

  it('continues a row taller than a whole page across pages, header repeated', async () => {
    const pages = await extractPages(await renderTablePdf(notice([row(1, TALL_TEXT.repeat(40))]), font));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.text).toContain(HEADER_TEXT);
  });

  it('prints an empty table as one “no records” row', async () => {
    const [page] = await extractPages(await renderTablePdf(notice([]), font));
    expect(page?.text).toContain(HEADER_TEXT + '（无记录）');
  });

  it('refuses characters the font cannot show instead of printing blanks', async () => {
    const rare = '𠮷'; // U+20BB7, outside WenQuanYi Micro Hei
    expect(wqyFace().hasGlyphForCodePoint(0x20bb7)).toBe(false);
    const attempt = renderTablePdf(notice([row(1), [...row(2).slice(0, 1), `${rare}氏电商公司`, ...row(2).slice(2)]]), font);
    await expect(attempt).rejects.toThrow(/缺少以下字符的字形.*𠮷.*第 2 行/);
  });

  it('refuses a row whose cell count differs from the columns', async () => {
    await expect(renderTablePdf(notice([['1', '只有两格']]), font)).rejects.toThrow('第 1 行有 2 个单元格，但表头有 6 列');
  });

  it('renders 1,000 rows quickly', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i + 1, i % 7 === 0 ? TALL_TEXT : '站点补助'));
    const started = performance.now();
    const bytes = await renderTablePdf(notice(rows), font);
    const elapsed = performance.now() - started;
    expect(bytes.length).toBeGreaterThan(0);
    // Generous bound for a 2-core CI machine; typical is well under two seconds.
    expect(elapsed).toBeLessThan(10_000);
  });
});

function wqyFace(): fontkit.Font {
  const face = fontkit.create(readFileSync(WQY), 'WenQuanYiMicroHei');
  if (!('glyphForCodePoint' in face)) throw new Error('expected a single face');
  return face;
}

describe('findCjkFont', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cjk-font-'));

  it('uses the font the app ships, whatever the machine has installed, and picks its face in the collection', () => {
    expect(findCjkFont()).toEqual({ path: WQY, postscriptName: 'WenQuanYiMicroHei' });
    expect(findCjkFont(null)).toEqual({ path: WQY, postscriptName: 'WenQuanYiMicroHei' });
    expect(findCjkFont('  ')).toEqual({ path: WQY, postscriptName: 'WenQuanYiMicroHei' });
  });

  it('finds the shipped font under the resources folder of the desktop build first', () => {
    const resources = mkdtempSync(join(tmpdir(), 'resources-'));
    const inResources = join(resources, 'build', 'fonts', BUNDLED_FONT_FILE);
    expect(bundledFontLocations(resources).map((l) => l.path)).toEqual([inResources, WQY]);
    expect(bundledFontLocations(undefined).map((l) => l.path)).toEqual([WQY]);
  });

  it('prefers a configured font file over the shipped one, and uses the shipped one when the configured file is gone', () => {
    // A county's own font file (here a copy of the shipped one, under another name and folder).
    const configured = join(scratch, 'county-font.ttc');
    copyFileSync(WQY, configured);
    expect(findCjkFont(configured)).toEqual({ path: configured, postscriptName: 'WenQuanYiMicroHei' });
    expect(findCjkFont(join(scratch, 'moved-away.ttf'))).toEqual({ path: WQY, postscriptName: 'WenQuanYiMicroHei' });
  });

  it('refuses a configured file that is not a font, naming it', () => {
    const notAFont = join(scratch, 'notes.ttf');
    writeFileSync(notAFont, '这不是字体文件');
    expect(() => findCjkFont(notAFont)).toThrow(DomainError);
    expect(() => findCjkFont(notAFont)).toThrow(`字体文件无法使用：${notAFont} 不是可识别的字体文件`);
  });

  it('refuses a configured font without Chinese glyphs, naming it', () => {
    // A real font file holding only the letter A (a subset of the Chinese font itself).
    const face = wqyFace();
    const subset = face.createSubset();
    subset.includeGlyph(face.glyphForCodePoint(0x41));
    const latinOnly = join(scratch, 'latin-only.ttf');
    writeFileSync(latinOnly, subset.encode());
    expect(() => findCjkFont(latinOnly)).toThrow(`字体文件无法使用：${latinOnly} 不含中文字形`);
  });

  it('says in Chinese what to do when the shipped font is missing and no font is installed anywhere', () => {
    const nowhere = [{ path: join(scratch, 'absent.ttc') }];
    expect(() => findCjkFont(undefined, nowhere)).toThrow(NO_CJK_FONT_MESSAGE);
    try {
      findCjkFont(undefined, nowhere);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('NOT_FOUND');
    }
  });

  it('searches Windows fonts first on Windows, under WINDIR', () => {
    const paths = wellKnownCjkFontLocations('win32', { WINDIR: 'D:\\WINDOWS' }).map((l) => l.path);
    expect(paths.slice(0, 3)).toEqual(['D:\\WINDOWS\\Fonts\\simhei.ttf', 'D:\\WINDOWS\\Fonts\\msyh.ttc', 'D:\\WINDOWS\\Fonts\\simsun.ttc']);
    const linux = wellKnownCjkFontLocations('linux', {}).map((l) => l.path);
    expect(linux[0]).toBe(SYSTEM_WQY);
    expect(linux.some((p) => p.includes('Windows'))).toBe(false);
  });
});
