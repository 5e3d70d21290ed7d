import { createHash, getHashes } from 'node:crypto';
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';

// TEST ONLY — never imported by production code. A second, independent SM2 written straight from
// GB/T 32918.2-2016 §6–7 on @noble/curves' generic Weierstrass arithmetic (curve from GB/T 32918.5)
// and OpenSSL's SM3 (plain Node's node:crypto; Electron's BoringSSL has none). Tests use it to show
// that signatures made by sm-crypto-v2 with random k are standard SM2, not merely self-consistent.

const SM2 = {
  p: BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF'),
  a: BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC'),
  b: BigInt('0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93'),
  n: BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123'),
  Gx: BigInt('0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7'),
  Gy: BigInt('0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0'),
  h: 1n,
};
const Point = weierstrass(SM2);

export const referenceSm3Available = getHashes().includes('sm3');

const sm3 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const be32 = (x: bigint): Buffer => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const toBig = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);

/** e = SM3(Z_A ‖ M), Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (§5.5). */
function digestE(publicKeyHex: string, message: Uint8Array, userId: string): bigint {
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  const pub = Buffer.from(publicKeyHex.slice(2), 'hex');
  const z = sm3(entl, id, be32(SM2.a), be32(SM2.b), be32(SM2.Gx), be32(SM2.Gy), pub);
  return toBig(sm3(z, message));
}

export function referencePublicKey(privateKeyHex: string): string {
  const q = Point.BASE.multiply(BigInt(`0x${privateKeyHex}`)).toAffine();
  return `04${be32(q.x).toString('hex')}${be32(q.y).toString('hex')}`;
}

/** §6.1 with a given k. */
export function referenceSign(privateKeyHex: string, message: Uint8Array, kHex: string, userId: string): string {
  const d = BigInt(`0x${privateKeyHex}`);
  const k = BigInt(`0x${kHex}`);
  const e = digestE(referencePublicKey(privateKeyHex), message, userId);
  const x1 = Point.BASE.multiply(k).toAffine().x;
  const r = mod(e + x1, SM2.n);
  const s = mod(invert(1n + d, SM2.n) * (k - r * d), SM2.n);
  return be32(r).toString('hex') + be32(s).toString('hex');
}

/** §7.1. Assumes well-formed input: it is only fed signatures and keys the tests produced. */
export function referenceVerify(publicKeyHex: string, message: Uint8Array, signatureHex: string, userId: string): boolean {
  const r = BigInt(`0x${signatureHex.slice(0, 64)}`);
  const s = BigInt(`0x${signatureHex.slice(64)}`);
  if (r < 1n || r >= SM2.n || s < 1n || s >= SM2.n) return false;
  const t = mod(r + s, SM2.n);
  if (t === 0n) return false;
  const pa = Point.fromHex(publicKeyHex);
  pa.assertValidity();
  const x1 = Point.BASE.multiply(s).add(pa.multiply(t)).toAffine().x;
  return mod(digestE(publicKeyHex, message, userId) + x1, SM2.n) === r;
}
