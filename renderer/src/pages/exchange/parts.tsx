import { DATA_FILES } from '../../../../shared/domain/exchange';
import { DATA_FILE_LABELS, journalRange } from './bundleText';

// Pieces the county's and the city's sides share: a bundle's files in words, and a key's
// fingerprint set large enough to read aloud on the phone.

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

const MONO = 'ui-monospace, Consolas, "Courier New", monospace';

/** 8 groups of 4 characters, spaced so two people can compare them group by group. */
export function Fingerprint({ value, large = false }: { value: string; large?: boolean }) {
  return (
    <span aria-label="公钥指纹" style={{ fontFamily: MONO, fontSize: large ? 24 : undefined, fontWeight: large ? 600 : undefined, wordSpacing: large ? 12 : 4, letterSpacing: large ? 2 : undefined }}>
      {value.split('-').join(' ')}
    </span>
  );
}
