import { DomainError } from '../../../shared/result';
import { ed25519GeneratePrivateKey, ed25519PublicKeyOf, ed25519Sign, ed25519Verify } from './ed25519';
import { isHexOfLength } from './hex';
import { sm2GeneratePrivateKey, sm2PublicKeyOf, sm2Sign, sm2Verify } from './sm2';
import { fingerprintOf } from './fingerprint';

// Signing keys for the county's submissions to the city. Two algorithms: SM2 with SM3 (国密, what
// the government side expects) and Ed25519 (small, fast, widely verifiable). Keys and signatures
// are lowercase hex so they drop into JSON and canonicalJson unchanged:
//   SM2      public '04' ‖ x ‖ y (130 hex), private d (64 hex), signature r ‖ s (128 hex),
//            e = SM3(Z_A ‖ M) with Z_A over user ID 1234567812345678 (GB/T 32918.2, GM/T 0009)
//   Ed25519  public 64 hex, private = RFC 8032 seed (64 hex), signature 128 hex

export type Algorithm = 'sm2-sm3' | 'ed25519';
export type KeyPair = { algorithm: Algorithm; publicKey: string; privateKey: string };

export { SM2_DEFAULT_USER_ID, sm3Hex } from './sm2';
export { FINGERPRINT_PATTERN, normaliseFingerprint } from './fingerprint';
export { openPrivateKey, sealPrivateKey, type SealedKey } from './sealed-key';
export { keyedIdHash, keyedIdHasher } from './keyed-id';

function unsupported(algorithm: unknown): never {
  throw new DomainError('VALIDATION', `不支持的签名算法：${String(algorithm)}`);
}

export function generateKeyPair(algorithm: Algorithm): KeyPair {
  const privateKey =
    algorithm === 'sm2-sm3' ? sm2GeneratePrivateKey() : algorithm === 'ed25519' ? ed25519GeneratePrivateKey() : unsupported(algorithm);
  return { algorithm, publicKey: publicKeyOf(algorithm, privateKey), privateKey };
}

export function publicKeyOf(algorithm: Algorithm, privateKey: string): string {
  if (algorithm === 'sm2-sm3') return sm2PublicKeyOf(privateKey);
  if (algorithm === 'ed25519') return ed25519PublicKeyOf(privateKey);
  return unsupported(algorithm);
}

export function sign(algorithm: Algorithm, privateKey: string, message: Uint8Array): string {
  if (!(message instanceof Uint8Array)) throw new DomainError('VALIDATION', '待签名的内容必须是字节');
  if (algorithm === 'sm2-sm3') return sm2Sign(privateKey, message);
  if (algorithm === 'ed25519') return ed25519Sign(privateKey, message);
  return unsupported(algorithm);
}

/** False for a bad signature and for anything malformed (unknown algorithm included); never throws. */
export function verify(algorithm: Algorithm, publicKey: string, message: Uint8Array, signature: string): boolean {
  if (algorithm === 'sm2-sm3') return sm2Verify(publicKey, message, signature);
  if (algorithm === 'ed25519') return ed25519Verify(publicKey, message, signature);
  return false;
}

/** See fingerprint.ts for the format. Throws VALIDATION for a key that is not of the algorithm's shape. */
export function fingerprint(algorithm: Algorithm, publicKey: string): string {
  const wellFormed =
    algorithm === 'sm2-sm3'
      ? isHexOfLength(publicKey, 65) && publicKey.startsWith('04')
      : algorithm === 'ed25519'
        ? isHexOfLength(publicKey, 32)
        : unsupported(algorithm);
  if (!wellFormed) throw new DomainError('VALIDATION', '公钥格式不正确，无法计算指纹');
  return fingerprintOf(algorithm, publicKey);
}
