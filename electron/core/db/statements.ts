import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

// Prepared statements cached per connection: preparing is the expensive part of a small query.
// Typed by the caller's parameters and row: `statement<[string], AccountRow>(db, sql).get(name)`
// is an AccountRow or undefined, with no cast at the call site. The row type is the SQL's
// promise, checked by the repository's tests against real tables.
const caches = new WeakMap<Db, Map<string, Statement<unknown[], unknown>>>();

export function statement<Params extends unknown[] = unknown[], Row = unknown>(db: Db, sql: string): Statement<Params, Row> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare<unknown[], unknown>(sql);
    cache.set(sql, prepared);
  }
  return prepared as unknown as Statement<Params, Row>;
}

/** `?, ?, ?` for an IN list of n values (n > 0). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
