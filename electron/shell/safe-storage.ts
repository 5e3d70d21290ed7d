import type { SafeStorage } from 'electron';
import type { KeyProtector } from '../core/exchange/keys';

// In the desktop app the signing key is sealed by the operating system's key store (DPAPI on
// Windows, the keyring on UOS/Kylin) through Electron's safeStorage, so the clerk types no
// passphrase. Where no key store is available, the app falls back to a passphrase.

export function safeStorageProtector(storage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>): KeyProtector | null {
  if (!storage.isEncryptionAvailable()) return null;
  return {
    kind: 'safe-storage',
    seal: (privateKey) => storage.encryptString(privateKey).toString('base64'),
    open: (sealed) => storage.decryptString(Buffer.from(String(sealed), 'base64')),
  };
}
