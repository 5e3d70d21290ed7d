import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCore, type TempCore } from '../../../test/helpers/core';
import { SAME_ACCOUNT_SQL, SAME_NUMBER_SQL } from '../registry/repository';

// The fraud checks run on every submit and pass: they must look numbers up through an index, not
// read the whole subject table (about 90 ms a check at 100,000 subjects).

let core: TempCore;
beforeEach(() => {
  core = tempCore();
});
afterEach(() => core.dispose());

const plan = (sql: string, ...args: unknown[]) => (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);

describe('claim checks on a large registry', () => {
  it('find the same bank account and the same ID number or credit code through indexes', () => {
    const account = plan(SAME_ACCOUNT_SQL, '6217009024897076282', '张三', 's1');
    expect(account.join('\n')).toContain('USING INDEX subject_bank_account');
    const number = plan(SAME_NUMBER_SQL, '340422196012062256', '340422196012062256');
    expect(number.join('\n')).toContain('USING INDEX subject_id_number');
    expect(number.join('\n')).toContain('USING INDEX subject_uscc');
    for (const detail of [...account, ...number]) expect(detail).not.toMatch(/^SCAN subject/);
  });

  it('an enterprise and a buyer’s purchase records are found by credit code through the index', () => {
    const enterprise = plan("SELECT fields FROM subject WHERE list = 'enterprises' AND uscc = ?", '91340422MA2N0000X1');
    expect(enterprise.join('\n')).toContain('USING INDEX subject_uscc');
    for (const detail of enterprise) expect(detail).not.toMatch(/^SCAN subject/);
  });
});

describe('claim reads at county scale', () => {
  it('find a claim’s objections and purchase records, and its peers on a rule and year, through indexes (migration 0008)', () => {
    const details = [
      ...plan('SELECT * FROM objection WHERE claim_id = ? ORDER BY created_seq', 'C1'),
      ...plan('SELECT purchase_id FROM claim_purchase WHERE claim_id = ? ORDER BY purchase_id', 'C1'),
      ...plan("SELECT amount_fen AS a FROM claim WHERE rule = ? AND year = ? AND id <> ? AND amount_fen IS NOT NULL AND state IN ('submitted', 'approved')", 'training-subsidy', 2019, 'C1'),
    ].join('\n');
    expect(details).toContain('USING INDEX objection_claim');
    expect(details).toContain('USING INDEX claim_purchase_claim');
    // since 0011 the covering list index answers the peers too
    expect(details).toMatch(/USING (COVERING )?INDEX (claim_rule_year|claim_state|claim_year_state_rule_amount)/);
    expect(details).not.toMatch(/SCAN (objection|claim_purchase)\b/);
  });
});
