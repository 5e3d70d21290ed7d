import { DomainError } from '../../shared/result';
import { BUSY_MESSAGE, isBusyError } from '../core/db/open';
import { defaultDatabasePath } from '../core/paths';
import { type Command, printJson, setCommandName, UsageError } from './io';
import { BACKUP_COMMANDS } from './backup-commands';
import { DEMO_COMMANDS } from './demo-command';
import { EXCHANGE_COMMANDS } from './exchange-commands';
import { LEDGER_COMMANDS } from './ledger-commands';
import { POLICY_COMMANDS } from './policy-commands';
import { PROGRESS_COMMANDS } from './progress-commands';
import { REGISTRY_COMMANDS } from './registry-commands';

// `npm run -s cli -- <command>`: the same core for scripts and the city's IT staff.
// Results are JSON on stdout; messages for people are Chinese on stderr.
// Exit status: 0 success, 1 the check failed or the operation was refused, 2 wrong usage.

const COMMANDS: Record<string, Command> = { ...LEDGER_COMMANDS, ...POLICY_COMMANDS, ...REGISTRY_COMMANDS, ...PROGRESS_COMMANDS, ...EXCHANGE_COMMANDS, ...DEMO_COMMANDS, ...BACKUP_COMMANDS };

function usage(): string {
  return ['用法：npm run -s cli -- <命令>', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const [name, rest] = COMMANDS[two] ? [two, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = COMMANDS[name];
  if (!command) {
    console.error(name ? `未知命令：${name}\n${usage()}` : usage());
    return 2;
  }
  setCommandName(name);
  // without --db, the database in the data folder the desktop app and `npm run web` use
  const needsDb = command.usage.replace(/\[[^\]]*\]/g, '').includes('--db ');
  const args = needsDb && !rest.some((a) => a === '--db' || a.startsWith('--db=')) ? [...rest, '--db', defaultDatabasePath()] : rest;
  if (args !== rest) console.error(`数据库：${args.at(-1)}`);
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n用法：npm run -s cli -- ${command.usage}`);
      return 2;
    }
    const busy = isBusyError(error);
    const message = error instanceof DomainError ? error.message : busy ? BUSY_MESSAGE : `出错：${(error as Error).message}`;
    printJson({ ok: false, error: { code: error instanceof DomainError ? error.code : busy ? 'DB_BUSY' : 'INTERNAL', message } });
    console.error(message);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
