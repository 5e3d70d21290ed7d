import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/core';
import { DEFAULT_POLICY_DIR, PROJECT_ROOT } from '../core/paths';

// The CLI as the city's IT staff run it: a real process, real files, JSON on stdout.

function cli(...args: string[]) {
  const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'electron', 'cli', 'main.ts'), ...args], {
    encoding: 'utf8',
  });
  return { status: run.status, json: run.stdout ? (JSON.parse(run.stdout) as Record<string, unknown>) : null, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
let dispose: () => void;
beforeEach(() => ({ dir, dispose } = tempDir()));
afterEach(() => dispose());

// each case starts several tsx processes: generous time on a busy two-core machine
describe('cli', { timeout: 120_000 }, () => {
  it('init creates and seeds a database; ledger verify accepts it', () => {
    const db = join(dir, 'county.db');
    const init = cli('init', '--db', db);
    expect(init.status).toBe(0);
    expect(init.json).toMatchObject({ ok: true, entries: 28, headSeq: 28 });
    const verify = cli('ledger', 'verify', '--db', db);
    expect(verify.status).toBe(0);
    expect(verify.json).toMatchObject({ ok: true, entries: 28, headHash: init.json?.headHash, stateMatchesJournal: true });
    expect(verify.stderr).toContain('账本完好');
  });

  it('ledger verify exits 1 and names the first bad seq of a tampered journal', () => {
    const db = join(dir, 'county.db');
    cli('init', '--db', db);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare("UPDATE journal SET payload = replace(payload, '寿县', '凤台县') WHERE seq = 9").run(); // 寿县's county entry, after the pack and its key
    raw.close();
    const verify = cli('ledger', 'verify', '--db', db);
    expect(verify.status).toBe(1);
    expect(verify.json).toMatchObject({ ok: false, firstBadSeq: 9 });
    expect(verify.stderr).toContain('账本校验未通过');
  });

  it('ledger verify exits 1 when the state was changed outside the ledger', () => {
    const db = join(dir, 'county.db');
    cli('init', '--db', db);
    const raw = new Database(db);
    raw.prepare("UPDATE task SET progress = '未经账本的修改' WHERE no = 1").run();
    raw.close();
    const verify = cli('ledger', 'verify', '--db', db);
    expect(verify.status).toBe(1);
    expect(verify.json).toMatchObject({ ok: true, stateMatchesJournal: false, differences: [{ table: 'task' }] });
  });

  it('answers wrong usage with exit 2 and missing files with exit 1, in Chinese', () => {
    expect(cli('targets')).toMatchObject({ status: 2, stderr: expect.stringContaining('缺少参数 --policy') });
    expect(cli('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringContaining('未知命令') });
    const missing = cli('ledger', 'verify', '--db', join(dir, 'nope.db'));
    expect(missing.status).toBe(1);
    expect(missing.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('evaluate writes one result per case, in order, with the promised shape', () => {
    const pack = JSON.parse(readFileSync(join(DEFAULT_POLICY_DIR, 'test-cases.json'), 'utf8')) as { settings: unknown[]; cases: { case: unknown; expect: Record<string, unknown> }[] };
    const casesFile = join(dir, 'cases.json');
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(casesFile, JSON.stringify(pack.cases.map((c) => c.case)));
    writeFileSync(settingsFile, JSON.stringify(pack.settings));
    const run = cli('evaluate', '--policy', DEFAULT_POLICY_DIR, '--cases', casesFile, '--settings', settingsFile);
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(results).toHaveLength(pack.cases.length);
    results.forEach((result, i) => {
      const expected = pack.cases[i]!.expect;
      if ('error' in expected) expect(result).toMatchObject({ error: { code: expected.error } });
      else {
        expect(Object.keys(result).sort()).toEqual(['amount', 'eligible', 'id', 'maxAmount', 'trace']);
        expect(result).toMatchObject(expected);
      }
    });
  });

  it('evaluate takes the county’s readings from the settings file: the same case under another reading', () => {
    const casesFile = join(dir, 'cases.json');
    const again = { id: 'again', rule: 'service-point-sales', year: 2019, subject: { type: 'service-point', county: '340421' }, facts: { farmOnlineSales: '60000' }, previousAwards: [{ rule: 'service-point-sales', year: 2018 }] };
    writeFileSync(casesFile, JSON.stringify([again]));
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify([{ type: 'reading', id: 'frequency:service-point-sales', value: 'one-off' }]));
    const byDefault = JSON.parse(cli('evaluate', '--policy', DEFAULT_POLICY_DIR, '--cases', casesFile).stdout) as { eligible: boolean }[];
    expect(byDefault[0]).toMatchObject({ eligible: true }); // the pack's default reading: once a year
    const oneOff = cli('evaluate', '--policy', DEFAULT_POLICY_DIR, '--cases', casesFile, '--settings', settingsFile);
    expect(oneOff.status).toBe(0);
    expect(JSON.parse(oneOff.stdout)).toMatchObject([{ eligible: false }]);
    writeFileSync(settingsFile, JSON.stringify([{ type: 'reading', id: 'frequency:service-point-sales', value: 'weekly' }]));
    expect(cli('evaluate', '--policy', DEFAULT_POLICY_DIR, '--cases', casesFile, '--settings', settingsFile)).toMatchObject({ status: 1, stderr: expect.stringContaining('只能选择') });
  });

  it('evaluate refuses an invalid policy pack with exit 1, and settings above the cap', () => {
    const broken = join(dir, 'pack');
    cpSync(DEFAULT_POLICY_DIR, broken, { recursive: true });
    writeFileSync(join(broken, 'rules.json'), '{}');
    const casesFile = join(dir, 'cases.json');
    writeFileSync(casesFile, '[]');
    const run = cli('evaluate', '--policy', broken, '--cases', casesFile);
    expect(run.status).toBe(1);
    expect(run.json).toMatchObject({ ok: false, error: { code: 'POLICY_INVALID' } });
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify([{ type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 1500 }]));
    const over = cli('evaluate', '--policy', DEFAULT_POLICY_DIR, '--cases', casesFile, '--settings', settingsFile);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('超过上限 10%');
  });

  it('targets prints every county target; whatif reports the difference; policy load records a new digest', () => {
    const targets = JSON.parse(cli('targets', '--policy', DEFAULT_POLICY_DIR).stdout) as { county: string; task: number; indicator: string; target: number | null }[];
    expect(targets.find((t) => t.county === '340422' && t.indicator === 'new-entities')?.target).toBe(100);
    expect(new Set(targets.map((t) => t.indicator))).toEqual(new Set(['new-entities', 'demo-villages', 'demo-points', 'demo-county', 'demo-towns', 'enterprises-10m', 'brands-1m']));

    const casesFile = join(dir, 'cases.json');
    writeFileSync(
      casesFile,
      JSON.stringify(['39999.99', '40000', '50000'].map((s, i) => ({ id: `c${i}`, rule: 'service-point-sales', year: 2019, subject: { type: 'service-point', county: '340421' }, facts: { farmOnlineSales: s } }))),
    );
    const whatif = cli('whatif', '--policy', DEFAULT_POLICY_DIR, '--cases', casesFile, '--set', 'service-point-sales-threshold=40000');
    expect(whatif.status).toBe(0);
    expect(whatif.json).toMatchObject({ before: { eligible: 1, total: '10000.00' }, after: { eligible: 2, total: '20000.00' }, delta: { eligible: 1, total: '10000.00' } });

    const db = join(dir, 'county.db');
    cli('init', '--db', db, '--county', '340422');
    const revised = join(dir, 'pack-2020');
    cpSync(DEFAULT_POLICY_DIR, revised, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(revised, 'pack.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(revised, 'pack.json'), JSON.stringify({ ...manifest, version: '1.2.0' }));
    const loaded = cli('policy', 'load', '--db', db, '--policy', revised);
    expect(loaded.status).toBe(0);
    expect(loaded.json).toMatchObject({ ok: true, previousDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(cli('policy', 'load', '--db', db, '--policy', revised)).toMatchObject({ status: 1, stderr: expect.stringContaining('已是当前政策包') });
    expect(cli('ledger', 'verify', '--db', db).status).toBe(0);
  });

  it('template writes an xlsx; import previews without writing and commits with --commit', async () => {
    const template = join(dir, 'trainees.xlsx');
    expect(cli('template', '--list', 'trainees', '--out', template).status).toBe(0);
    const { xlsxOf, TRAINEE_HEADERS, traineeRow } = await import('../../test/helpers/sheets');
    const file = join(dir, 'in.xlsx');
    writeFileSync(file, await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1), traineeRow(2), traineeRow(3, { 身份证号: '360426199101010072' })] }]));
    const db = join(dir, 'county.db');
    cli('init', '--db', db);
    const preview = cli('import', '--db', db, '--list', 'trainees', '--file', file);
    expect(preview.status).toBe(0);
    expect(preview.json).toMatchObject({ rows: 3, new: 2, updates: 0, committed: false, errors: [{ row: 4, column: '身份证号', code: 'BAD_ID_NUMBER' }] });
    const rejects = join(dir, 'rejects.xlsx');
    const committed = cli('import', '--db', db, '--list', 'trainees', '--file', file, '--commit', '--rejects', rejects);
    expect(committed.json).toMatchObject({ new: 2, committed: true });
    expect(readFileSync(rejects).subarray(0, 2).toString()).toBe('PK');
    expect(cli('import', '--db', db, '--list', 'trainees', '--file', file).json).toMatchObject({ new: 0, updates: 2 });
    expect(cli('import', '--db', db, '--list', 'people', '--file', file)).toMatchObject({ status: 2, stderr: expect.stringContaining('--list 只能是') });
    expect(cli('import', '--db', db, '--list', 'trainees', '--file', join(dir, 'none.xlsx'))).toMatchObject({ status: 1, json: { ok: false, error: { code: 'NOT_FOUND' } } });
    expect(cli('ledger', 'verify', '--db', db).status).toBe(0);
  });
  it('makes the cooperatives template, imports a LibreOffice .xls, and writes rejects (journaled) even when --commit finds no valid row', async () => {
    expect(cli('template', '--list', 'cooperatives', '--out', join(dir, 'coop.xlsx'))).toMatchObject({ status: 0, json: { ok: true } });
    const db = join(dir, 'county.db');
    cli('init', '--db', db, '--county', '340422');
    const xls = join(PROJECT_ROOT, 'test', 'fixtures', 'office', 'trainees-libreoffice.xls');
    expect(cli('import', '--db', db, '--list', 'trainees', '--file', xls, '--commit').json).toMatchObject({ rows: 50, new: 49, committed: true });
    const { xlsxOf, TRAINEE_HEADERS, traineeRow } = await import('../../test/helpers/sheets');
    const file = join(dir, 'all-bad.xlsx');
    writeFileSync(file, await xlsxOf([{ name: '学员', rows: [TRAINEE_HEADERS, traineeRow(1, { 身份证号: '123' }), traineeRow(2, { 培训日期: '2019-02-30' })] }]));
    const rejects = join(dir, 'rejects.xlsx');
    const refused = cli('import', '--db', db, '--list', 'trainees', '--file', file, '--commit', '--rejects', rejects);
    expect(refused).toMatchObject({ status: 1, json: { ok: false, error: { message: expect.stringContaining('没有可导入的有效行') } } });
    expect(readFileSync(rejects).subarray(0, 2).toString()).toBe('PK');
    const opened = new Database(db, { readonly: true });
    try {
      const rows = opened.prepare("SELECT payload FROM journal WHERE kind = 'registry.rejectsExported'").all() as { payload: string }[];
      expect(rows.map((r) => JSON.parse(r.payload))).toEqual([{ list: 'trainees', fileName: 'all-bad.xlsx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 2 }]);
    } finally {
      opened.close();
    }
    expect(cli('ledger', 'verify', '--db', db).status).toBe(0);
  });

  it('progress prints each task’s indicators with target, actual and status; report writes the quarter’s xlsx', async () => {
    const db = join(dir, 'county.db');
    cli('init', '--db', db, '--county', '340422');
    const progress = cli('progress', '--db', db, '--quarter', '2019Q4');
    expect(progress.status).toBe(0);
    const tasks = progress.json?.tasks as { no: number; status: string; indicators: { id: string; target: number | null; actual: number | null; status: string }[] }[];
    expect(tasks).toHaveLength(18);
    // a fresh ledger has no lists loaded: nothing is read as zero
    expect(tasks[2]).toMatchObject({ no: 3, status: 'unreported', indicators: [{ id: 'demo-villages', target: 6, actual: null, status: 'unreported' }, { id: 'demo-points', target: 10, actual: null }] });
    expect(tasks[16]).toMatchObject({ no: 17, status: 'city-led', part: 'city' });
    expect(progress.json).toMatchObject({ quarter: '2019Q4', asOf: '2019-12-31', state: 'open' });

    const out = join(dir, 'report.xlsx');
    const report = cli('report', '--db', db, '--quarter', '2019Q4', '--format', 'xlsx', '--out', out);
    expect(report.status).toBe(0);
    expect(report.json).toMatchObject({ ok: true, fileName: '寿县2019年第四季度农村电商工作进展报告（草稿）.xlsx', digest: progress.json?.digest });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toContain('进展报告');

    expect(cli('report', '--db', db, '--quarter', '2019Q4', '--format', 'doc', '--out', out).status).toBe(2);
    expect(cli('progress', '--db', db, '--quarter', '2019年四季度').status).toBe(2);
    const missing = cli('progress', '--db', join(dir, 'none.db'), '--quarter', '2019Q4');
    expect(missing).toMatchObject({ status: 1, json: { ok: false, error: { code: 'NOT_FOUND' } } });
  });
});
