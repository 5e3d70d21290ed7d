import type { Database } from 'better-sqlite3';

// A claim's objections and purchase records are read with every view of it, and its peers (the
// other live claims on its rule and year) with every submission and review. Without these
// indexes each read went through the whole table: the claims list and a batch of approvals grew
// with the square of the number of claims.
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX objection_claim ON objection (claim_id);
    CREATE INDEX claim_purchase_claim ON claim_purchase (claim_id);
    CREATE INDEX claim_rule_year ON claim (rule, year);
  `);
}
