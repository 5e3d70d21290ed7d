import { describe, expect, it } from 'vitest';
import { contract, isMethodName, METHOD_NAMES } from './contract';
import { describeIssues } from './validation';

describe('the contract', () => {
  it('declares input and output for every method', () => {
    expect(METHOD_NAMES).toContain('tasks.updateProgress');
    expect(isMethodName('tasks.list')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it('accepts a good progress update and turns a bad one into Chinese naming the field', () => {
    const schema = contract['tasks.updateProgress'].input;
    expect(schema.safeParse({ no: 1, expectedRevision: 0, progress: '已部署', status: '推进中', remark: '' }).success).toBe(true);
    const bad = schema.safeParse({ no: 0, expectedRevision: -1, status: '完成了', progress: 5 });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    const { message, issues } = describeIssues(bad.error);
    expect(issues.map((i) => i.path).sort()).toEqual(['expectedRevision', 'no', 'progress', 'status']);
    expect(message).toContain('任务序号：不能小于 1');
    expect(message).toContain('进展情况：必须是文本');
    expect(message).toContain('完成状态：只能是');
  });

  it('recent entries are paged within limits', () => {
    const schema = contract['ledger.recent'].input;
    expect(schema.safeParse({ limit: 50 }).success).toBe(true);
    expect(schema.safeParse({ limit: 501 }).success).toBe(false);
    expect(schema.safeParse({ limit: 5, beforeSeq: 0 }).success).toBe(false);
  });
});
