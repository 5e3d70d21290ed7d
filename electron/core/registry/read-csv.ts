import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { DomainError } from '../../../shared/result';
import { type RawSheet, type ReadClock, SheetRows } from './sheet-rows';

// CSV in UTF-8 (with or without a BOM) or GBK, as Excel and WPS save it on Chinese Windows. A
// quote that never closes would swallow every following row into one cell: refused, naming the row.

const QUOTE_ERRORS: Record<string, string> = {
  MissingQuotes: '引号没有配对：从这一行开始的引号一直没有结束，后面的行会被并进一个单元格',
  InvalidQuotes: '引号位置不对：带引号的内容后面紧跟着其他字符',
};

function decodeText(fileName: string, bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'UTF-8' };
    } catch {
      throw new DomainError(
        'VALIDATION',
        `文件「${fileName}」开头标明是 UTF-8 编码，内容却不是 UTF-8（多半是 GBK 编码的文字）：编码不对，无法读取。请在 Excel/WPS 中打开后另存为“CSV UTF-8”或 .xlsx 再导入。`,
        { code: 'BAD_ENCODING' },
      );
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Windows Excel saves Chinese CSV in the system code page: GBK (GB18030 is its superset).
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'GBK' };
  }
}

export function csvSheet(fileName: string, bytes: Uint8Array, clock: ReadClock): RawSheet & { encoding: string } {
  const { text, encoding } = decodeText(fileName, bytes);
  if (text.includes('\u0000')) throw new DomainError('VALIDATION', `文件「${fileName}」不是文本格式的 CSV`, { code: 'NOT_SPREADSHEET' });
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const quoteErrors = parsed.errors.filter((e) => e.type === 'Quotes');
  if (quoteErrors.length > 0) {
    const errors = quoteErrors.map((e) => ({ row: (e.row ?? 0) + 1, message: QUOTE_ERRORS[e.code] ?? e.message }));
    const first = errors[0]!;
    throw new DomainError('VALIDATION', `CSV 文件「${fileName}」第 ${first.row} 行：${first.message}。请检查该行的引号后再导入。`, { code: 'CSV_QUOTES', errors });
  }
  const rows = new SheetRows(clock, 'CSV');
  parsed.data.forEach((cells, i) => rows.add(i + 1, cells));
  return { ...rows.sheet(), encoding };
}
