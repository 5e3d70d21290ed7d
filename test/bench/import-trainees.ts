import ExcelJS from 'exceljs';
import { openCore } from '../../electron/core/core';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { importList } from '../../electron/core/registry/service';
import { TRAINEE_HEADERS, traineeRow, xlsxOf } from '../helpers/sheets';
import { type AsyncBenchmark, BENCH_ACTOR, scratchDir } from './harness';

// Importing a 100,000-row trainee xlsx (read, check every identifier, commit through the ledger)
// beside exceljs reading the same file and doing nothing else.
const COUNT = Number(process.env.BENCH_ROWS ?? 100_000);
let file: Uint8Array | null = null;

async function traineeFile(): Promise<Uint8Array> {
  file ??= await xlsxOf([{ name: '培训学员', rows: [TRAINEE_HEADERS, ...Array.from({ length: COUNT }, (_, i) => traineeRow(i, { 培训课程: `课程${i % 997}` }))] }]);
  return file;
}

export const importTrainees: AsyncBenchmark = {
  async: true,
  name: 'import.trainees',
  unit: 'rows/s',
  amount: COUNT,
  rounds: 2,
  async ours() {
    const bytes = await traineeFile();
    const scratch = scratchDir();
    const core = openCore({ dbPath: scratch.file('import.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench' });
    return {
      run: async () => {
        const report = await importList(core.ledger, BENCH_ACTOR, 'trainees', { fileName: 'trainees.xlsx', bytes }, true);
        if (report.new !== COUNT) throw new Error(`imported ${report.new} of ${COUNT}: ${report.errors[0]?.message}`);
      },
      teardown: () => {
        core.close();
        scratch.dispose();
      },
    };
  },
  async baseline() {
    const bytes = await traineeFile();
    return {
      run: async () => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      },
    };
  },
};
