import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, refusal, tempCore, type TempCore } from '../../../test/helpers/core';
import { installSigner, passphraseProtector } from '../exchange/keys';
import { trustCityKey } from '../exchange/signed-pack';
import { configureInstallRole } from '../policy/service';
import { compareVersions, signUpdateFile, verifyUpdateFile } from './offline';

// An offline update file for a PC with no update server: accepted only signed by the city key
// this county trusts, untouched, and newer than what runs.

let city: TempCore;
let county: TempCore;
let installer: string;

beforeEach(() => {
  city = tempCore();
  county = tempCore();
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
  configureInstallRole(county.ledger, actor('测试'), { role: 'county', county: '340422' });
  installer = join(city.dir, 'county-ledger-Setup-1.2.0.exe');
  writeFileSync(installer, Buffer.from('MZ 新版本安装程序'.repeat(5000)));
});
afterEach(() => {
  city.dispose();
  county.dispose();
});

const citySigner = () => installSigner(city.ledger, actor('市局'), city.dataDir, passphraseProtector('市局口令2019'), 'sm2-sm3');
function trustCity() {
  const s = citySigner();
  trustCityKey(county.ledger, actor('县局'), { algorithm: s.algorithm, publicKey: s.publicKey, fingerprint: s.fingerprint }, s.fingerprint);
  return s;
}
const verifyIn = (path: string, running = '0.1.0') => verifyUpdateFile(county.db, path, running, join(county.dir, 'updates'));

describe('offline update files (.cupdate)', () => {
  it('accepts a newer version signed by the trusted city key, and unpacks its installer intact', () => {
    const signer = trustCity();
    const file = signUpdateFile(installer, '1.2.0', '修正季度报告的合计', signer, join(city.dir, 'update-1.2.0.cupdate'));
    const verified = verifyIn(file.path);
    expect(verified).toMatchObject({ version: '1.2.0', notes: '修正季度报告的合计', fileName: 'county-ledger-Setup-1.2.0.exe', sha256: file.sha256 });
    expect(readFileSync(verified.installer).equals(readFileSync(installer))).toBe(true);
  });

  it('refuses one that is unsigned, re-signed by another key, changed after signing, or not newer', () => {
    const signer = trustCity();
    const good = signUpdateFile(installer, '1.2.0', '说明', signer, join(city.dir, 'good.cupdate')).path;
    const entries = unzipSync(readFileSync(good));
    const manifest = JSON.parse(strFromU8(entries['update.json']!)) as Record<string, unknown>;
    const write = (name: string, files: Record<string, Uint8Array>) => {
      const path = join(city.dir, name);
      writeFileSync(path, zipSync(files));
      return path;
    };
    const { signer: _s, signature: _g, ...unsigned } = manifest;
    const other = installSigner(county.ledger, actor('别人'), county.dataDir, passphraseProtector('别人的口令123'), 'sm2-sm3');
    const resigned = signUpdateFile(installer, '1.2.0', '说明', other, join(city.dir, 'resigned.cupdate')).path;
    const installerEntry = 'installer/county-ledger-Setup-1.2.0.exe';
    const cases: [string, string, RegExp][] = [
      ['unsigned', write('unsigned.cupdate', { 'update.json': strToU8(JSON.stringify(unsigned)), [installerEntry]: entries[installerEntry]! }), /没有市局签名/],
      ['re-signed by another key', resigned, /不是本机登记的市局密钥/],
      ['version raised after signing', write('raised.cupdate', { 'update.json': strToU8(JSON.stringify({ ...manifest, version: '9.9.9' })), [installerEntry]: entries[installerEntry]! }), /签名验证失败/],
      ['installer swapped', write('swapped.cupdate', { 'update.json': entries['update.json']!, [installerEntry]: strToU8('MZ 别的程序') }), /大小或 SHA-256 与清单不符/],
      ['an extra file', write('extra.cupdate', { 'update.json': entries['update.json']!, [installerEntry]: entries[installerEntry]!, 'installer/evil.exe': strToU8('x') }), /清单之外的文件/],
      ['older than the running version', signUpdateFile(installer, '0.0.9', '旧的', signer, join(city.dir, 'old.cupdate')).path, /不比正在使用的 0\.1\.0 新/],
      ['the same version', signUpdateFile(installer, '0.1.0', '同版本', signer, join(city.dir, 'same.cupdate')).path, /不比正在使用的/],
    ];
    for (const [what, path, reason] of cases) {
      const error = refusal(() => verifyIn(path));
      expect({ what, code: error.code }).toEqual({ what, code: 'UPDATE_INVALID' });
      expect(error.message).toMatch(reason);
    }
    expect(existsSync(join(county.dir, 'updates', 'county-ledger-Setup-1.2.0.exe'))).toBe(false);
  });

  it('refuses every update file while the county trusts no city key', () => {
    const signed = signUpdateFile(installer, '1.2.0', '说明', citySigner(), join(city.dir, 'u.cupdate'));
    expect(refusal(() => verifyIn(signed.path)).message).toMatch(/尚未登记市局公钥/);
  });

  it('compares versions as numbers', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
    expect(compareVersions('0.1.0', '0.2.0')).toBe(-1);
  });
});
