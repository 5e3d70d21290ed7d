import { MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, MAX_READ_SECONDS } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';
import { cellText } from './cells';

// The rows of one sheet as a reader collects them, bounded while they arrive: a row count, a
// column count and a cell length no office suite produces are refused at the row that crosses
// them, and so is a read that runs past its time, before the rest of the file is held.

export type TableRow = { rowNumber: number; cells: unknown[] };
export type RawSheet = { name: string; rows: TableRow[] };

/** Rows above the header a sheet may have (title rows): the header is looked for in the first 15. */
export const HEADER_SEARCH_ROWS = 15;

export type ReadClock = { fileName: string; deadline: number };

export const readClock = (fileName: string): ReadClock => ({ fileName, deadline: Date.now() + MAX_READ_SECONDS * 1000 });

export function checkClock(clock: ReadClock): void {
  if (Date.now() > clock.deadline) {
    throw new DomainError('VALIDATION', `读取文件「${clock.fileName}」超过 ${MAX_READ_SECONDS} 秒仍未完成，已停止：文件过大或已损坏，请分成几个文件导入`, { code: 'READ_TIMEOUT' });
  }
}

const isBlank = (cell: unknown) => cell === null || cell === undefined || cell === '';

const columnName = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : columnName(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26)));

export class SheetRows {
  readonly rows: TableRow[] = [];

  constructor(
    private readonly clock: ReadClock,
    readonly name: string,
  ) {}

  /** One row as read (cells from column A); blank rows are dropped. */
  add(rowNumber: number, cells: unknown[]): void {
    let last = cells.length - 1;
    while (last >= 0 && isBlank(cells[last])) last--;
    if (last < 0) return;
    const where = `文件「${this.clock.fileName}」工作表「${this.name}」第 ${rowNumber} 行`;
    if (last >= MAX_IMPORT_COLUMNS) {
      throw new DomainError('VALIDATION', `${where}有 ${last + 1} 列，超过 ${MAX_IMPORT_COLUMNS} 列的上限：请删去多余的列后再导入`, { code: 'TOO_MANY_COLUMNS' });
    }
    const kept = cells.length === last + 1 ? cells : cells.slice(0, last + 1);
    kept.forEach((cell, i) => {
      const text = typeof cell === 'string' ? cell : cell !== null && typeof cell === 'object' && !(cell instanceof Date) ? cellText(cell) : null;
      const length = typeof text === 'string' ? text.length : text && 'text' in text ? text.text.length : 0;
      if (length > MAX_CELL_CHARS) {
        throw new DomainError('VALIDATION', `${where}${columnName(i)} 列有 ${length} 个字符，超过单元格上限 ${MAX_CELL_CHARS} 个字符：文件已损坏或不是表格软件保存的`, { code: 'CELL_TOO_LONG' });
      }
    });
    if (this.rows.length >= MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS) {
      throw new DomainError('VALIDATION', `${where}：一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件导入`, { code: 'TOO_MANY_ROWS' });
    }
    if (this.rows.length % 1024 === 0) checkClock(this.clock);
    this.rows.push({ rowNumber, cells: kept });
  }

  sheet(): RawSheet {
    return { name: this.name, rows: this.rows };
  }
}
