// Canonical JSON: object keys sorted by UTF-16 code units, no white space, numbers and strings
// as JSON.stringify writes them, undefined members dropped. The same value always gives the same
// bytes, so hashes and signatures over it are reproducible by anyone (the city included).
// Written as plain loops: it runs once per journal entry and is on the ledger's hot path.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`规范化 JSON 不接受非有限数值：${value}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`规范化 JSON 不接受 ${typeof value} 类型的值`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += canonicalJson(items[i]);
  }
  return `${out}]`;
}

function canonicalObject(record: Record<string, unknown>): string {
  const keys = sortedKeys(Object.keys(record));
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += memberPrefix(key);
    out += canonicalJson(member);
  }
  return `${out}}`;
}

// A write's entries are objects of a few shapes (a schema's, a list's fields), whose keys come in
// the same order each time: the sorted order of the last few key lists is kept, so an entry's
// objects are compared key by key with them instead of sorted again.
const RECENT_ORDERS = 16;
const recentOrders: { keys: string[]; sorted: string[] }[] = [];

function sortedKeys(keys: string[]): string[] {
  let inOrder = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      inOrder = false;
      break;
    }
  }
  if (inOrder) return keys;
  for (const known of recentOrders) {
    if (sameKeys(known.keys, keys)) return known.sorted;
  }
  const sorted = [...keys].sort();
  if (recentOrders.length >= RECENT_ORDERS) recentOrders.pop();
  recentOrders.unshift({ keys, sorted });
  return sorted;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// A payload's keys are the few names of its schema: each is quoted once, not once per entry.
const MEMBER_PREFIXES = new Map<string, string>();
const MAX_CACHED_KEYS = 4096;

function memberPrefix(key: string): string {
  let prefix = MEMBER_PREFIXES.get(key);
  if (prefix === undefined) {
    prefix = `${quote(key)}:`;
    if (MEMBER_PREFIXES.size < MAX_CACHED_KEYS) MEMBER_PREFIXES.set(key, prefix);
  }
  return prefix;
}

// Characters JSON.stringify would escape: quote, backslash, controls, and surrogates (which it
// escapes when unpaired). Strings without them are quoted as they are, as JSON.stringify would.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
