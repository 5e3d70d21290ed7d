import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TASK_PART_LABELS } from '../../shared/domain/tasks';
import { LIGHT_LABELS, Quarter } from '../../shared/domain/progress';
import { DomainError } from '../../shared/result';
import { localActor } from '../core/core';
import { generateQuarterReport, renderQuarterReport, type ReportFile } from '../core/progress/generate';
import { quarterState } from '../core/progress/repository';
import { quarterView } from '../core/progress/service';
import { type Command, printJson, required, UsageError, withExistingCore, withReadOnlyDb } from './io';
import { chinaToday } from '../../shared/dates';

// Quarterly progress from the command line: the quarter's figures as JSON, and its report as a
// file — the same snapshot and renderer the app uses, acting as the operating-system user.

function quarterArg(value: string | undefined): string {
  const parsed = Quarter.safeParse(required(value, '--quarter'));
  if (!parsed.success) throw new UsageError(`--quarter ${value}：${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export const PROGRESS_COMMANDS: Record<string, Command> = {
  progress: {
    usage: 'progress --db FILE --quarter 2019Q4',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, quarter: { type: 'string' } } });
      const quarter = quarterArg(values.quarter);
      // reading only: runs beside a program that holds the database
      return withReadOnlyDb(required(values.db, '--db'), async (db) => {
        const now = new Date();
        const view = quarterView({ db, today: chinaToday(now) }, quarter, localActor(), now.toISOString());
        printJson({
          quarter: view.quarter,
          asOf: view.asOf,
          state: view.state,
          digest: view.digest,
          tasks: view.tasks.map((t) => ({
            no: t.no,
            part: t.part ?? null,
            partLabel: t.part ? TASK_PART_LABELS[t.part] : null,
            status: t.light,
            statusLabel: LIGHT_LABELS[t.light],
            reason: t.reason,
            notes: t.notes ?? [],
            indicators: t.indicators.map((i) => ({
              id: i.id,
              label: i.label,
              unit: i.unit,
              target: i.target,
              actual: i.actual,
              after: i.after ?? null,
              status: i.light,
              statusLabel: LIGHT_LABELS[i.light],
            })),
          })),
        });
        console.error(`${view.label}：统计截至 ${view.asOf}，${view.state === 'closed' ? '已关闭' : '填报中'}`);
        return 0;
      });
    },
  },
  report: {
    usage: 'report --db FILE --quarter 2019Q4 --format xlsx|pdf --out F',
    async run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, quarter: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
      const quarter = quarterArg(values.quarter);
      const format = required(values.format, '--format');
      if (format !== 'xlsx' && format !== 'pdf') throw new UsageError('--format 只能是 xlsx 或 pdf');
      const out = required(values.out, '--out');
      const path = required(values.db, '--db');
      const written = (file: ReportFile, journaled: boolean) => {
        writeFileSync(out, file.bytes);
        printJson({ ok: true, out, fileName: file.fileName, bytes: file.bytes.length, digest: file.digest, journaled });
        console.error(`已生成 ${out}（${file.fileName}）${journaled ? '' : '；数据库正被其他程序使用，本次生成未记入账本'}`);
        return 0;
      };
      try {
        return await withExistingCore(path, async (core) => written(await generateQuarterReport(core, core.actor, quarter, format), true));
      } catch (error) {
        // A closed quarter's report is fixed: it may be rendered read-only beside the program holding the database.
        if (!(error instanceof DomainError) || error.code !== 'DB_BUSY') throw error;
        return withReadOnlyDb(path, async (db) => {
          if (quarterState(db, quarter)?.state !== 'closed') throw error;
          return written(await renderQuarterReport(db, new Date(), localActor(), quarter, format), false);
        });
      }
    },
  },
};
