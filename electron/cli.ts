import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '../shared/result';
import { openCore } from './core';
import { openDatabaseReadOnly } from './db/open';
import { ALL_EVENTS } from './events';
import { Ledger } from './ledger/ledger';
import { compareState, rebuildFromJournal } from './ledger/rebuild';
import { APP_VERSION, DEFAULT_POLICY_DIR } from './paths';

// `npm run -s cli -- <command>`: the same core for scripts and the city's IT staff.
// Results are JSON on stdout; messages for people are Chinese on stderr.
// Exit status: 0 success, 1 the check failed or the operation was refused, 2 wrong usage.

type Command = { usage: string; run: (args: string[]) => number };

const COMMANDS: Record<string, Command> = {
  init: {
    usage: 'init --db FILE [--policy DIR]',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, policy: { type: 'string' } } });
      const db = required(values.db, '--db');
      mkdirSync(dirname(db), { recursive: true });
      const core = openCore({ dbPath: db, seedPolicyDir: values.policy ?? DEFAULT_POLICY_DIR, appVersion: APP_VERSION });
      try {
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

class UsageError extends Error {}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`缺少参数 ${flag}`);
  return value;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function usage(): string {
  return ['用法：npm run -s cli -- <命令>', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

export function main(argv: string[]): number {
  const two = argv.slice(0, 2).join(' ');
  const [name, rest] = COMMANDS[two] ? [two, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = COMMANDS[name];
  if (!command) {
    console.error(name ? `未知命令：${name}\n${usage()}` : usage());
    return 2;
  }
  try {
    return command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n用法：npm run -s cli -- ${command.usage}`);
      return 2;
    }
    const message = error instanceof DomainError ? error.message : `出错：${(error as Error).message}`;
    printJson({ ok: false, error: { code: error instanceof DomainError ? error.code : 'INTERNAL', message } });
    console.error(message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
