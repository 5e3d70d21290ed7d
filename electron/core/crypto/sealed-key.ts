import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { DomainError } from '../../../shared/result';
import { bytesToHex, hexToBytesExact, isHexOfLength } from './hex';

// A signing key at rest: scrypt derives a 256-bit key from the passphrase, AES-256-GCM encrypts
// the 32 raw private-key bytes. All binary fields are lowercase hex:
//   salt 16 bytes (32 hex), iv 12 bytes (24 hex), tag 16 bytes (32 hex), data 32 bytes (64 hex).
// The header (kdf, n, r, p, salt, cipher) is also GCM's associated data, so an edited header is
// caught by the tag like an edited ciphertext. The passphrase is NFKC-normalised first, so the
// same passphrase typed with full-width or half-width characters (IME mode) opens the key.

export type SealedKey = {
  kdf: 'scrypt';
  n: number;
  r: number;
  p: number;
  salt: string;
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
};

const SCRYPT = { n: 2 ** 15, r: 8, p: 1 } as const;
// Refuse costs a tampered file could use to exhaust memory or time when opened.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

function keyLocked(): DomainError {
  return new DomainError('KEY_LOCKED', '签名密钥口令不正确，或密钥文件已损坏');
}

function associatedData(sealed: Pick<SealedKey, 'kdf' | 'n' | 'r' | 'p' | 'salt' | 'cipher'>): Buffer {
  return Buffer.from(`county-ledger sealed key v1|${sealed.kdf}|${sealed.n}|${sealed.r}|${sealed.p}|${sealed.salt}|${sealed.cipher}`, 'utf8');
}

function deriveKey(passphrase: string, salt: Uint8Array, n: number, r: number, p: number): Buffer {
  // Node's default maxmem (32 MiB) is exactly scrypt's need at N=2^15, r=8 and OpenSSL refuses it.
  return scryptSync(passphrase.normalize('NFKC'), salt, 32, { N: n, r, p, maxmem: 2 * 128 * n * r * p });
}

export function sealPrivateKey(privateKey: string, passphrase: string): SealedKey {
  const secret = hexToBytesExact(privateKey, 32, '私钥');
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new DomainError('VALIDATION', '签名密钥口令不能为空');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = { kdf: 'scrypt', ...SCRYPT, salt: bytesToHex(salt), cipher: 'aes-256-gcm' } as const;
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, SCRYPT.n, SCRYPT.r, SCRYPT.p), iv);
  cipher.setAAD(associatedData(header));
  const data = Buffer.concat([cipher.update(secret), cipher.final()]);
  return { ...header, iv: bytesToHex(iv), tag: bytesToHex(cipher.getAuthTag()), data: bytesToHex(data) };
}

function isSaneHeader(sealed: SealedKey): boolean {
  const { n, r, p } = sealed;
  return (
    sealed.kdf === 'scrypt' &&
    sealed.cipher === 'aes-256-gcm' &&
    Number.isSafeInteger(n) && n >= 2 ** 14 && (n & (n - 1)) === 0 &&
    Number.isSafeInteger(r) && r >= 1 &&
    Number.isSafeInteger(p) && p >= 1 && p <= 16 &&
    128 * n * r <= MAX_SCRYPT_MEMORY &&
    isHexOfLength(sealed.salt, 16) &&
    isHexOfLength(sealed.iv, 12) &&
    isHexOfLength(sealed.tag, 16) &&
    isHexOfLength(sealed.data, 32)
  );
}

/** The private key as lowercase hex; a wrong passphrase or any change to the file throws the same error. */
export function openPrivateKey(sealed: SealedKey, passphrase: string): string {
  if (typeof sealed !== 'object' || sealed === null || !isSaneHeader(sealed) || typeof passphrase !== 'string') throw keyLocked();
  try {
    const salt = Buffer.from(sealed.salt, 'hex');
    const key = deriveKey(passphrase, salt, sealed.n, sealed.r, sealed.p);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'hex'), { authTagLength: 16 });
    decipher.setAAD(associatedData(sealed));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'hex'));
    return bytesToHex(Buffer.concat([decipher.update(Buffer.from(sealed.data, 'hex')), decipher.final()]));
  } catch {
    // GCM's final() throws on a bad tag; the clerk gets one message for both causes on purpose.
    throw keyLocked();
  }
}
