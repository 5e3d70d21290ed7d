import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, refusal, tempCore, type TempCore } from '../../../test/helpers/core';
import { DEFAULT_POLICY_DIR } from '../paths';
import { activePolicyPack } from '../policy/repository';
import { configureInstallRole } from '../policy/service';
import { installSigner, passphraseProtector } from './keys';
import { loadSignedPack, signPackFolder, trustCityKey } from './signed-pack';

// Downward: the city's signed policy pack loads only in a county that trusts the city's key, and
// only untouched.

let city: TempCore;
let county: TempCore;
let packDir: string;

beforeEach(() => {
  city = tempCore();
  county = tempCore();
  configureInstallRole(city.ledger, actor('测试'), { role: 'city' });
  configureInstallRole(county.ledger, actor('测试'), { role: 'county', county: '340422' });
  // next year's pack: a new version with its own HMAC key
  packDir = join(city.dir, 'huainan-2020');
  cpSync(DEFAULT_POLICY_DIR, packDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(packDir, 'pack.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(packDir, 'pack.json'), JSON.stringify({ ...manifest, version: '2.0.0' }));
  const exchange = JSON.parse(readFileSync(join(packDir, 'exchange.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(packDir, 'exchange.json'), JSON.stringify({ ...exchange, hmacKey: 'ab'.repeat(32) }));
});
afterEach(() => {
  city.dispose();
  county.dispose();
});

const citySigner = () => installSigner(city.ledger, actor('市局'), city.dataDir, passphraseProtector('市局口令2019'), 'sm2-sm3');

describe('signed policy packs from the city', () => {
  it('loads in a county that trusts the city key, with the same digest the city signed', () => {
    const signer = citySigner();
    const { bytes, digest } = signPackFolder(packDir, signer);
    expect(refusal(() => loadSignedPack(county.ledger, actor('县局'), bytes))).toMatchObject({ code: 'FORBIDDEN' });
    const key = { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint };
    expect(refusal(() => trustCityKey(county.ledger, actor('县局'), key, 'AAAA-AAAA')).message).toContain('核对的指纹与该公钥不符');
    trustCityKey(county.ledger, actor('县局'), key, signer.fingerprint.toLowerCase());
    expect(loadSignedPack(county.ledger, actor('县局'), bytes)).toMatchObject({ digest });
    expect(activePolicyPack(county.db)).toMatchObject({ version: '2.0.0', digest });
  });

  it('refuses a pack changed after signing, or signed by another key, and loads nothing', () => {
    const signer = citySigner();
    trustCityKey(county.ledger, actor('县局'), { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint }, signer.fingerprint);
    const before = activePolicyPack(county.db)?.digest;
    const { bytes } = signPackFolder(packDir, signer);
    const tampered = new TextEncoder().encode(new TextDecoder().decode(bytes).replace('ab'.repeat(32), 'cd'.repeat(32)));
    expect(refusal(() => loadSignedPack(county.ledger, actor('县局'), tampered)).code).toBe('BUNDLE_SIGNATURE');
    const other = installSigner(county.ledger, actor('县局'), county.dataDir, passphraseProtector('县局口令2019'), 'ed25519');
    expect(refusal(() => loadSignedPack(county.ledger, actor('县局'), signPackFolder(packDir, other).bytes)).code).toBe('BUNDLE_KEY');
    expect(refusal(() => loadSignedPack(county.ledger, actor('县局'), new TextEncoder().encode('不是政策包'))).code).toBe('POLICY_INVALID');
    expect(activePolicyPack(county.db)?.digest).toBe(before);
  });
});
