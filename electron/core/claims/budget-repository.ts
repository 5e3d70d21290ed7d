import { z } from 'zod';
import type { Fund } from '../../../shared/domain/claims';
import { TraceStep } from '../../../shared/domain/rules';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';

// budget: each year's subsidy budget per fund as allotted (base and, for the special fund, the 上浮
// for poverty counties and flood-storage areas with the trace of that uplift). Written only by budget.set.

export type Budget = { year: number; fund: Fund; docNo: string; baseFen: number; upliftFen: number; upliftTrace: TraceStep[] };

export function upsertBudget(db: Db, b: Budget, seq: number): void {
  statement<[number, Fund, string, number, number, string, number]>(
    db,
    `INSERT INTO budget (year, fund, doc_no, base_fen, uplift_fen, uplift_trace, updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (year, fund) DO UPDATE SET doc_no = excluded.doc_no, base_fen = excluded.base_fen, uplift_fen = excluded.uplift_fen,
       uplift_trace = excluded.uplift_trace, updated_seq = excluded.updated_seq`,
  ).run(b.year, b.fund, b.docNo, b.baseFen, b.upliftFen, canonicalJson(b.upliftTrace), seq);
}

const Trace = z.array(TraceStep);

export function budgetOf(db: Db, year: number, fund: Fund): Budget | null {
  const row = statement<[number, Fund], { year: number; doc_no: string; base_fen: number; uplift_fen: number; uplift_trace: string }>(
    db,
    'SELECT year, doc_no, base_fen, uplift_fen, uplift_trace FROM budget WHERE year = ? AND fund = ?',
  ).get(year, fund);
  return row
    ? { year: row.year, fund, docNo: row.doc_no, baseFen: row.base_fen, upliftFen: row.uplift_fen, upliftTrace: parseJsonColumn(Trace, row.uplift_trace, `${year} 年度预算的上浮过程`) }
    : null;
}

/** Years with some fund's budget registered under its 下达文号. */
export function budgetYears(db: Db): number[] {
  return statement<[], { year: number }>(db, "SELECT DISTINCT year FROM budget WHERE doc_no <> '' ORDER BY year")
    .all()
    .map((r) => r.year);
}
