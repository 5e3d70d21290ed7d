import * as XLSX from '@e965/xlsx';
import { openCore } from '../../electron/core/core';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { importList } from '../../electron/core/registry/service';
import { TRAINEE_HEADERS, traineeRow } from '../helpers/sheets';
import { type AsyncBenchmark, BENCH_ACTOR, scratchDir } from './harness';

// The trainee import of import-trainees.ts from an Excel 97–2003 .xls (what WPS and older Excel
// save), beside SheetJS reading the same file and doing nothing else. The rows are the same
// generator's; an .xls sheet holds at most 65,536 rows, so it takes the first 65,535 of them.
const COUNT = Math.min(Number(process.env.BENCH_ROWS ?? 100_000), 65_535);
let file: Uint8Array | null = null;

function traineeXls(): Uint8Array {
  if (file) return file;
  const rows = [TRAINEE_HEADERS, ...Array.from({ length: COUNT }, (_, i) => traineeRow(i, { 培训课程: `课程${i % 997}` }))];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), '培训学员');
  file = new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xls' }));
  return file;
}

export const importTraineesXls: AsyncBenchmark = {
  async: true,
  name: 'import.trainees.xls',
  unit: 'rows/s',
  amount: COUNT,
  rounds: 2,
  async ours() {
    const bytes = traineeXls();
    const scratch = scratchDir();
    const core = openCore({ dbPath: scratch.file('import.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench' });
    return {
      run: async () => {
        const report = await importList(core.ledger, BENCH_ACTOR, 'trainees', { fileName: 'trainees.xls', bytes }, true);
        if (report.new !== COUNT) throw new Error(`imported ${report.new} of ${COUNT}: ${report.errors[0]?.message}`);
      },
      teardown: () => {
        core.close();
        scratch.dispose();
      },
    };
  },
  async baseline() {
    const bytes = traineeXls();
    return {
      run: async () => {
        XLSX.read(bytes, { type: 'array', dense: true });
      },
    };
  },
};
