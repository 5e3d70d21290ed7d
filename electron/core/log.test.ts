import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, signIn, tempDir } from '../../test/helpers/core';
import { Sessions } from './accounts/sessions';
import { type Core, openCore } from './core';
import { dispatch } from './handlers';
import { fileLog, redact } from './log';
import { DEFAULT_POLICY_DIR } from './paths';

// The log never holds personal data: a whole claim is driven through the contract, as the UI
// drives it, with a service point whose operator has an ID, a phone and a bank account; the log
// then holds the refusals' codes and not one of those numbers.

const ID = '360426199101010071';
const BANK = '6222021234567890128';
const PHONE = '13812345678';
const NOW = Date.parse('2019-12-10T02:00:00Z');

let tmp: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'data'));
  core = openCore({ dbPath: join(tmp.dir, 'data', 'ledger.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', clock: fixedClock(), log: fileLog(join(tmp.dir, 'data', 'logs'), 'web') });
  core.sessions = new Sessions(() => NOW);
});
afterEach(() => {
  core.close();
  tmp.dispose();
});

const logText = () => readdirSync(join(tmp.dir, 'data', 'logs')).map((f) => readFileSync(join(tmp.dir, 'data', 'logs', f), 'utf8')).join('');

describe('the log', () => {
  it('records refusals by code and internal errors with their stack, and no ID, bank or phone number of a whole claim', async () => {
    const as = (name: string, roles: Parameters<typeof signIn>[2]) => {
      const token = signIn(core, name, roles);
      return async (method: string, input: unknown) => {
        const result = await dispatch(core, method, input, token);
        return result;
      };
    };
    const admin = as('guan', ['admin']);
    const clerk = as('lu', ['clerk']);
    const reviewer = as('shen', ['reviewer']);
    const director = as('pi', ['director']);
    const ok = async (call: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) => {
      const result = await call;
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
      return result.value as Record<string, unknown>;
    };

    await ok(admin('install.configure', { role: 'county', county: '340422' }));
    const headers = ['网点名称', '乡镇', '村', '经营者', '经营者身份证号', '手机号', '是否贫困村', '银行账号', '开户行', '年度', '农产品上行年网络销售额（元）'];
    await ok(clerk('registry.importTable', { list: 'service-points', headers, rows: [['安丰网点', '安丰镇', '塘南村', '张三', ID, PHONE, '否', BANK, '农业银行', '2019', '80000']], commit: true }));
    // the same ID again under another name: refused, and the refusal names the person in its message
    const duplicate = await clerk('registry.importTable', { list: 'service-points', headers, rows: [['安丰网点', '安丰镇', '塘南村', '李四', 'x', PHONE, '否', BANK, '农业银行', '2019', '不是金额']], commit: false });
    expect(JSON.stringify(duplicate)).toContain('errors');
    const [subject] = (await ok(clerk('registry.list', { list: 'service-points' }))) as unknown as { id: string }[];
    const claim = await ok(clerk('claims.create', { rule: 'service-point-sales', subjectId: subject!.id, year: 2019 }));
    await ok(clerk('claims.submit', { id: claim.id }));
    expect(await clerk('claims.pass', { id: claim.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(reviewer('claims.pass', { id: claim.id, acknowledgement: '已核对' }));
    const notice = await ok(reviewer('notices.create', { claimIds: [claim.id], startsOn: '2019-11-20', endsOn: '2019-11-26', contact: '县商务局' }));
    await ok(reviewer('notices.end', { id: notice.id }));
    await ok(director('budget.set', { year: 2019, docNo: '淮商〔2019〕1号', base: '1000000' }));
    await ok(director('claims.approve', { id: claim.id }));
    const file = await ok(director('payments.file', { year: 2019 }));
    expect(Buffer.from(String(file.contentBase64), 'base64').length).toBeGreaterThan(0);
    await ok(director('payments.record', { claimNo: claim.no, voucherNo: 'PZ001', paidOn: '2019-12-09', amount: '10000' }));
    // an internal error whose message carries the numbers (as a bug's might)
    core.log.error(`调用 payments.record 时出现内部错误`, new Error(`无法处理 ${ID} 与 ${BANK}，电话 ${PHONE}`));

    const text = logText();
    expect(text).toContain('拒绝 claims.pass：FORBIDDEN');
    expect(text).toContain('Error: 无法处理 [18位号码已遮挡] 与 [19位号码已遮挡]');
    expect(text).toMatch(/at .*log\.test\.ts/); // the stack is kept
    for (const secret of [ID, BANK, PHONE, ID.slice(0, 14), BANK.slice(-12)]) expect(text).not.toContain(secret);
    expect(text).not.toContain('张三');
  });

  it('rotates at its size limit and keeps five old files', () => {
    const log = fileLog(join(tmp.dir, 'rot'), 'main', { maxBytes: 200, keep: 5 });
    for (let i = 0; i < 60; i++) log.info(`第 ${i} 行：${'x'.repeat(40)}`);
    expect(readdirSync(join(tmp.dir, 'rot')).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.5.log', 'main.log']);
    expect(existsSync(join(tmp.dir, 'rot', 'main.6.log'))).toBe(false);
  });

  it('masks long runs of digits but leaves hashes, dates and counts alone', () => {
    expect(redact(`身份证 ${ID}，手机 ${PHONE}，卡 ${BANK}，34042219900101123X`)).toBe('身份证 [18位号码已遮挡]，手机 [11位号码已遮挡]，卡 [19位号码已遮挡]，[18位号码已遮挡]');
    expect(redact('head 3f2a1234567890123456789abc 2019-12-10 共 261 条')).toBe('head 3f2a1234567890123456789abc 2019-12-10 共 261 条');
  });
});
