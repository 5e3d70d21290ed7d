import { DATA_FILES, type DataFileName } from '../../../../shared/domain/exchange';

// A bundle's files and journal segment in words, for the county's and the city's sides (kept out
// of parts.tsx, which exports components only, so Fast Refresh can swap those in place).

export const DATA_FILE_LABELS: Record<DataFileName, string> = {
  'progress.jsonl': '任务进展',
  'subjects.jsonl': '受益主体',
  'claims.jsonl': '申报',
  'payments.jsonl': '拨付',
  'journal.jsonl': '账本记录',
};

/** The journal segment a bundle carries, as a clerk reads it. */
export function journalRange({ fromSeq, headSeq }: { fromSeq: number; headSeq: number }): string {
  return headSeq > fromSeq ? `第 ${fromSeq + 1}–${headSeq} 条` : '无新增记录';
}

/** 任务进展 18 · 受益主体 0 · …, for table cells. */
export function rowsText(rows: Record<string, number>): string {
  return DATA_FILES.map((name) => `${DATA_FILE_LABELS[name]} ${rows[name] ?? 0}`).join(' · ');
}
