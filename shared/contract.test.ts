import { describe, expect, it } from 'vitest';
import { contract, isMethodName, METHOD_NAMES } from './contract';
import { describeIssues, LABELLED_FIELDS } from './validation';

describe('the contract', () => {
  it('declares input and output for every method', () => {
    expect(METHOD_NAMES).toContain('progress.saveText');
    expect(isMethodName('tasks.list')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it('accepts a good progress update and turns a bad one into Chinese naming the field', () => {
    const schema = contract['progress.saveText'].input;
    expect(schema.safeParse({ quarter: '2019Q4', task: 1, expectedRevision: 0, narrative: '已部署', problems: '' }).success).toBe(true);
    const bad = schema.safeParse({ quarter: '2019-4', task: 0, expectedRevision: -1, narrative: 5 });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    const { message, issues } = describeIssues(bad.error);
    expect(issues.map((i) => i.path).sort()).toEqual(['expectedRevision', 'narrative', 'quarter', 'task']);
    expect(message).toContain('季度：季度格式应为 2019Q4');
    expect(message).toContain('任务序号：不能小于 1');
    expect(message).toContain('进展情况：应为文本');
  });

  it('names the county plan’s fields in Chinese, never by their English keys', () => {
    const assign = contract['countyPlan.assign'].input.safeParse({ task: 3, part: '', unit: ' ', unitKind: 'town', deadline: '2019-13-01' });
    const removal = contract['countyPlan.unassign'].input.safeParse({ id: 'r1', reason: '' });
    expect(assign.success || removal.success).toBe(false);
    if (assign.success || removal.success) return;
    const messages = [describeIssues(assign.error).message, describeIssues(removal.error).message].join('；');
    expect(messages).toContain('责任单位：请填写责任单位');
    expect(messages).toContain('完成时限：');
    expect(messages).toContain('原因：请填写撤销原因');
    expect(messages).not.toMatch(/[A-Za-z]+：/);
  });

  it('names every field of every method’s input in Chinese, and lengths in a clerk’s words', () => {
    // walk each input schema (objects, unions, arrays, optionals, pipes) and collect its keys
    const keys = new Set<string>();
    const walk = (schema: unknown, depth: number): void => {
      const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
      if (!def || depth > 10) return;
      if (def.type === 'object') {
        for (const [key, inner] of Object.entries(def.shape as Record<string, unknown>)) {
          keys.add(key);
          walk(inner, depth + 1);
        }
      }
      for (const part of ['innerType', 'element', 'in', 'out', 'left', 'right', 'valueType']) walk(def[part], depth + 1);
      if (Array.isArray(def.options)) for (const option of def.options) walk(option, depth + 1);
    };
    for (const method of METHOD_NAMES) walk(contract[method].input, 0);
    expect(keys.size).toBeGreaterThan(50);
    expect([...keys].filter((k) => !LABELLED_FIELDS.has(k))).toEqual([]);

    const long = contract['accounts.create'].input.safeParse({ username: 'luru', displayName: '李'.repeat(33), roles: ['clerk'], password: 'x' });
    expect(long.success).toBe(false);
    if (long.success) return;
    const { message } = describeIssues(long.error);
    expect(message).toMatch(/姓名：最多 \d+ 个字/);
    expect(message).toContain('密码：');
    expect(message).not.toMatch(/[A-Za-z]+：|<=|字符串/);
  });

  it('recent entries are paged within limits', () => {
    const schema = contract['ledger.recent'].input;
    expect(schema.safeParse({ limit: 50 }).success).toBe(true);
    expect(schema.safeParse({ limit: 501 }).success).toBe(false);
    expect(schema.safeParse({ limit: 5, beforeSeq: 0 }).success).toBe(false);
  });
});
