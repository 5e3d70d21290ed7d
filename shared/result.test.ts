import { describe, expect, it } from 'vitest';
import { formatChineseDate, InvalidDateError } from './dates';
import { DomainError, domainErrorOf } from './result';

describe('domainErrorOf', () => {
  it('passes a domain error on with its code, message and details', () => {
    expect(domainErrorOf(new DomainError('STATE', '申报已公示', { no: 'SB2019-0001' }))).toEqual({ code: 'STATE', message: '申报已公示', details: { no: 'SB2019-0001' } });
  });

  it('lets an error from shared code that carries our code reach the clerk in Chinese, not as 程序内部错误', () => {
    let thrown: unknown;
    try {
      formatChineseDate('2019-02-30');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidDateError);
    expect(domainErrorOf(thrown)).toEqual({ code: 'VALIDATION', message: '不是有效日期：2019-02-30' });
  });

  it('treats anything else as a bug', () => {
    expect(domainErrorOf(new TypeError('x is undefined'))).toBeNull();
    expect(domainErrorOf(Object.assign(new Error('odd'), { code: 'ENOENT' }))).toBeNull();
    expect(domainErrorOf(Object.assign(new Error('odd'), { code: 'INTERNAL' }))).toBeNull();
    expect(domainErrorOf('a string')).toBeNull();
  });
});
