// Line breaking for table cells and paragraphs in printed documents.
// Chinese text may break between any two characters, except that closing punctuation
// must not start a line and opening punctuation must not end one (GB/T 15834 practice);
// runs of ASCII (ID numbers, amounts, dates) stay whole unless wider than the line.

/** Width in points of `text` at font `size`; must be additive over concatenation. */
export type MeasureText = (text: string, size: number) => number;

const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉’”…%,.;:?!)]}·～']);
const NO_LINE_END = new Set([...'（《「『【〔〈‘“([{']);

// An ASCII run, a run of breakable spaces, or any single code point.
const TOKEN = /[!-~\u00C0-\u024F]+|[ ]+|./gsu;

/** Removes what a PDF cannot show and unifies line ends: tabs become spaces, controls go. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

/** Splits `text` into lines no wider than `maxWidth`; explicit newlines are kept. Never empty. */
export function wrapText(text: string, maxWidth: number, size: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  for (const paragraph of normalizeText(text).split('\n')) {
    lines.push(...wrapParagraph(paragraph, maxWidth, size, measure));
  }
  return lines;
}

function wrapParagraph(paragraph: string, maxWidth: number, size: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  const flush = (): void => {
    lines.push(line.trimEnd());
    line = '';
    width = 0;
  };
  for (const token of tokens(paragraph)) {
    const tokenWidth = measure(token, size);
    if (token.startsWith(' ')) {
      // A space never starts a wrapped line; one that does not fit just ends the line.
      if (line === '') continue;
      if (width + tokenWidth <= maxWidth) {
        line += token;
        width += tokenWidth;
      } else {
        flush();
      }
    } else if (width + tokenWidth <= maxWidth) {
      line += token;
      width += tokenWidth;
    } else if (tokenWidth <= maxWidth) {
      flush();
      line = token;
      width = tokenWidth;
    } else {
      // Wider than a whole line (a long account number in a narrow column): break anywhere.
      for (const char of token) {
        const charWidth = measure(char, size);
        if (line !== '' && width + charWidth > maxWidth) flush();
        line += char;
        width += charWidth;
      }
    }
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}

/** Breakable units, with forbidden line-start/line-end punctuation glued to its neighbour. */
function tokens(paragraph: string): string[] {
  const glued: string[] = [];
  for (const token of paragraph.match(TOKEN) ?? []) {
    const previous = glued[glued.length - 1];
    const isSpace = token.startsWith(' ');
    if (
      previous !== undefined &&
      !isSpace &&
      !previous.startsWith(' ') &&
      (NO_LINE_START.has(firstChar(token)) || NO_LINE_END.has(lastChar(previous)))
    ) {
      glued[glued.length - 1] = previous + token;
    } else {
      glued.push(token);
    }
  }
  return glued;
}

// Both punctuation sets are in the BMP, so comparing single UTF-16 units is enough.
function firstChar(text: string): string {
  return text.charAt(0);
}

function lastChar(text: string): string {
  return text.charAt(text.length - 1);
}
