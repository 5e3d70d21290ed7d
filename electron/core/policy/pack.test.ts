import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/core';
import { DEFAULT_POLICY_DIR, PROJECT_ROOT } from '../paths';
import { loadPolicyPack } from './pack';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function copyPack(): string {
  const t = tempDir();
  cleanup = t.dispose;
  cpSync(DEFAULT_POLICY_DIR, t.dir, { recursive: true });
  return t.dir;
}

type Row = Record<string, unknown>;
type PackFile = { readings: Row[]; indicators: (Row & { measure?: Row })[]; tasks: Row[]; counties: Row[]; files: string[]; rules: (Row & { conditions: Row[]; award: Row })[]; parameters: Row[]; countyTargets: (Row & { rule: Row & { groups: Row[] } })[] };

function editJson(dir: string, file: string, change: (value: PackFile) => void): void {
  const path = join(dir, file);
  const value = JSON.parse(readFileSync(path, 'utf8')) as PackFile;
  change(value);
  writeFileSync(path, JSON.stringify(value));
}

// The plan's text lives beside the repository; without it the transcription test skips and says why.
const PLAN_PATH = join(PROJECT_ROOT, '..', 'shared', 'policy', '000_140676dfa319bf2e.txt');
const HAVE_PLAN = existsSync(PLAN_PATH);

describe('the Huainan 2019 policy pack', () => {
  it('holds the plan’s 18 tasks with their deadlines', () => {
    const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
    expect(pack.meta).toMatchObject({ docNo: '淮府办秘〔2019〕55号', issuedOn: '2019-08-30', issuer: '淮南市人民政府办公室' });
    expect(pack.tasks).toHaveLength(18);
    expect(pack.tasks.filter((t) => t.deadline !== '2019-12-31').map((t) => [t.no, t.deadline])).toEqual([
      [10, '2019-07-31'],
      [12, '2019-10-31'],
      [17, '2019-07-31'],
      [18, '2020-03-31'],
    ]);
  });

  it.skipIf(!HAVE_PLAN)(`transcribes the plan’s 18-row task table exactly${HAVE_PLAN ? '' : `（已跳过：本机没有方案原文 ${PLAN_PATH}）`}`, () => {
    const pack = loadPolicyPack(DEFAULT_POLICY_DIR);
    const plan = readFileSync(PLAN_PATH, 'utf8');
    for (const t of pack.tasks) {
      // each row of the pack is a row of the plan's table, tab-separated, word for word
      expect(plan, `task ${t.no}`).toContain([t.no, t.title, t.leadUnits, t.cooperatingUnits, t.deadlineText].join('\t'));
    }
  });

  it('holds the 8 county-level units with sourced facts', () => {
    const { counties } = loadPolicyPack(DEFAULT_POLICY_DIR);
    expect(counties.map((c) => c.name)).toEqual(['大通区', '田家庵区', '谢家集区', '八公山区', '潘集区', '凤台县', '寿县', '毛集实验区']);
    const shou = counties.find((c) => c.code === '340422');
    expect(shou?.povertyCounty2019.value).toBe(true);
    expect(counties.filter((c) => c.povertyCounty2019.value).map((c) => c.name)).toEqual(['寿县']);
    expect(counties.find((c) => c.name === '毛集实验区')?.codeOfficial).toBe(false);
    expect(counties.find((c) => c.name === '潘集区')?.populationResident.value).toBeNull();
  });

  it('has a digest that ignores formatting and changes with content', () => {
    const original = loadPolicyPack(DEFAULT_POLICY_DIR).meta.digest;
    const dir = copyPack();
    editJson(dir, 'tasks.json', () => {}); // re-serialised without indentation
    expect(loadPolicyPack(dir).meta.digest).toBe(original);
    editJson(dir, 'tasks.json', (v) => {
      v.tasks[0]!.title = '全市农村产品网络销售额增幅20%以上';
    });
    expect(loadPolicyPack(dir).meta.digest).not.toBe(original);
  });

  it.each([
    ['a bad date', 'tasks.json', (v: PackFile) => (v.tasks[9]!.deadline = '2019-02-30'), /tasks\.json › tasks\.9\.deadline：日期格式/],
    ['a gap in task numbers', 'tasks.json', (v: PackFile) => v.tasks.splice(4, 1), /tasks\.json › tasks：任务序号必须从 1 起连续编号/],
    ['a duplicate county code', 'counties.json', (v: PackFile) => (v.counties[1]!.code = v.counties[0]!.code), /counties\.json › counties：区划代码重复/],
    ['a bad county code', 'counties.json', (v: PackFile) => (v.counties[0]!.code = '3404'), /counties\.0\.code：区划代码应为 6 位数字/],
    ['a missing required file', 'pack.json', (v: PackFile) => (v.files = ['tasks.json']), /pack\.json › files：缺少必需的文件 counties\.json/],
    ['超过 read as inclusive', 'rules.json', (v: PackFile) => (v.rules[1]!.conditions[0]!.bound = 'inclusive'), /rules\.1\.conditions\.0\.bound：“超过”按《中华人民共和国民法总则》第二百零五条（现为《中华人民共和国民法典》第一千二百五十九条）不包括本数/],
    ['an unknown parameter', 'rules.json', (v: PackFile) => (v.rules[0]!.award.parameter = 'no-such'), /引用了不存在的参数 no-such/],
    ['a parameter of the wrong unit', 'rules.json', (v: PackFile) => (v.rules[0]!.award.parameter = 'purchase-cooperation-cap-rate'), /单位应为 fen，实为 basis-points/],
    ['an unknown rule id', 'rules.json', (v: PackFile) => (v.rules[0]!.id = 'free-money'), /rules\.json › rules\.0\.id/],
    ['a target for an unknown county', 'targets.json', (v: PackFile) => (v.countyTargets[1]!.rule.groups[0]!.counties = ['999999']), /不存在的县区 999999/],
    ['a frequency the engine does not know', 'readings.json', (v: PackFile) => ((v.readings.find((r) => r.id === 'frequency:demo-town')!.options as Row)['weekly'] = '每周一次'), /readings\.json › readings\.\d+\.options：「.*」的选项 weekly 无法识别/],
    ['a fund the app does not keep', 'readings.json', (v: PackFile) => ((v.readings.find((r) => r.id === 'fund:training-subsidy')!.options as Row)['lottery'] = '彩票公益金'), /选项 lottery 无法识别（可选：commerce、employment）/],
    ['a reading for an unknown rule', 'readings.json', (v: PackFile) => (v.readings.find((r) => r.id === 'frequency:demo-town')!.id = 'frequency:free-money'), /引用了不存在的规则 free-money/],
    ['an indicator naming an unknown reading', 'indicators.json', (v: PackFile) => (v.indicators.find((i) => i.measure?.reading)!.measure!.reading = 'no-such'), /indicators\.json › indicators\.\d+\.measure\.reading：.*没有的解读 no-such/],
    ['a negative cap', 'parameters.json', (v: PackFile) => ((v.parameters[3]!.values as Row[])[0]!.value = -1), /parameters\.json › parameters\.3\.values\.0\.value/],
  ])('refuses %s, naming file, path and reason', (_n, file, change, message) => {
    const dir = copyPack();
    editJson(dir, file, change);
    expect(() => loadPolicyPack(dir)).toThrow(message);
  });

  it('refuses a file that is not JSON', () => {
    const dir = copyPack();
    writeFileSync(join(dir, 'counties.json'), '{ 不是 JSON');
    expect(() => loadPolicyPack(dir)).toThrow(/counties\.json：不是有效的 JSON/);
  });
});
