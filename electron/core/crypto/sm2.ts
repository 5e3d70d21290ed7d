import { randomBytes } from 'node:crypto';
import { sm2, sm3 } from 'sm-crypto-v2';
import { DomainError } from '../../../shared/result';
import { bytesToHex, hexToBytesExact, isHexOfLength } from './hex';

// SM2 (GB/T 32918.2-2016) and SM3 (GB/T 32905-2016) through sm-crypto-v2, a pure TypeScript
// implementation: Electron's BoringSSL has neither, and the desktop app, the loopback host and the
// CLI must sign identically. Every sign/verify passes `hash: true`, which makes the library compute
// e = SM3(Z_A ‖ M) with Z_A over the default user ID — the standard signature. Without it the library
// signs the raw message bytes, which no other SM2 implementation would verify.

/** GM/T 0009-2012 default signer ID, the one the standard vector and every CA use. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Order of the SM2 base point (GB/T 32918.5 recommended curve). */
export const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

const UNCOMPRESSED_PUBLIC_KEY = /^04[0-9a-f]{128}$/i;
const utf8 = new TextEncoder();

/** SM3 digest as lowercase hex; strings are hashed as UTF-8. */
export function sm3Hex(data: Uint8Array | string): string {
  // Encode strings ourselves: the library's own UTF-8 encoder mangles some 4-byte characters
  // (planes 4–15, e.g. the ideographic variation selectors U+E0100…) and throws on lone surrogates.
  return sm3(typeof data === 'string' ? utf8.encode(data) : data);
}

/** d must lie in [1, n−2] (GB/T 32918.1 §6.1): signing divides by 1 + d, so n − 1 is unusable. */
function sm2PrivateScalar(privateKey: string): bigint {
  const d = BigInt(`0x${bytesToHex(hexToBytesExact(privateKey, 32, 'SM2 私钥'))}`);
  if (d < 1n || d > SM2_N - 2n) throw new DomainError('VALIDATION', 'SM2 私钥超出有效范围');
  return d;
}

export function sm2GeneratePrivateKey(): string {
  // Rejection sampling keeps d uniform in [1, n−2]; a retry happens about once in 2^32 draws.
  for (;;) {
    const candidate = randomBytes(32);
    const d = BigInt(`0x${candidate.toString('hex')}`);
    if (d >= 1n && d <= SM2_N - 2n) return candidate.toString('hex');
  }
}

/** Uncompressed public key '04' ‖ x ‖ y, 130 lowercase hex. */
export function sm2PublicKeyOf(privateKey: string): string {
  sm2PrivateScalar(privateKey);
  return sm2.getPublicKeyFromPrivateKey(privateKey.toLowerCase()).toLowerCase();
}

type Nonce = { k: bigint; x1: bigint };

function signWith(privateKey: string, message: Uint8Array, nonces: Nonce[] | undefined): string {
  sm2PrivateScalar(privateKey);
  const key = privateKey.toLowerCase();
  return sm2.doSignature(message, key, {
    hash: true,
    userId: SM2_DEFAULT_USER_ID,
    publicKey: sm2.getPublicKeyFromPrivateKey(key),
    ...(nonces ? { pointPool: nonces } : {}),
  });
}

/** Standard SM2 signature r ‖ s (128 lowercase hex) with a fresh random k from the CSPRNG. */
export function sm2Sign(privateKey: string, message: Uint8Array): string {
  return signWith(privateKey, message, undefined);
}

/**
 * Signs with a caller-chosen k. Only for reproducing published test vectors (GB/T 32918.5
 * Annex A): a k used twice, or a guessable k, gives the private key away. Production code calls
 * `sm2Sign`. It goes through the same library call as `sm2Sign`, only the nonce source differs:
 * the library's `pointPool` takes (k, x1) with x1 the x-coordinate of [k]G, which is exactly the
 * x of the "public key" of k.
 */
export function sm2SignWithKnownNonceForVectors(privateKey: string, message: Uint8Array, kHex: string): string {
  const kG = sm2PublicKeyOf(kHex);
  return signWith(privateKey, message, [{ k: BigInt(`0x${kHex}`), x1: BigInt(`0x${kG.slice(2, 66)}`) }]);
}

// Verifying a county's journal checks thousands of signatures under one key. A precomputed table
// for that key makes each verification ~6x faster (≈7 ms → ≈1 ms) but costs ≈70 ms to build, so it
// is built on a key's second use and only a few keys are kept (≈0.7 MB each).
type PublicPoint = ReturnType<typeof sm2.precomputePublicKey>;
const MAX_CACHED_KEYS = 8;
const keyUses = new Map<string, { uses: number; point?: PublicPoint }>();

function publicPointFor(publicKey: string): string | PublicPoint {
  const entry = keyUses.get(publicKey) ?? { uses: 0 };
  keyUses.delete(publicKey); // re-insert below: Map order then runs from least to most recent
  keyUses.set(publicKey, entry);
  if (keyUses.size > MAX_CACHED_KEYS) keyUses.delete(keyUses.keys().next().value as string);
  entry.uses += 1;
  if (entry.uses >= 2 && entry.point === undefined) entry.point = sm2.precomputePublicKey(publicKey);
  return entry.point ?? publicKey;
}

/** Never throws: a wrong length, non-hex, r or s outside [1, n−1], a point not on the curve all give false. Hex case is ignored. */
export function sm2Verify(publicKey: string, message: Uint8Array, signature: string): boolean {
  try {
    if (!(message instanceof Uint8Array)) return false;
    if (typeof publicKey !== 'string' || !UNCOMPRESSED_PUBLIC_KEY.test(publicKey)) return false;
    if (!isHexOfLength(signature, 64)) return false;
    // The library does not range-check r and s; the standard requires both in [1, n−1].
    const r = BigInt(`0x${signature.slice(0, 64)}`);
    const s = BigInt(`0x${signature.slice(64)}`);
    if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
    return sm2.doVerifySignature(message, signature.toLowerCase(), publicPointFor(publicKey.toLowerCase()), {
      hash: true,
      userId: SM2_DEFAULT_USER_ID,
    });
  } catch {
    // fromHex throws for a point that is not on the curve.
    return false;
  }
}
