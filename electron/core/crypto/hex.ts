import { DomainError } from '../../../shared/result';

// Strict hex at the boundary: Buffer.from(text, 'hex') silently drops a bad tail, which would turn
// a typo in a key file into a different key instead of an error.

const HEX = /^(?:[0-9a-f]{2})*$/i;

/** True when `text` is hex of exactly `bytes` bytes (either case). */
export function isHexOfLength(text: unknown, bytes: number): text is string {
  return typeof text === 'string' && text.length === bytes * 2 && HEX.test(text);
}

/** Decodes hex of exactly `bytes` bytes, or throws VALIDATION naming `what`. */
export function hexToBytesExact(text: string, bytes: number, what: string): Uint8Array {
  if (!isHexOfLength(text, bytes)) throw new DomainError('VALIDATION', `${what}格式不正确：应为 ${bytes * 2} 位十六进制`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
