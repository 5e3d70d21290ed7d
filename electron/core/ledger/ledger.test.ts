import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore, type TempCore } from '../../../test/helpers/core';
import { openDatabase } from '../db/open';
import { ALL_EVENTS } from '../events';
import { getTask } from '../tasks/repository';
import { canonicalJson } from './canonical';
import { checkedEntry, entryHash, entryHashOfBytes, GENESIS_HASH, Ledger, verifyJournal } from './ledger';
import { taskProgressRecorded } from '../tasks/events';
import { compareState, rebuildFromJournal } from './rebuild';

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

/** Edits the journal behind the app's back, as someone with a SQLite tool would. */
function tamper(path: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
  raw.prepare(sql).run(...params);
  raw.close();
}

/** A task edit as the journal recorded it before progress was kept by quarter (still replayed). */
function edit(no: number, fields: { progress?: string; status?: '未开始' | '推进中' | '已完成' | '滞后'; remark?: string }) {
  const before = core.db.prepare('SELECT progress, status, remark FROM task WHERE no = ?').get(no) as { progress: string; status: string; remark: string };
  core.ledger.append(core.actor.username, { kind: 'task.progress', entity: `task:${no}`, payload: { no, before: { ...before }, after: { ...before, ...fields } } });
  return getTask(core.db, no);
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: '中' }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"y":"中","z":1}]},"b":1}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
  });

  it('is the sorted encoding whatever shapes came before (the sorted orders it keeps are per key list, in order)', () => {
    // the plain definition: keys sorted at every depth, values as JSON.stringify writes them
    const reference = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(reference).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => `${JSON.stringify(k)}:${reference(x)}`)
              .join(',')}}`
          : JSON.stringify(v);
    // many shapes, each in two key orders, interleaved: more than the orders kept
    const shapes = Array.from({ length: 40 }, (_, i) => [`k${i}`, 'b', 'a', `z${i % 3}`]);
    for (let round = 0; round < 3; round++) {
      for (const keys of shapes) {
        for (const order of [keys, [...keys].reverse()]) {
          const value = Object.fromEntries(order.map((k, j) => [k, j % 2 ? { y: k, x: [j] } : k]));
          expect(canonicalJson(value)).toBe(reference(value));
        }
      }
    }
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(value) === reference(value)));
  });

  it('of a flat record is what JSON.stringify with sorted keys writes (how subjects’ fields were stored before)', () => {
    const text = fc.string({ unit: 'binary' });
    const record = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)));
    fc.assert(fc.property(record, (r) => canonicalJson(r) === JSON.stringify(r, Object.keys(r).sort())), { numRuns: 5000 });
  });
});

describe('the ledger', () => {
  it('seeds the policy pack through the journal on first start', () => {
    expect(core.ledger.count()).toBe(1 + 1 + 8 + 18); // the pack, its HMAC key, the counties, the tasks
    const first = core.ledger.recent(1000).at(-1);
    expect(first).toMatchObject({ seq: 1, kind: 'policy.loaded', actor: '系统初始化', prevHash: GENESIS_HASH });
  });

  it('appends hash-chained entries and updates state in the same write', () => {
    const before = core.ledger.readHead();
    const task = edit(3, { progress: '寿县已认定示范村2个' });
    const [entry] = core.ledger.recent(1);
    expect(entry).toMatchObject({ seq: before.seq + 1, kind: 'task.progress', entity: 'task:3', actor: '测试录入员', prevHash: before.hash });
    expect(entry?.payload).toEqual({
      no: 3,
      before: { progress: '', status: '未开始', remark: '' },
      after: { progress: '寿县已认定示范村2个', status: '未开始', remark: '' },
    });
    expect(task).toMatchObject({ progress: '寿县已认定示范村2个', revision: 1, updatedSeq: before.seq + 1 });
    const row = core.db.prepare('SELECT * FROM journal WHERE seq = ?').get(entry?.seq) as Parameters<typeof entryHash>[0] & { hash: string };
    expect(entryHash(row)).toBe(row.hash);
    // the same digest from the payload's bytes (Chinese text included), as the bundle export reads it
    expect(entryHashOfBytes(row, Buffer.from(row.payload, 'utf8'))).toBe(row.hash);
    expect(entryHashOfBytes(row, Buffer.from(row.payload.replace('2个', '3个'), 'utf8'))).not.toBe(row.hash);
    expect(core.ledger.verify()).toMatchObject({ ok: true, entries: before.seq + 1, headSeq: before.seq + 1, headHash: entry?.hash });
  });

  it('append returns the entry exactly as the journal holds it (built from the write, not read back)', () => {
    const task = getTask(core.db, 5)!;
    const returned = core.ledger.append(core.actor.username, {
      kind: 'task.progress',
      entity: 'task:5',
      payload: { no: 5, before: { progress: task.progress, status: task.status, remark: task.remark }, after: { progress: '「引号」与\\反斜杠', status: '推进中', remark: '' } },
    });
    expect(returned).toEqual(core.ledger.recent(1)[0]);
    const again = core.ledger.append(core.actor.username, { kind: 'task.progress', entity: 'task:5', payload: { no: 5, before: { progress: '「引号」与\\反斜杠', status: '推进中', remark: '' }, after: { progress: '二', status: '推进中', remark: '' } } });
    expect(again).toEqual(core.ledger.recent(1)[0]);
    expect(again.prevHash).toBe(returned.hash);
  });

  it('refuses UPDATE and DELETE of journal rows (triggers)', () => {
    expect(() => core.db.prepare("UPDATE journal SET actor = '别人' WHERE seq = 1").run()).toThrow(/只能追加，不能修改/);
    expect(() => core.db.prepare('DELETE FROM journal WHERE seq = 1').run()).toThrow(/只能追加，不能删除/);
  });

  it('a failed apply rolls back both the journal entry and the state', () => {
    const head = core.ledger.readHead();
    expect(() =>
      core.ledger.append('测试', {
        kind: 'task.progress',
        entity: 'task:99',
        payload: { no: 99, before: { progress: '', status: '未开始', remark: '' }, after: { progress: 'x', status: '推进中', remark: '' } },
      }),
    ).toThrow(/does not exist/);
    expect(core.ledger.readHead()).toEqual(head);
    expect(() => core.ledger.append('测试', { kind: 'task.progress', entity: 'task:1', payload: { no: 1 } })).toThrow(/内容无效/);
    expect(() => core.ledger.append('测试', { kind: 'no.such.kind', entity: 'x', payload: {} })).toThrow(/未知的台账记录类型/);
    expect(core.ledger.readHead()).toEqual(head);
    expect(core.ledger.verify().ok).toBe(true);
  });

  it('an outer transaction that fails takes every append inside it back', () => {
    const head = core.ledger.readHead();
    expect(() =>
      core.db.transaction(() => {
        edit(1, { progress: '甲' });
        edit(2, { progress: '乙' });
        throw new Error('中途失败');
      })(),
    ).toThrow('中途失败');
    expect(core.ledger.readHead()).toEqual(head);
    expect(core.db.prepare("SELECT count(*) AS c FROM task WHERE progress <> ''").get()).toEqual({ c: 0 });
  });

  it.each([
    ['a payload edited', (p: string) => tamper(p, `UPDATE journal SET payload = replace(payload, '寿县', '凤台') WHERE seq = 30`), 30, /哈希与内容不符/],
    ['an actor edited', (p: string) => tamper(p, "UPDATE journal SET actor = '他人' WHERE seq = 5"), 5, /哈希与内容不符/],
    ['a hash recomputed after an edit', (p: string) => {
      tamper(p, "UPDATE journal SET actor = '他人' WHERE seq = 5");
      const raw = new Database(p);
      const row = raw.prepare('SELECT * FROM journal WHERE seq = 5').get() as Parameters<typeof entryHash>[0];
      raw.prepare('UPDATE journal SET hash = ? WHERE seq = 5').run(entryHash(row));
      raw.close();
    }, 6, /前序哈希/],
    ['a row deleted', (p: string) => tamper(p, 'DELETE FROM journal WHERE seq = 10'), 10, /缺少第 10 条/],
    ['payload re-encoded', (p: string) => tamper(p, `UPDATE journal SET payload = ' ' || payload WHERE seq = 28`), 28, /规范编码/],
  ])('names the first bad seq when %s', (_name, doTamper, badSeq, reason) => {
    edit(3, { progress: '进展一' });
    edit(3, { progress: '寿县进展二' });
    edit(4, { remark: '备注' });
    core.close();
    doTamper(core.dbPath);
    const db = openDatabase(core.dbPath);
    const result = verifyJournal(db);
    db.close();
    expect(result).toMatchObject({ ok: false, firstBadSeq: badSeq });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('rebuilding the state from the journal alone equals the live tables', () => {
    edit(3, { progress: '示范村2个' });
    edit(3, { status: '推进中' });
    edit(10, { progress: '已认定', status: '已完成', remark: '人社局认定' });
    const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
    expect(compareState(core.db, rebuilt)).toEqual([]);
    // and the comparison can fail: a state change outside the ledger is caught
    core.db.prepare("UPDATE task SET remark = '偷改' WHERE no = 5").run();
    expect(compareState(core.db, rebuilt)).toEqual([{ table: 'task', live: 18, rebuilt: 18, firstDifferentRow: 4 }]);
    rebuilt.close();
  });

  it('gives the same hashes for the same entries (reproducible chain)', () => {
    const other = tempCore();
    try {
      expect(other.ledger.readHead()).toEqual(core.ledger.readHead());
    } finally {
      other.dispose();
    }
    const fresh = new Ledger(openDatabase(':memory:'), ALL_EVENTS, () => '2019-01-01T00:00:00.000Z');
    expect(fresh.readHead()).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(fresh.verify()).toEqual({ ok: true, entries: 0, headSeq: 0, headHash: GENESIS_HASH });
  });
});

describe('checked entries', () => {
  it('journal and apply a payload checked by its reader exactly as a parsed one, without parsing it again', () => {
    const payload = { no: 3, before: { progress: '', status: '未开始' as const, remark: '' }, after: { progress: '已对接', status: '推进中' as const, remark: '' } };
    const plain = new Ledger(core.db, ALL_EVENTS, () => '2019-10-01T00:00:00.000Z');
    plain.appendMany('甲', [{ kind: taskProgressRecorded.kind, entity: 'task:3', payload }]);
    const checkedPayload = { ...payload, before: payload.after, after: { progress: '已签约', status: '推进中' as const, remark: '' } };
    plain.appendMany('甲', [checkedEntry(taskProgressRecorded, 'task:3', checkedPayload)]);
    const [second, first] = plain.recent(2);
    expect(second?.payload).toEqual(checkedPayload);
    expect(second?.prevHash).toBe(first?.hash);
    expect(getTask(core.db, 3)?.progress).toBe('已签约');
    expect(plain.verify().ok).toBe(true);
    // replaying parses it like any entry: the state rebuilt from the journal is the same
    expect(compareState(core.db, rebuildFromJournal(plain, ALL_EVENTS))).toEqual([]);
  });

  it('refuses a checked entry whose kind the ledger does not know, writing nothing', () => {
    const stranger = { ...taskProgressRecorded, kind: 'task.unknown' };
    const before = core.ledger.count();
    expect(() => core.ledger.appendMany('甲', [checkedEntry(stranger, 'task:1', { no: 1, before: { progress: '', status: '未开始', remark: '' }, after: { progress: 'x', status: '推进中', remark: '' } })])).toThrow(/未知的台账记录类型/);
    expect(core.ledger.count()).toBe(before);
  });
});
