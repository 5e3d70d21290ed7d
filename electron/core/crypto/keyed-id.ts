import { createHmac, createSecretKey, hash } from 'node:crypto';
import { DomainError } from '../../../shared/result';

// Lets the city match one person across counties without anyone handing over the numbers
// (《个人信息保护法》 art. 28: ID and bank account numbers are sensitive personal information).
// A plain hash would not do: an 18-digit ID with a known birth date and check digit is enumerable
// in minutes, so the hash is keyed with a secret the city shares with the counties.

const HEX = /^(?:[0-9a-f]{2})+$/i;
const MIN_KEY_BYTES = 32; // RFC 2104 §3: keys shorter than the hash output weaken it

/** NFKC folds full-width digits and 'ｘ' into ASCII; then all white space goes and x becomes X. */
export function normaliseIdValue(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** HMAC-SHA256 (lowercase hex) of the normalised value under the shared key. */
export function keyedIdHash(hmacKeyHex: string, value: string): string {
  return keyedIdHasher(hmacKeyHex)(value);
}

/**
 * keyedIdHash with the key checked and imported once, for hashing many values (a bundle hashes
 * every subject's ID and bank account, and the claims and payments repeat them): each distinct
 * value is hashed once and remembered for the hasher's life.
 */
export function keyedIdHasher(hmacKeyHex: string): (value: string) => string {
  if (typeof hmacKeyHex !== 'string' || !HEX.test(hmacKeyHex) || hmacKeyHex.length < MIN_KEY_BYTES * 2) {
    throw new DomainError('VALIDATION', `比对密钥格式不正确：应为至少 ${MIN_KEY_BYTES * 2} 位十六进制`);
  }
  const key = createSecretKey(Buffer.from(hmacKeyHex, 'hex'));
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    const normalised = normaliseIdValue(String(value));
    // An empty value would make every blank field "the same person" in every county.
    if (normalised === '') throw new DomainError('VALIDATION', '待比对的号码为空');
    const hashed = createHmac('sha256', key).update(normalised, 'utf8').digest('hex');
    seen.set(value, hashed);
    return hashed;
  };
}

/** How the ledger names the key without holding it: SHA-256 of its bytes (a 256-bit random key cannot be recovered from it). */
export function hmacKeySha256(hmacKeyHex: string): string {
  return hash('sha256', Buffer.from(hmacKeyHex, 'hex'), 'hex');
}
