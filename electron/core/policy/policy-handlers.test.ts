import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, signIn, tempCore, type TempCore } from '../../../test/helpers/core';
import { ALL_EVENTS } from '../events';
import { compareState, rebuildFromJournal } from '../ledger/rebuild';
import { DEFAULT_POLICY_DIR } from '../paths';

let core: TempCore;
let call: ReturnType<typeof callerFor>;
beforeEach(() => {
  core = tempCore();
  call = callerFor(core, signIn(core));
});
afterEach(() => core.dispose());

const enterprise = (sales: string) => ({
  id: 'e1',
  rule: 'enterprise-10m',
  year: 2019,
  subject: { type: 'enterprise', county: '340422' },
  facts: { ruralOnlineSales: sales },
});

describe('policy through the contract', () => {
  it('records which county this install belongs to, refusing unknown codes', async () => {
    expect(await call('install.get', {})).toEqual({ ok: true, value: { role: null, county: null } });
    expect(await call('install.configure', { role: 'county', county: '340499' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '区划代码「340499」不是政策包中的县区' },
    });
    expect(await call('install.configure', { role: 'county', county: '3404' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('区划代码应为 6 位数字') } });
    expect(await call('install.configure', { role: 'county', county: '340422' })).toMatchObject({ ok: true, value: { role: { role: 'county', county: '340422' }, county: { name: '寿县' } } });
    expect(await call('targets.list', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ county: '340422', task: 3, indicator: 'demo-villages', target: 6 })]) });
  });

  it('shows the active pack with its rules, parameters and digest', async () => {
    const view = await call('policy.get', {});
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    const v = view.value as { active: { digest: string }; rules: unknown[]; parameters: unknown[]; loaded: unknown[] };
    expect(v.rules).toHaveLength(12);
    expect(v.parameters.length).toBeGreaterThanOrEqual(17);
    expect(v.active.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(v.loaded).toHaveLength(1);
  });

  it('saves a tier table within the cap through the ledger, and the engine uses it', async () => {
    expect(await call('rules.evaluate', enterprise('30000000'))).toMatchObject({ ok: true, value: { eligible: true, amount: null, maxAmount: '1000000.00' } });
    const before = core.ledger.count();
    const saved = await call('policy.saveSetting', { type: 'tiers', rule: 'enterprise-10m', tiers: [{ atLeast: 1000000001, awardFen: 50000000 }] });
    expect(saved).toMatchObject({ ok: true, value: [{ rule: 'enterprise-10m' }] });
    expect(core.ledger.count()).toBe(before + 1);
    expect(await call('rules.evaluate', enterprise('30000000'))).toMatchObject({ ok: true, value: { eligible: true, amount: '500000.00' } });
    const rebuilt = rebuildFromJournal(core.ledger, ALL_EVENTS);
    expect(compareState(core.db, rebuilt)).toEqual([]);
    rebuilt.close();
  });

  it('refuses a tier table above the cap, naming rule and clause, and writes nothing', async () => {
    const before = core.ledger.count();
    const result = await call('policy.saveSetting', { type: 'tiers', rule: 'enterprise-10m', tiers: [{ atLeast: 1000000001, awardFen: 100000001 }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('「农村电商龙头企业一次性分档奖励」（二(二)）第 1 档奖励 1,000,000.01 元 超过上限 1,000,000.00 元') } });
    expect(core.ledger.count()).toBe(before);
  });

  it('lets the director (not only the administrator) set a rate within the cap; a clerk may not', async () => {
    const director = callerFor(core, signIn(core, '测试审批人', ['director']));
    const clerk = callerFor(core, signIn(core, '测试录入员', ['clerk']));
    const saved = await director('policy.saveSetting', { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 800 });
    expect(saved).toMatchObject({ ok: true, value: [{ type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 800 }] });
    expect(await director('policy.saveSetting', { type: 'rate', rule: 'purchase-cooperation', rateBasisPoints: 501 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('的比例 5.01% 超过上限 5%') },
    });
    expect(await clerk('policy.saveSetting', { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 500 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('runs a what-if with a parameter typed as a person would', async () => {
    const cases = ['39999', '40000', '50000'].map((s, i) => ({ id: `p${i}`, rule: 'service-point-sales', year: 2019, subject: { type: 'service-point', county: '340422' }, facts: { farmOnlineSales: s } }));
    const report = await call('rules.whatIf', { cases, overrides: [{ parameter: 'service-point-sales-threshold', value: '40000' }] });
    expect(report).toMatchObject({ ok: true, value: { delta: { eligible: 1, totalFen: 1_000_000 }, changed: [{ id: 'p1' }] } });
    expect(await call('rules.whatIf', { cases, overrides: [{ parameter: 'service-point-sales-threshold', value: '四万' }] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('网点农产品上行年网络销售额门槛') },
    });
  });

  it('loads a later pack from a folder, records its digest, and keeps task progress', async () => {
    await call('install.configure', { role: 'county', county: '340421' });
    await call('progress.saveText', { quarter: '2019Q4', task: 1, expectedRevision: 0, narrative: '增幅已达 32%' });
    expect(await call('policy.loadDirectory', { path: join(core.dir, 'nowhere') })).toMatchObject({ ok: false, error: { code: 'POLICY_INVALID', message: expect.stringContaining('pack.json：文件不存在或无法读取') } });
    const dir = join(core.dir, 'huainan-2020');
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'pack.json'), JSON.stringify({ ...manifest, version: '2.0.0', years: [2020] }));
    const loaded = await call('policy.loadDirectory', { path: dir });
    expect(loaded).toMatchObject({ ok: true, value: { previousDigest: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const view = await call('policy.get', {});
    expect(view).toMatchObject({ ok: true, value: { active: { version: '2.0.0' }, loaded: [{ active: true }, { active: false }] } });
    const progress = await call('progress.get', { quarter: '2019Q4' });
    expect(progress.ok && (progress.value as { tasks: { narrative: string }[] }).tasks[0]?.narrative).toBe('增幅已达 32%');
    const [entry] = core.ledger.recent(1000).filter((e) => e.kind === 'policy.loaded');
    expect((entry?.payload as { digest: string }).digest).toBe((loaded as { value: { digest: string } }).value.digest);
    expect(core.ledger.verify().ok).toBe(true);
  });
});
