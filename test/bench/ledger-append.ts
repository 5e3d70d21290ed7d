import Database from 'better-sqlite3';
import { openCore } from '../../electron/core/core';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { taskProgressRecorded } from '../../electron/core/tasks/events';
import { type Benchmark, scratchDir } from './harness';

// 100,000 progress edits through the ledger (validate, canonicalise, hash, chain, insert, update
// the task row) against the same rows written with one raw prepared INSERT into a plain table.
const COUNT = 100_000;
const STATUSES = ['未开始', '推进中', '滞后'] as const;

function edits() {
  return Array.from({ length: COUNT }, (_, i) => {
    const no = (i % 18) + 1;
    return {
      kind: taskProgressRecorded.kind,
      entity: `task:${no}`,
      payload: {
        no,
        before: { progress: `第 ${i} 次之前的进展`, status: STATUSES[i % 3]!, remark: '' },
        after: { progress: `第 ${i} 次更新：示范村认定推进中`, status: STATUSES[(i + 1) % 3]!, remark: '基准测试' },
      },
    };
  });
}

export const ledgerAppend: Benchmark = {
  name: 'ledger.append',
  unit: 'entries/s',
  amount: COUNT,
  rounds: 5,
  ours() {
    const scratch = scratchDir();
    const inputs = edits();
    let core: ReturnType<typeof openCore>;
    return {
      setup: () => {
        core = openCore({ dbPath: scratch.file('ours.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'bench' });
      },
      run: () => {
        core.ledger.appendMany('基准测试', inputs);
      },
      teardown: () => {
        core.close();
        scratch.dispose();
      },
    };
  },
  baseline() {
    const scratch = scratchDir();
    const inputs = edits();
    let db: Database.Database;
    return {
      setup: () => {
        db = new Database(scratch.file('raw.db'));
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.exec('CREATE TABLE rows (seq INTEGER PRIMARY KEY, at TEXT, actor TEXT, kind TEXT, entity TEXT, payload TEXT)');
      },
      run: () => {
        const insert = db.prepare('INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)');
        db.transaction(() => {
          let seq = 0;
          for (const e of inputs) insert.run(++seq, new Date().toISOString(), '基准测试', e.kind, e.entity, JSON.stringify(e.payload));
        })();
      },
      teardown: () => {
        db.close();
        scratch.dispose();
      },
    };
  },
};
