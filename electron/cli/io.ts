import { existsSync, readFileSync } from 'node:fs';
import { type Core, openCore } from '../core/core';
import { type Db, openDatabaseReadOnly } from '../core/db/open';
import { APP_VERSION, DEFAULT_POLICY_DIR } from '../core/paths';
import { DomainError } from '../../shared/result';

// Shared by the CLI commands: JSON on stdout, Chinese on stderr, usage errors exit 2.

export type Command = { usage: string; run: (args: string[]) => number | Promise<number> };

export class UsageError extends Error {}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`缺少参数 ${flag}`);
  return value;
}

export function printJson(value: unknown, pretty = true): void {
  process.stdout.write(`${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DomainError('NOT_FOUND', `${what}文件「${path}」不存在或无法读取`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new DomainError('VALIDATION', `${what}文件「${path}」不是有效的 JSON：${(error as Error).message}`);
  }
}

let commandName = '';
/** The running command, named in the database's lock while it writes. */
export function setCommandName(name: string): void {
  commandName = name;
}
export function cliProgram(): string {
  return `命令行（npm run cli -- ${commandName}）`;
}

/**
 * Opens a database that must already exist (commands never create one by accident) for writing,
 * runs, closes. While another program holds the database this refuses with DB_BUSY naming it.
 */
export async function withExistingCore<T>(path: string, run: (core: Core) => T | Promise<T>): Promise<T> {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `数据库文件「${path}」不存在`);
  const core = openCore({ dbPath: path, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: APP_VERSION, program: cliProgram() });
  try {
    return await run(core);
  } finally {
    core.close();
  }
}

/** Opens an existing database read-only: reading commands run beside a program that holds it. */
export async function withReadOnlyDb<T>(path: string, run: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openDatabaseReadOnly(path);
  try {
    return await run(db);
  } finally {
    db.close();
  }
}
