import { createHash } from 'node:crypto';

// A key fingerprint a clerk can read aloud on the phone to the city, who compares it with the one
// on their screen before trusting a county's key.
//
// Format: SHA-256 over the UTF-8 text `${algorithm}:${publicKeyHexLowercase}`; the first 20 bytes
// (160 bits) in Crockford base32 (alphabet 0-9 A-Z without I, L, O, U), 32 characters in 8 groups
// of 4 joined by '-', e.g. `K7Q2-M9XD-4F8H-...`. Crockford leaves out I, L and O, so "0" and "1"
// can only be digits, and U, so no accidental words. The algorithm label is hashed in, so the same
// key bytes under another algorithm never share a fingerprint.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FINGERPRINT_BYTES = 20;
const GROUP = 4;

/** What `fingerprint` returns: 8 groups of 4 Crockford base32 characters. */
export const FINGERPRINT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

function crockfordBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff; // at most 12 bits are ever pending
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

export function fingerprintOf(algorithm: string, publicKeyHex: string): string {
  const digest = createHash('sha256').update(`${algorithm}:${publicKeyHex.toLowerCase()}`, 'utf8').digest();
  const text = crockfordBase32(digest.subarray(0, FINGERPRINT_BYTES));
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += GROUP) groups.push(text.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * A fingerprint as typed or read back by a person, in the canonical form above: Crockford's
 * decoding rules (case ignored, O → 0, I and L → 1), spaces and hyphens anywhere. Input that is
 * not 32 such characters comes back upper-cased and trimmed, so it simply fails to compare equal.
 */
export function normaliseFingerprint(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]+/gu, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{32}$/.test(compact)) return typed.trim().toUpperCase();
  return compact.match(/.{4}/g)!.join('-');
}
