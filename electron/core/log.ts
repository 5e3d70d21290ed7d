import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The program's log: start and stop with versions, every refused call's code, every internal
// error with its stack. It never holds personal data: refusals are logged by code and method only
// (their messages may name a person), and whatever text does go in has every long run of digits
// (ID, bank and phone numbers) masked first, in case an error message carried one.

export type Log = {
  /** The file written to, or null for a log that writes nowhere (tests, the CLI). */
  readonly path: string | null;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
};

export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 5;

/** Masks what could be an ID, bank card, phone or account number (11 or more digits, maybe ending in X). */
export function redact(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])\d{11,}[Xx]?(?![0-9A-Za-z])/g, (run) => `[${run.length}位号码已遮挡]`);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** A log file in `dir` named `name`.log, rotated at `maxBytes` into name.1.log … name.{keep}.log. */
export function fileLog(dir: string, name: string, options: { maxBytes?: number; keep?: number } = {}): Log {
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const keep = options.keep ?? LOG_KEEP;
  const path = join(dir, `${name}.log`);
  const rotated = (n: number) => join(dir, `${name}.${n}.log`);
  const write = (level: string, text: string) => {
    try {
      mkdirSync(dir, { recursive: true });
      if (existsSync(path) && statSync(path).size >= maxBytes) {
        rmSync(rotated(keep), { force: true });
        for (let n = keep - 1; n >= 1; n--) if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
        renameSync(path, rotated(1));
      }
      appendFileSync(path, `${new Date().toISOString()} ${level} [${process.pid}] ${redact(text)}\n`);
    } catch {
      // A full disk or a read-only folder must not stop the program; the log is a help, not a record.
    }
  };
  return {
    path,
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message, error) => write('ERROR', error === undefined ? message : `${message}\n${describeError(error)}`),
  };
}

/** Writes to standard error (the CLI and tests), with the same masking. */
export const stderrLog: Log = {
  path: null,
  info: () => {},
  warn: (message) => console.error(redact(message)),
  error: (message, error) => console.error(redact(error === undefined ? message : `${message}\n${describeError(error)}`)),
};

/** Start-up line: which program, which versions, which files. */
export function startLine(program: string, versions: Record<string, string | number | null | undefined>, dbPath: string): string {
  const parts = Object.entries(versions)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  return `${program} 启动：${parts.join(' ')} 数据库=${dbPath}`;
}
