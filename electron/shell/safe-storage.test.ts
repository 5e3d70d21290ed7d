import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actor, tempCore } from '../../test/helpers/core';
import { installSigner } from '../core/exchange/keys';
import { verify } from '../core/crypto/signing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretProtector } from '../core/crypto/envelope';
import { keyStoreSecret } from './safe-storage';

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

describe('OS key store protector', () => {
  it('seals the signing key under a secret the OS key store seals, and signs after reopening', () => {
    const core = tempCore();
    try {
      const storage = fakeSafeStorage();
      const secretFile = join(core.dir, 'user', 'keystore.bin');
      const secret = keyStoreSecret(storage, secretFile)!;
      expect(readFileSync(secretFile).toString('latin1')).not.toContain(secret); // at rest only sealed
      expect(keyStoreSecret(storage, secretFile)).toBe(secret); // the same secret on the next start
      const first = installSigner(core.ledger, actor('测试'), core.dataDir, secretProtector(secret), 'sm2-sm3');
      const again = installSigner(core.ledger, actor('测试'), core.dataDir, secretProtector(keyStoreSecret(storage, secretFile)!), 'sm2-sm3');
      expect(again.fingerprint).toBe(first.fingerprint);
      const message = new TextEncoder().encode('manifest');
      expect(verify('sm2-sm3', first.publicKey, message, again.sign(message))).toBe(true);
      // another PC's key store makes another secret: the key file does not open there
      const elsewhere = keyStoreSecret(fakeSafeStorage(), join(core.dir, 'other-pc', 'keystore.bin'))!;
      expect(() => installSigner(core.ledger, actor('测试'), core.dataDir, secretProtector(elsewhere), 'sm2-sm3')).toThrow(/迁移包/);
    } finally {
      core.dispose();
    }
  });

  it('is unavailable where the OS has no key store (the app asks for a passphrase instead)', () => {
    expect(keyStoreSecret(fakeSafeStorage(false), '/nonexistent/keystore.bin')).toBeNull();
  });
});
