import { describe, expect, it } from 'vitest';
import { SubjectFieldsSchema } from './registry';

// A subject's fields as journaled and stored: text, numbers, yes/no or empty, nothing else.
describe('subject fields', () => {
  it('accepts text, finite numbers, booleans and null, and keeps the object as it is', () => {
    const fields = { name: '王小二', age: 34, passed: true, village: null };
    const parsed = SubjectFieldsSchema.safeParse(fields);
    expect(parsed.success && parsed.data).toBe(fields);
  });

  it.each([
    ['a nested object', { name: '王小二', address: { town: '寿春镇' } }],
    ['a list', { name: '王小二', phones: ['13900000000'] }],
    ['NaN', { amount: Number.NaN }],
    ['an infinite number', { amount: Number.POSITIVE_INFINITY }],
    ['a value left undefined', { name: undefined }],
    ['a list instead of a record', ['王小二']],
    ['text instead of a record', '王小二'],
    ['null instead of a record', null],
  ])('refuses %s, in Chinese', (_what, value) => {
    const parsed = SubjectFieldsSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('主体字段的值只能是文本、数字、是否或空');
  });
});
