import { describe, expect, it } from 'vitest';
import { ClaimFacts, isClaimFacts } from './claims';

// The one-pass check the city's recheck uses says yes and no exactly where ClaimFacts does.
describe('claim facts', () => {
  const cases: [string, unknown][] = [
    ['text and yes/no', { salesYuan: '1200000', certified: true }],
    ['empty', {}],
    ['text of 200 characters', { note: '字'.repeat(200) }],
    ['text of 201 characters', { note: '字'.repeat(201) }],
    ['a number', { salesYuan: 1200000 }],
    ['null', { salesYuan: null }],
    ['a nested object', { sales: { yuan: '1' } }],
    ['a list', ['1']],
    ['null instead of facts', null],
    ['text instead of facts', '1200000'],
  ];
  it.each(cases)('%s', (_what, value) => {
    expect(isClaimFacts(value)).toBe(ClaimFacts.safeParse(value).success);
  });
});
