import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core/core';
import { openDatabaseReadOnly } from '../core/db/open';
import { ALL_EVENTS } from '../core/events';
import { Ledger } from '../core/ledger/ledger';
import { compareState, rebuildFromJournal } from '../core/ledger/rebuild';
import { APP_VERSION, DEFAULT_POLICY_DIR } from '../core/paths';
import { configureInstallRole } from '../core/policy/service';
import { cliProgram, type Command, printJson, required, UsageError } from './io';

export const LEDGER_COMMANDS: Record<string, Command> = {
  init: {
    usage: 'init --db FILE [--policy DIR] [--county CODE | --city]',
    run(args) {
      const { values } = parseArgs({
        args,
        options: { db: { type: 'string' }, policy: { type: 'string' }, county: { type: 'string' }, city: { type: 'boolean' } },
      });
      const db = required(values.db, '--db');
      if (values.county && values.city) throw new UsageError('--county 与 --city 只能选一个');
      mkdirSync(dirname(db), { recursive: true });
      const core = openCore({ dbPath: db, seedPolicyDir: values.policy ?? DEFAULT_POLICY_DIR, appVersion: APP_VERSION, program: cliProgram() });
      try {
        if (values.county || values.city) {
          configureInstallRole(core.ledger, core.actor, values.city ? { role: 'city' } : { role: 'county', county: values.county ?? '' });
        }
        const head = core.ledger.readHead();
        printJson({ ok: true, db, entries: core.ledger.count(), headSeq: head.seq, headHash: head.hash });
        console.error(`数据库已就绪：${db}`);
      } finally {
        core.close();
      }
      return 0;
    },
  },
  'ledger verify': {
    usage: 'ledger verify --db FILE',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' } } });
      const db = openDatabaseReadOnly(required(values.db, '--db'));
      try {
        const ledger = new Ledger(db, ALL_EVENTS);
        const chain = ledger.verify();
        if (!chain.ok) {
          printJson(chain);
          console.error(`账本校验未通过：${chain.reason}`);
          return 1;
        }
        const rebuilt = rebuildFromJournal(ledger, ALL_EVENTS);
        const differences = compareState(db, rebuilt);
        rebuilt.close();
        printJson({ ...chain, stateMatchesJournal: differences.length === 0, differences });
        if (differences.length > 0) {
          console.error(`当前数据与账本记录不一致：${differences.map((d) => d.table).join('、')}`);
          return 1;
        }
        console.error(`账本完好：共 ${chain.entries} 条记录，当前数据与账本重放结果一致`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
};
