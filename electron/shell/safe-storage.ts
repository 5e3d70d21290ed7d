import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';

// In the desktop app the signing key is sealed under a per-user secret which the operating
// system's key store seals (DPAPI on Windows, the keyring on UOS/Kylin) through Electron's
// safeStorage, so the clerk types no passphrase. The core process gets the unsealed secret at
// start (see core/crypto/envelope.ts). Where no key store is available: null, and the app
// falls back to a passphrase.

export function keyStoreSecret(storage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>, file: string): string | null {
  if (!storage.isEncryptionAvailable()) return null;
  if (existsSync(file)) return storage.decryptString(readFileSync(file));
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, storage.encryptString(secret), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return secret;
}
