import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytesExact, isHexOfLength } from './hex';

// Ed25519 (RFC 8032) through @noble/curves: BoringSSL has it, but using one pure implementation
// keeps Electron, the loopback host and the CLI byte-for-byte the same. The private key is the
// 32-byte seed of RFC 8032 §5.1.5.

export function ed25519GeneratePrivateKey(): string {
  return randomBytes(32).toString('hex');
}

export function ed25519PublicKeyOf(privateKey: string): string {
  return bytesToHex(ed25519.getPublicKey(hexToBytesExact(privateKey, 32, 'Ed25519 私钥')));
}

export function ed25519Sign(privateKey: string, message: Uint8Array): string {
  return bytesToHex(ed25519.sign(message, hexToBytesExact(privateKey, 32, 'Ed25519 私钥')));
}

/** Never throws. Strict RFC 8032 rules (zip215: false), so whatever we accept OpenSSL accepts too. */
export function ed25519Verify(publicKey: string, message: Uint8Array, signature: string): boolean {
  try {
    if (!(message instanceof Uint8Array)) return false;
    if (!isHexOfLength(publicKey, 32) || !isHexOfLength(signature, 64)) return false;
    return ed25519.verify(
      hexToBytesExact(signature, 64, 'Ed25519 签名'),
      message,
      hexToBytesExact(publicKey, 32, 'Ed25519 公钥'),
      { zip215: false },
    );
  } catch {
    return false;
  }
}
