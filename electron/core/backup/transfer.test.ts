import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/result';
import { actor, fixedClock, refusal, refusalOf, tempDir } from '../../../test/helpers/core';
import { Sessions } from '../accounts/sessions';
import { throttledUnlock } from '../crypto/attempts';
import { type Core, openCore } from '../core';
import { acquireDatabaseLock } from '../db/lock';
import { importBundle, registerCountyKey } from '../exchange/city';
import { exportBundle } from '../exchange/export';
import { currentPublicKey, installSigner, type KeyProtector, passphraseProtector, publicKeyFile } from '../exchange/keys';
import { DEFAULT_POLICY_DIR } from '../paths';
import { configureInstallRole } from '../policy/service';
import { generateQuarterReport } from '../progress/generate';
import { closeQuarter, saveText } from '../progress/service';
import { exportTransferPackage, importTransferPackage } from './transfer';

// Moving a county to a new PC: the key sealed by the old PC's key store travels re-sealed with a
// passphrase, is sealed again by the new PC's, signs the next bundle with the same fingerprint,
// and the city accepts that bundle as the continuation of the chain.

const NOW = Date.parse('2020-04-10T02:00:00Z');
const SHOU = '340422';

/** Stands in for one PC's OS key store (safeStorage): a secret only that machine has. */
function machineKeyStore(machine: string): KeyProtector {
  const key = createHash('sha256').update(machine).digest();
  return {
    kind: 'safe-storage',
    seal(privateKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
    },
    open(sealed) {
      const bytes = Buffer.from(String(sealed), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new DomainError('KEY_LOCKED', '系统密钥库无法解开签名密钥（不是在本机保存的）');
      }
    },
  };
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.dispose());

function open(dir: string, keyProtector?: KeyProtector): Core {
  mkdirSync(dir, { recursive: true });
  const core = openCore({ dbPath: join(dir, 'ledger.db'), seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'test', clock: fixedClock(), now: () => NOW, ...(keyProtector ? { keyProtector } : {}) });
  core.sessions = new Sessions(() => NOW);
  return core;
}

async function closeAndExport(core: Core, protector: KeyProtector, quarter: string, outDir: string): Promise<string> {
  saveText(core.ledger, actor('lu'), '2020-04-10', { quarter, task: 1, expectedRevision: 0, narrative: `寿县${quarter}进展` });
  await generateQuarterReport(core, actor('lu'), quarter, 'xlsx');
  closeQuarter(core.ledger, actor('pi'), '2020-04-10', quarter, new Date(NOW).toISOString());
  return (await exportBundle(core, actor('lu'), protector, quarter, outDir)).path;
}

describe('migration package (导出迁移包)', { timeout: 120_000 }, () => {
  it('moves the key to a new PC: same fingerprint, and the next bundle still verifies at the city', async () => {
    const oldPc = machineKeyStore('旧电脑');
    const newPc = machineKeyStore('新电脑');
    const out = join(tmp.dir, 'bundles');
    const county = open(join(tmp.dir, 'old'), oldPc);
    configureInstallRole(county.ledger, actor('测试'), { role: 'county', county: SHOU });
    installSigner(county.ledger, actor('lu'), county.dataDir, oldPc, 'sm2-sm3');
    const first = await closeAndExport(county, oldPc, '2019Q4', out);
    const fingerprint = currentPublicKey(county.db)!.fingerprint;

    const city = open(join(tmp.dir, 'city'));
    configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
    const key = publicKeyFile(county.db);
    registerCountyKey(city.ledger, actor('市局'), key, key.fingerprint, '电话核对');
    expect(importBundle(city.ledger, actor('市局'), readFileSync(first), first, true).committed).toBe(true);

    expect((await refusalOf(exportTransferPackage(county, oldPc, '迁移口令2020', '迁移口令2021', join(tmp.dir, 'usb')))).message).toContain('两次输入的迁移包口令不一致');
    const pkg = await exportTransferPackage(county, oldPc, '迁移口令2020', '迁移口令2020', join(tmp.dir, 'usb'));
    expect(pkg.fileName).toMatch(/^county-ledger-340422-\d{8}-\d{6}\.cmove$/);
    expect(pkg.fingerprints).toEqual([fingerprint]);
    county.close();

    // the old PC's sealed key file, copied as it is, does not open on the new PC
    const newDb = join(tmp.dir, 'new', 'ledger.db');
    mkdirSync(join(tmp.dir, 'new'));
    const lock = acquireDatabaseLock(newDb, '测试');
    expect(refusal(() => importTransferPackage(pkg.path, '猜的口令12345', newPc, newDb)).code).toBe('KEY_LOCKED');
    expect(readdirSync(join(tmp.dir, 'new')).filter((n) => !n.endsWith('.lock'))).toEqual([]);
    const moved = importTransferPackage(pkg.path, '迁移口令2020', newPc, newDb);
    lock.release();
    expect(moved.fingerprints).toEqual([fingerprint]);
    expect(moved.summary.install.county).toEqual({ code: SHOU, name: '寿县' });

    const onNewPc = open(join(tmp.dir, 'new'), newPc);
    expect(currentPublicKey(onNewPc.db)!.fingerprint).toBe(fingerprint);
    expect(refusal(() => installSigner(onNewPc.ledger, actor('lu'), onNewPc.dataDir, oldPc, 'sm2-sm3')).code).toBe('KEY_LOCKED');
    const second = await closeAndExport(onNewPc, newPc, '2020Q1', out);
    expect(importBundle(city.ledger, actor('市局'), readFileSync(second), second, true)).toMatchObject({ committed: true, summary: { sequence: 2 } });
    expect(onNewPc.ledger.verify().ok).toBe(true);
    onNewPc.close();
    city.close();
  });
});

describe('signing key passphrase', () => {
  it('is throttled like a password: five wrong in a row lock the key for 15 minutes', () => {
    const dir = join(tmp.dir, 'county');
    const core = open(dir);
    installSigner(core.ledger, actor('lu'), core.dataDir, passphraseProtector('县里的口令2019'), 'sm2-sm3');
    for (let i = 1; i <= 4; i++) {
      const error = refusal(() => installSigner(core.ledger, actor('lu'), core.dataDir, passphraseProtector('猜错的口令0000'), 'sm2-sm3'));
      expect(error.code).toBe('KEY_LOCKED');
      expect(error.message).toContain(`再错 ${5 - i} 次将锁定 15 分钟`);
    }
    expect(refusal(() => installSigner(core.ledger, actor('lu'), core.dataDir, passphraseProtector('猜错的口令0000'), 'sm2-sm3')).code).toBe('LOCKED');
    // locked: even the right passphrase is refused until the time is up
    expect(refusal(() => installSigner(core.ledger, actor('lu'), core.dataDir, passphraseProtector('县里的口令2019'), 'sm2-sm3')).message).toMatch(/已锁定至/);
    const keys = join(core.dataDir, 'keys');
    const later = new Date(Date.now() + 16 * 60_000);
    expect(throttledUnlock(keys, () => 'opened', later)).toBe('opened');
    expect(existsSync(join(keys, 'unlock-attempts.json'))).toBe(false);
    expect(installSigner(core.ledger, actor('lu'), core.dataDir, passphraseProtector('县里的口令2019'), 'sm2-sm3').fingerprint).toBe(currentPublicKey(core.db)!.fingerprint);
    core.close();
  });
});
