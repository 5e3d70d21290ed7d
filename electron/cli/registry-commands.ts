import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { LIST_IDS, type ListId } from '../../shared/domain/registry';
import { DomainError } from '../../shared/result';
import { localActor, localPrincipal } from '../core/core';
import { openDatabase } from '../core/db/open';
import { ALL_EVENTS } from '../core/events';
import { Ledger } from '../core/ledger/ledger';
import { prepareImport, recordRejectsHandedOut } from '../core/registry/importing';
import { templateXlsx } from '../core/registry/xlsx';
import { type Command, printJson, required, UsageError } from './io';

function listId(value: string | undefined): ListId {
  const list = required(value, '--list');
  if (!(LIST_IDS as readonly string[]).includes(list)) throw new UsageError(`--list 只能是：${LIST_IDS.join('、')}`);
  return list as ListId;
}

export const REGISTRY_COMMANDS: Record<string, Command> = {
  import: {
    usage: `import --db FILE --list <${LIST_IDS.join('|')}> --file F [--commit] [--rejects REJECTS.xlsx]`,
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { db: { type: 'string' }, list: { type: 'string' }, file: { type: 'string' }, commit: { type: 'boolean' }, rejects: { type: 'string' } },
      });
      const list = listId(values.list);
      const file = required(values.file, '--file');
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new DomainError('NOT_FOUND', `文件「${file}」不存在或无法读取`);
      }
      const db = openDatabase(required(values.db, '--db'));
      try {
        const ledger = new Ledger(db, ALL_EVENTS);
        const by = localPrincipal(localActor());
        const source = { fileName: basename(file), bytes };
        const prepared = await prepareImport(ledger, list, source, values.commit === true);
        // The rejects file first: with --commit and no valid row the commit refuses, and the
        // clerk still needs the file to fix the rows.
        const rejects = values.rejects ? await prepared.rejectsFile() : null;
        if (values.rejects && rejects) {
          writeFileSync(values.rejects, rejects);
          recordRejectsHandedOut(ledger, by, list, source, prepared.report.rejects?.rows ?? 0);
        }
        const report = values.commit === true ? prepared.commit(by) : prepared.report;
        printJson({ rows: report.rows, new: report.new, updates: report.updates, errors: report.errors, warnings: report.warnings, committed: report.committed });
        console.error(
          report.committed
            ? `已导入 ${report.new + report.updates} 行（新增 ${report.new}，更新 ${report.updates}），${report.errors.length ? `${new Set(report.errors.map((e) => e.row)).size} 行未导入` : '没有错误'}`
            : `预检完成：新增 ${report.new}，更新 ${report.updates}，错误 ${new Set(report.errors.map((e) => e.row)).size} 行；未写入数据（加 --commit 写入）`,
        );
        return 0;
      } finally {
        db.close();
      }
    },
  },
  template: {
    usage: `template --list <${LIST_IDS.join('|')}> --out F.xlsx`,
    async run(args) {
      const { values } = parseArgs({ args, options: { list: { type: 'string' }, out: { type: 'string' } } });
      const list = listId(values.list);
      const out = required(values.out, '--out');
      writeFileSync(out, await templateXlsx(list));
      printJson({ ok: true, out });
      return 0;
    },
  },
};
