import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR } from '../paths';
import { loadPolicyPack } from '../policy/pack';
import { checkTierCoverage } from '../policy/references';
import { countyTargets, inTier } from './targets';

const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
const task2 = pack.countyTargets.find((t) => t.task === 2)!.rule;
if (task2.type !== 'population-tier') throw new Error('task 2 is a population-tier rule');

const target = (population: number) => task2.tiers.find((t) => inTier(population, t))?.target;

describe('county targets', () => {
  it('task 2: the shared numbers 30万 and 80万 belong to exactly one tier each, as the pack states', () => {
    expect(target(0)).toBe(40);
    expect(target(300_000)).toBe(40); // 30万以下 includes 30万
    expect(target(300_001)).toBe(70);
    expect(target(799_999)).toBe(70);
    expect(target(800_000)).toBe(100); // 80万以上 includes 80万
    expect(target(5_000_000)).toBe(100);
    expect(task2.boundaryReading).toContain('恰为30万人的县区属第一档');
    for (let p = 299_990; p <= 300_010; p++) expect(task2.tiers.filter((t) => inTier(p, t))).toHaveLength(1);
    for (let p = 799_990; p <= 800_010; p++) expect(task2.tiers.filter((t) => inTier(p, t))).toHaveLength(1);
  });

  it('refuses tiers that leave a shared number unowned or owned twice', () => {
    const twice = task2.tiers.map((t, i) => (i === 1 ? { ...t, minBound: 'inclusive' as const } : t));
    expect(checkTierCoverage(twice)).toMatch(/恰为 300000 时同时属于两档/);
    const none = task2.tiers.map((t, i) => (i === 0 ? { ...t, maxBound: 'exclusive' as const } : t));
    expect(checkTierCoverage(none)).toMatch(/恰为 300000 时不属于任何一档/);
  });

  it('gives every county its targets from the task table', () => {
    const all = countyTargets(pack, 2019);
    const of = (county: string, indicator: string) => all.find((t) => t.county === county && t.indicator === indicator)?.target;
    expect(of('340422', 'new-entities')).toBe(100);
    expect(of('340403', 'new-entities')).toBe(70);
    expect(of('340402', 'new-entities')).toBe(40);
    expect(of('340406', 'new-entities')).toBeNull(); // population unknown: to be set by the configuring unit
    expect(of('340422', 'demo-villages')).toBe(6);
    expect(of('340481', 'demo-villages')).toBe(2);
    expect(of('340405', 'demo-villages')).toBe(1);
    expect(of('340422', 'demo-points')).toBe(10);
    expect(of('340421', 'demo-points')).toBe(6);
    expect(of('340422', 'demo-towns')).toBe(2);
    expect(of('340405', 'demo-towns')).toBe(1);
    expect(of('340402', 'demo-towns')).toBeUndefined();
    expect(of('340421', 'enterprises-10m')).toBe(2);
    expect(of('340404', 'brands-1m')).toBe(1);
    expect(all.find((t) => t.indicator === 'demo-county' && t.county === '340422')?.joint).toEqual(['340422', '340421']);
    // the per-county targets of task 3 add up to at least the city's 15 demo villages
    const villages = all.filter((t) => t.indicator === 'demo-villages').reduce((sum, t) => sum + (t.target ?? 0), 0);
    expect(villages).toBe(20);
  });

  it('uses registered population when the configuring unit chooses it', () => {
    const registered = countyTargets(pack, 2019, 'registered');
    expect(registered.find((t) => t.county === '340422' && t.task === 2)?.target).toBe(100);
    expect(registered.find((t) => t.county === '340403' && t.task === 2)?.target).toBeNull();
  });
});
