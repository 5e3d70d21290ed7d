import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR, PROJECT_ROOT } from '../electron/core/paths';

// Everything the pack shows as 方案原文 is in the plan, word for word. The plan's text lives beside
// the repository (../shared/policy), not in it: without it these tests skip and say so; with a
// different file (its SHA-256 differs from the one pack.json names) they fail.

const manifest = JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, 'pack.json'), 'utf8')) as { source: { file: string; sha256: string } };
const planPath = join(PROJECT_ROOT, '..', 'shared', 'policy', manifest.source.file);
const plan = existsSync(planPath) ? readFileSync(planPath) : null;
const skipped = plan ? '' : `（已跳过：本机没有方案原文 ${planPath}）`;

/** Whitespace is layout, not wording: the plan's text wraps lines where a quote does not. */
const normalise = (text: string) => text.replace(/\s+/g, '');

/** A quote may leave words out with “……”: each part must stand in the plan, in order. */
function findQuote(planText: string, quote: string): boolean {
  let from = 0;
  for (const part of normalise(quote).split('……').filter(Boolean)) {
    const at = planText.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

type Found = { file: string; path: string; text: string };

/** Every string under a key named `quote` in the pack's files, with where it stands. */
function quotesIn(value: unknown, file: string, path: string, out: Found[]): Found[] {
  if (Array.isArray(value)) value.forEach((v, i) => quotesIn(v, file, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'quote' && typeof v === 'string') out.push({ file, path: `${path}.${key}`, text: v });
      else quotesIn(v, file, `${path}.${key}`, out);
    }
  }
  return out;
}

const packFiles = readdirSync(DEFAULT_POLICY_DIR).filter((f) => f.endsWith('.json'));
const quotes = packFiles.flatMap((file) => quotesIn(JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, file), 'utf8')), file, '', []));

describe(`the plan’s words in the policy pack${skipped}`, () => {
  it.skipIf(!plan)('the plan text beside the repository is the one the pack was transcribed from (SHA-256 as pack.json says)', () => {
    expect(createHash('sha256').update(plan!).digest('hex')).toBe(manifest.source.sha256);
  });

  it.skipIf(!plan)(`every quote in the pack (${quotes.length}) is the plan’s text verbatim`, () => {
    const text = normalise(plan!.toString('utf8'));
    const missing = quotes.filter((q) => !findQuote(text, q.text)).map((q) => `${q.file}${q.path}：${q.text}`);
    expect(missing).toEqual([]);
    expect(quotes.length).toBeGreaterThan(40);
  });

  it.skipIf(!plan)('the words a reading cites from the plan (in “”) are the plan’s', () => {
    const text = normalise(plan!.toString('utf8'));
    const readings = (JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, 'readings.json'), 'utf8')) as { readings: { id: string; why: string }[] }).readings;
    const cited = readings.flatMap((r) => [...r.why.matchAll(/“([^”]+)”/g)].map((m) => ({ id: r.id, text: m[1]! })));
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => !findQuote(text, c.text)).map((c) => `${c.id}：${c.text}`)).toEqual([]);
  });

  it('finds a quote with an elision in order, and not out of order (the check itself can fail)', () => {
    const text = normalise('甲乙丙丁戊己庚');
    expect(findQuote(text, '甲乙……丁戊')).toBe(true);
    expect(findQuote(text, '丁戊……甲乙')).toBe(false);
    expect(findQuote(text, '乙 丙\n丁')).toBe(true);
    expect(findQuote(text, '乙丁')).toBe(false);
  });
});
