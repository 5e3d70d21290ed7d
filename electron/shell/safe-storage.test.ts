import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actor, tempCore } from '../../test/helpers/core';
import { installSigner } from '../core/exchange/keys';
import { verify } from '../core/crypto/signing';
import { safeStorageProtector } from './safe-storage';

// The desktop app's key protector over a stand-in for Electron's safeStorage (a real AES key
// held in memory, as the OS key store would hold it), driving the real key store code.

function fakeSafeStorage(available = true) {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text: string) => {
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final()]);
    },
    decryptString: (data: Buffer) => {
      const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
      return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
    },
  };
}

describe('safeStorage key protector', () => {
  it('seals the signing key with the OS key store and signs after reopening', () => {
    const core = tempCore();
    try {
      const protector = safeStorageProtector(fakeSafeStorage())!;
      const first = installSigner(core.ledger, actor('测试'), core.dataDir, protector, 'sm2-sm3');
      const again = installSigner(core.ledger, actor('测试'), core.dataDir, protector, 'sm2-sm3');
      expect(again.fingerprint).toBe(first.fingerprint);
      const message = new TextEncoder().encode('manifest');
      expect(verify('sm2-sm3', first.publicKey, message, again.sign(message))).toBe(true);
    } finally {
      core.dispose();
    }
  });

  it('is unavailable where the OS has no key store (the app asks for a passphrase instead)', () => {
    expect(safeStorageProtector(fakeSafeStorage(false))).toBeNull();
  });
});
