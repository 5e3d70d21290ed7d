import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_STATES, type ClaimPage, type ClaimPageQuery, type ClaimSummary } from '../../../shared/domain/claims';
import { callerFor, tempCore, type TempCore } from '../../../test/helpers/core';
import { buildDemo } from '../demo/demo';
import { claimView, ruleTitles } from './views';
import { claimRows } from './repository';
import { claimPageSql } from './list-repository';

// claims.page against a small demo county: the same rows the whole list would show, filtered,
// sorted and paged by the core's query, and a digit search that cannot probe a masked number.

let core: TempCore;
let call: ReturnType<typeof callerFor>;

beforeAll(async () => {
  core = tempCore();
  await buildDemo(core, { county: '340422', subjects: 200, claims: 160, seed: 42 });
  call = callerFor(core, core.sessions.open('demo-clerk'));
}, 120_000);
afterAll(() => core.dispose());

async function page(query: ClaimPageQuery): Promise<ClaimPage> {
  const r = await call('claims.page', query);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ClaimPage;
}

/** Every claim as the full views, the reference the page must agree with. */
function everyClaim() {
  const titles = ruleTitles(core.db);
  return claimRows(core.db).map((r) => claimView(core.db, r, titles));
}

describe('claims.page', () => {
  it('pages through every claim once, with the count and the amount total', async () => {
    const all = everyClaim();
    const seen: ClaimSummary[] = [];
    for (let offset = 0; ; offset += 50) {
      const p = await page({ offset, limit: 50 });
      expect(p.total).toBe(all.length);
      expect(p.totalFen).toBe(all.reduce((s, c) => s + (c.amountFen ?? 0), 0));
      seen.push(...p.rows);
      if (p.rows.length < 50) break;
    }
    expect(seen.map((c) => c.no)).toEqual(all.map((c) => c.no));
  });

  it('filters by state, rule, flags and year as the full views say', async () => {
    const all = everyClaim();
    const states = ['approved', 'paid'] as const;
    const byState = await page({ states: [...states], limit: 500 });
    expect(byState.rows.map((c) => c.no).sort()).toEqual(all.filter((c) => (states as readonly string[]).includes(c.state)).map((c) => c.no).sort());
    const rule = all[0]!.rule;
    const byRule = await page({ rule, limit: 500 });
    expect(byRule.total).toBe(all.filter((c) => c.rule === rule).length);
    expect(byRule.rows.every((c) => c.rule === rule && c.ruleTitle !== rule)).toBe(true);
    const flagged = await page({ flagged: true, limit: 500 });
    expect(flagged.total).toBe(all.filter((c) => c.flags.length > 0).length);
    expect((await page({ year: 2018 })).total).toBe(0);
  });

  it('searches by name, pinyin initials, claim number and town', async () => {
    const all = everyClaim();
    const target = all.find((c) => c.town && /[\u4e00-\u9fff]{2,}/.test(c.subjectName))!;
    const byName = await page({ query: target.subjectName, limit: 500 });
    expect(byName.rows.map((c) => c.no)).toContain(target.no);
    expect(byName.rows.every((c) => c.subjectName.includes(target.subjectName))).toBe(true);
    const byNo = await page({ query: target.no.toLowerCase() });
    expect(byNo.rows.map((c) => c.no)).toEqual([target.no]);
    const byTown = await page({ query: target.town!, limit: 500 });
    expect(byTown.total).toBe(all.filter((c) => c.town?.includes(target.town!) || c.village?.includes(target.town!) || c.subjectName.includes(target.town!)).length);
    const initials = core.db.prepare('SELECT search FROM subject WHERE id = ?').pluck().get(target.subjectId) as string;
    const pinyinInitials = initials.split(' ')[1]!;
    const byPinyin = await page({ query: pinyinInitials.toUpperCase(), limit: 500 });
    expect(byPinyin.rows.map((c) => c.no)).toContain(target.no);
  });

  it('does not find a claim by digits of a masked personal number', async () => {
    // subject search text holds masked numbers such as 3404**********6273: its last digits must not match
    const masked = core.db.prepare("SELECT s.search FROM claim c JOIN subject s ON s.id = c.subject_id WHERE s.search GLOB '*[*][*][*][*]*' LIMIT 1").pluck().get() as string | undefined;
    expect(masked).toBeDefined();
    const tail = /\*{4,}(\d{4})/.exec(masked!)![1]!;
    const found = await page({ query: tail, limit: 500 });
    expect(found.rows.every((c) => c.no.includes(tail) || c.subjectName.includes(tail))).toBe(true);
  });

  it('sorts by any column, both ways', async () => {
    const asc = await page({ sort: 'amount', limit: 500 });
    const amounts = asc.rows.map((c) => c.amountFen ?? -1);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    const desc = await page({ sort: 'amount', descending: true, limit: 500 });
    expect(desc.rows[0]!.amountFen).toBe(Math.max(...amounts));
    const byState = await page({ sort: 'state', limit: 500 });
    const ranks = byState.rows.map((c) => CLAIM_STATES.indexOf(c.state));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const byRule = await page({ sort: 'ruleTitle', limit: 500 });
    const titles = byRule.rows.map((c) => c.ruleTitle);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
    for (const sort of ['no', 'subjectName', 'town', 'flags'] as const) expect((await page({ sort, descending: true })).rows).toHaveLength(50);
  });

  it('counts and opens the first page from indexes, without reading every claim row', () => {
    const plan = (q: { sql: string; args: (string | number)[] }) => (core.db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const first = claimPageSql({ year: 2019 }, { offset: 0, limit: 50 }, []);
    expect(plan(first.totals)).toMatch(/COVERING INDEX claim_year_state_rule_amount/);
    expect(plan(first.rows)).toMatch(/INDEX claim_year_created/);
    expect(plan(first.rows)).not.toMatch(/TEMP B-TREE/);
    const approved = claimPageSql({ year: 2019, states: ['approved', 'paid'], rule: 'enterprise-10m' }, { offset: 0, limit: 50 }, []);
    expect(plan(approved.totals)).toMatch(/COVERING INDEX claim_year_state_rule_amount/);
  });

  it('refuses a bad query with a Chinese message naming the field', async () => {
    const r = await call('claims.page', { query: 'x'.repeat(61) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/搜索词最多 60 个字/);
    expect((await call('claims.page', { sort: 'bogus' })).ok).toBe(false);
  });
});
