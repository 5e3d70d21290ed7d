import { CLAIM_STATES, type ClaimSort, type ClaimState } from '../../../shared/domain/claims';
import type { Db } from '../db/open';
import { placeholders, statement } from '../db/statements';

// The county's claims list, one page at a time: filter, sort, count and sum in one SQL query each,
// so 5,000 claims cost what 50 do. Reads claim and subject (written by their own repositories).

export type ClaimListFilter = {
  year?: number | undefined;
  query?: string | undefined;
  states?: readonly ClaimState[] | undefined;
  rule?: string | undefined;
  flagged?: boolean | undefined;
  month?: string | undefined;
  noticeId?: string | undefined;
};
export type ClaimListWindow = { sort?: ClaimSort | undefined; descending?: boolean | undefined; offset: number; limit: number };

type SummaryRow = {
  id: string;
  no: string;
  name: string;
  town: string | null;
  village: string | null;
  rule: string;
  year: number;
  state: ClaimState;
  amount_fen: number | null;
  flags: number;
  notice_id: string | null;
};

const like = (text: string) => `%${text.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;

function whereOf(filter: ClaimListFilter): { sql: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.year) (where.push('c.year = ?'), args.push(filter.year));
  if (filter.states?.length) (where.push(`c.state IN (${placeholders(filter.states.length)})`), args.push(...filter.states));
  if (filter.rule) (where.push('c.rule = ?'), args.push(filter.rule));
  if (filter.noticeId) (where.push('c.notice_id = ?'), args.push(filter.noticeId));
  if (filter.flagged === true) where.push("c.flags <> '[]'");
  if (filter.flagged === false) where.push("c.flags = '[]'");
  if (filter.month) {
    // approved_at is an instant (UTC): the month is China's, as on 首页's chart
    where.push("((c.state IN ('approved', 'paid') AND strftime('%Y-%m', c.approved_at, '+8 hours') = ?) OR substr(c.paid_on, 1, 7) = ?)");
    args.push(filter.month, filter.month);
  }
  const query = filter.query?.trim();
  if (query) {
    // Subject search text holds masked personal numbers (3404**********6273): a query with digits
    // matches the claim number, names and places only, so nobody can probe a number digit by digit.
    if (/\d/.test(query)) {
      where.push("(lower(c.no) LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\' OR s.town LIKE ? ESCAPE '\\' OR s.village LIKE ? ESCAPE '\\')");
      args.push(like(query), like(query), like(query), like(query));
    } else {
      where.push("(lower(c.no) LIKE ? ESCAPE '\\' OR s.search LIKE ? ESCAPE '\\')");
      args.push(like(query), like(query));
    }
  }
  return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', args };
}

/** ORDER BY for a column; rule titles sort by the pack's titles, states along the claim's path. */
function orderOf(window: ClaimListWindow, ruleOrder: readonly string[]): { sql: string; args: string[] } {
  const dir = window.descending ? 'DESC' : 'ASC';
  const rank = (column: string, values: readonly string[]) =>
    values.length ? { sql: `CASE ${column} ${values.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} ELSE ${values.length} END`, args: [...values] } : { sql: column, args: [] };
  const key: { sql: string; args: string[] } | null =
    window.sort === 'no' ? { sql: 'c.no', args: [] }
    : window.sort === 'subjectName' ? { sql: 's.name', args: [] }
    : window.sort === 'town' ? { sql: "coalesce(s.town, '')", args: [] }
    : window.sort === 'ruleTitle' ? rank('c.rule', ruleOrder)
    : window.sort === 'amount' ? { sql: 'coalesce(c.amount_fen, -1)', args: [] }
    : window.sort === 'state' ? rank('c.state', CLAIM_STATES)
    : window.sort === 'flags' ? { sql: 'json_array_length(c.flags)', args: [] }
    : null;
  if (!key) return { sql: ` ORDER BY c.created_seq ${dir}`, args: [] };
  return { sql: ` ORDER BY ${key.sql} ${dir}, c.created_seq ${dir}`, args: key.args };
}

type Sql = { sql: string; args: (string | number)[] };

/** The two statements behind a page: the filter's count and sum, and the page's rows (exported to pin their plans). */
export function claimPageSql(filter: ClaimListFilter, window: ClaimListWindow, ruleOrder: readonly string[]): { totals: Sql; rows: Sql } {
  const where = whereOf(filter);
  const from = ' FROM claim c JOIN subject s ON s.id = c.subject_id';
  // without a search, the count needs no subject: it is answered from claim's indexes alone
  const countFrom = filter.query?.trim() ? from : ' FROM claim c';
  const order = orderOf(window, ruleOrder);
  return {
    totals: { sql: `SELECT count(*) AS n, coalesce(sum(c.amount_fen), 0) AS fen${countFrom}${where.sql}`, args: where.args },
    rows: {
      sql: `SELECT c.id, c.no, s.name, s.town, s.village, c.rule, c.year, c.state, c.amount_fen, json_array_length(c.flags) AS flags, c.notice_id${from}${where.sql}${order.sql} LIMIT ? OFFSET ?`,
      args: [...where.args, ...order.args, window.limit, window.offset],
    },
  };
}

/**
 * One page of claims with the filter's count and amount total.
 * ruleOrder: rule ids in the order of their titles, for sorting by 奖补项目.
 */
export function claimPage(db: Db, filter: ClaimListFilter, window: ClaimListWindow, ruleOrder: readonly string[]): { rows: SummaryRow[]; total: number; totalFen: number } {
  const q = claimPageSql(filter, window, ruleOrder);
  const totals = statement<(string | number)[], { n: number; fen: number }>(db, q.totals.sql).get(...q.totals.args);
  const rows = statement<(string | number)[], SummaryRow>(db, q.rows.sql).all(...q.rows.args);
  return { rows, total: totals?.n ?? 0, totalFen: totals?.fen ?? 0 };
}
