import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Principal } from '../../../shared/domain/accounts';
import { DomainError } from '../../../shared/result';
import { verify } from '../crypto/signing';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { canonicalJson } from '../ledger/canonical';
import type { Ledger } from '../ledger/ledger';
import { loadPolicyPack } from '../policy/pack';
import { loadPackFromDirectory } from '../policy/service';
import { readSetting } from '../settings/repository';
import type { Signer } from './bundle';
import { CITY_KEY_SETTING, CityKey, cityKeyTrusted } from './events';
import { confirmedFingerprint } from './keys';

// Downward: the city signs the policy pack it distributes (caps, the HMAC key for ID numbers);
// a county loads a pack only when it carries the signature of the city key the county was set up
// to trust. The signed file holds the pack's files as parsed JSON, so the county recomputes the
// same pack digest the city has.

const SIGNED_PACK_FORMAT = 'county-ledger-signed-pack/1';

/** What of pack.json the signature needs: the files it lists (the pack was validated whole above). */
const PackFiles = z.object({ files: z.array(z.string()) }).loose();

const SignedPack = z.object({
  format: z.literal(SIGNED_PACK_FORMAT),
  files: z.record(z.string().regex(/^[a-z0-9-]+\.json$/), z.unknown()),
  digest: z.string(),
  signer: CityKey,
  signature: z.string(),
});


export function trustedCityKey(db: Db): CityKey | null {
  const value = readSetting(db, CITY_KEY_SETTING);
  return value === null ? null : parseJsonColumn(CityKey, value, '本机登记的市局公钥');
}

export function trustCityKey(ledger: Ledger, by: Principal, file: unknown, typedFingerprint: string): CityKey {
  const parsed = CityKey.safeParse(file);
  if (!parsed.success) throw new DomainError('VALIDATION', '市局公钥文件格式无效');
  const computed = confirmedFingerprint(parsed.data, typedFingerprint, '市局');
  const key = { algorithm: parsed.data.algorithm, publicKey: parsed.data.publicKey, fingerprint: computed };
  ledger.append(by.username, { kind: cityKeyTrusted.kind, entity: 'install:cityKey', payload: key });
  return key;
}

/** What is signed: the files and the digest they give, canonically encoded. */
function signedBytes(files: Record<string, unknown>, digest: string): Uint8Array {
  return new TextEncoder().encode(canonicalJson({ format: SIGNED_PACK_FORMAT, files, digest }));
}

/** The city signs a pack folder (validated as any pack is loaded). */
export function signPackFolder(dir: string, signer: Signer): { bytes: Uint8Array; digest: string } {
  const pack = loadPolicyPack(dir);
  const manifest = PackFiles.parse(JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')));
  const files: Record<string, unknown> = { 'pack.json': manifest };
  for (const file of manifest.files) files[file] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
  const signature = signer.sign(signedBytes(files, pack.meta.digest));
  const signed = { format: SIGNED_PACK_FORMAT, files, digest: pack.meta.digest, signer: { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint }, signature };
  return { bytes: new TextEncoder().encode(`${JSON.stringify(signed)}\n`), digest: pack.meta.digest };
}

/**
 * Verifies a signed pack against the city key this install trusts, then loads it like a pack
 * folder (same validation, same digest). Nothing is loaded unless every check passes.
 */
export function loadSignedPack(ledger: Ledger, by: Principal, bytes: Uint8Array): { digest: string; previousDigest: string | null } {
  const city = trustedCityKey(ledger.db);
  if (!city) throw new DomainError('FORBIDDEN', '本机尚未登记市局公钥，不能载入市局下发的政策包（请先核对并登记市局公钥）');
  let signed: z.infer<typeof SignedPack>;
  try {
    signed = SignedPack.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    throw new DomainError('POLICY_INVALID', '文件不是有效的签名政策包');
  }
  if (signed.signer.fingerprint !== city.fingerprint || signed.signer.publicKey !== city.publicKey) {
    throw new DomainError('BUNDLE_KEY', `政策包由指纹为 ${signed.signer.fingerprint} 的密钥签名，不是本机登记的市局密钥（${city.fingerprint}）`);
  }
  if (!verify(city.algorithm, city.publicKey, signedBytes(signed.files, signed.digest), signed.signature)) {
    throw new DomainError('BUNDLE_SIGNATURE', '政策包签名验证失败：内容在市局签名后被改动');
  }
  const dir = mkdtempSync(join(tmpdir(), 'county-ledger-pack-'));
  try {
    for (const [name, content] of Object.entries(signed.files)) writeFileSync(join(dir, name), JSON.stringify(content));
    if (loadPolicyPack(dir).meta.digest !== signed.digest) throw new DomainError('POLICY_INVALID', '政策包内容与签名时的摘要不符');
    return loadPackFromDirectory(ledger, by, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
