import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TASK_PART_LABELS } from '../../shared/domain/tasks';
import { LIGHT_LABELS, Quarter } from '../../shared/domain/progress';
import { generateQuarterReport } from '../core/progress/generate';
import { quarterView } from '../core/progress/service';
import { type Command, printJson, required, UsageError, withExistingCore } from './io';
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
      return withExistingCore(required(values.db, '--db'), async (core) => {
        const now = core.sessions.time();
        const view = quarterView({ db: core.db, today: chinaToday(now) }, quarter, core.actor.displayName, now.toISOString());
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
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, quarter: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
      const quarter = quarterArg(values.quarter);
      const format = required(values.format, '--format');
      if (format !== 'xlsx' && format !== 'pdf') throw new UsageError('--format 只能是 xlsx 或 pdf');
      const out = required(values.out, '--out');
      return withExistingCore(required(values.db, '--db'), async (core) => {
        const file = await generateQuarterReport(core, core.actor, quarter, format);
        writeFileSync(out, file.bytes);
        printJson({ ok: true, out, fileName: file.fileName, bytes: file.bytes.length, digest: file.digest });
        console.error(`已生成 ${out}（${file.fileName}）`);
        return 0;
      });
    },
  },
};
