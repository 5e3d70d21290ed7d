import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '../../shared/result';
import { openCore } from '../core/core';
import { buildDemo, DEMO_NOW } from '../core/demo/demo';
import { demoClock } from '../core/demo/random';
import { APP_VERSION, DEFAULT_POLICY_DIR } from '../core/paths';
import { cliProgram, type Command, printJson, required, UsageError } from './io';

// `demo`: a new database holding a reproducible demo county (see electron/core/demo/).
// The same county, sizes and seed give the same registry, claims and quarters. The ledger's
// clock ticks one second per write from 2019-12-16, and "today" is 2020-04-10, so that 2019Q3
// and 2019Q4 are closed and ready to be exported as bundles.

function count(value: string | undefined, flag: string, min: number): number {
  const text = required(value, flag);
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`${flag} 应为不小于 ${min} 的整数，实为“${text}”`);
  return Number(text);
}

export const DEMO_COMMANDS: Record<string, Command> = {
  demo: {
    usage: 'demo --db FILE --county CODE --subjects N --claims N --seed S（新建演示数据库）',
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { db: { type: 'string' }, county: { type: 'string' }, subjects: { type: 'string' }, claims: { type: 'string' }, seed: { type: 'string' } },
      });
      const db = required(values.db, '--db');
      const county = required(values.county, '--county');
      if (!/^\d{6}$/.test(county)) throw new UsageError(`--county 应为 6 位区划代码，实为“${county}”`);
      const subjects = count(values.subjects, '--subjects', 50);
      const claims = count(values.claims, '--claims', 0);
      const seed = required(values.seed, '--seed');
      if (existsSync(db)) throw new DomainError('CONFLICT', `数据库文件「${db}」已存在：演示数据只写入新文件，请换一个文件名或先删除它`);
      mkdirSync(dirname(db), { recursive: true });
      const started = Date.now();
      const core = openCore({ dbPath: db, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: APP_VERSION, program: cliProgram(), actor: '演示数据生成', clock: demoClock(), now: () => DEMO_NOW });
      let built = false;
      try {
        const summary = await buildDemo(core, { county, subjects, claims, seed, now: DEMO_NOW, log: (message) => console.error(message) });
        built = true;
        printJson({ ok: true, db, ...summary });
        const accounts = summary.accounts.map((a) => a.username).join('、');
        console.error(
          `演示数据库已生成：${db}（${summary.county.name}，主体 ${summary.subjects} 个，申报 ${Object.values(summary.claims).reduce((s, n) => s + n, 0)} 条，` +
            `已关闭 ${summary.closedQuarters.join('、')}，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）。演示账号 ${accounts}，密码均为 ${summary.accounts[0]?.password}`,
        );
        return 0;
      } finally {
        core.close();
        // a half-built demo is of no use: the file goes, so the same command can simply be run again
        if (!built) for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
      }
    },
  },
};
