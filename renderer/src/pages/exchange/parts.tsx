import { DATA_FILES, type DataFileName } from '../../../../shared/domain/exchange';

// Pieces the county's and the city's sides share: a bundle's files in words, and a key's
// fingerprint set large enough to read aloud on the phone.

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

/** One line per data file: 任务进展（progress.jsonl）18 行. */
export function FileRows({ rows, journal }: { rows: Record<string, number>; journal: { fromSeq: number; headSeq: number } }) {
  return (
    <div>
      {DATA_FILES.map((name) => (
        <div key={name}>
          {DATA_FILE_LABELS[name]}（{name}）{rows[name] ?? 0} 行{name === 'journal.jsonl' && `，${journalRange(journal)}`}
        </div>
      ))}
    </div>
  );
}

/** 任务进展 18 · 受益主体 0 · …, for table cells. */
export function rowsText(rows: Record<string, number>): string {
  return DATA_FILES.map((name) => `${DATA_FILE_LABELS[name]} ${rows[name] ?? 0}`).join(' · ');
}

const MONO = 'ui-monospace, Consolas, "Courier New", monospace';

/** 8 groups of 4 characters, spaced so two people can compare them group by group. */
export function Fingerprint({ value, large = false }: { value: string; large?: boolean }) {
  return (
    <span aria-label="公钥指纹" style={{ fontFamily: MONO, fontSize: large ? 24 : undefined, fontWeight: large ? 600 : undefined, wordSpacing: large ? 12 : 4, letterSpacing: large ? 2 : undefined }}>
      {value.split('-').join(' ')}
    </span>
  );
}
