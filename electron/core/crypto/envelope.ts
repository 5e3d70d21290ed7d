import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../../../shared/result';
import type { KeyProtector } from '../exchange/keys';
import { bytesToHex, hexToBytesExact } from './hex';

// The desktop app's key protection, usable inside the core's own process: the main process keeps
// one random 256-bit secret per operating-system user, sealed by the OS key store (safeStorage:
// DPAPI on Windows, the keyring on UOS/Kylin), and hands it to the core process at start. Key
// files are sealed with AES-256-GCM under that secret, so they open only where the OS key store
// opens the secret: on this PC, for this user. Moving to a new PC goes through a migration package.

type Sealed = { v: 1; iv: string; tag: string; data: string };

export function secretProtector(secretHex: string): KeyProtector {
  const key = Buffer.from(hexToBytesExact(secretHex, 32, '系统密钥库密钥'));
  return {
    kind: 'safe-storage',
    seal(privateKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(Buffer.from(hexToBytesExact(privateKey, 32, '私钥'))), cipher.final()]);
      const sealed: Sealed = { v: 1, iv: bytesToHex(iv), tag: bytesToHex(cipher.getAuthTag()), data: bytesToHex(data) };
      return sealed;
    },
    open(sealed) {
      try {
        const s = sealed as Sealed;
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'hex'), { authTagLength: 16 });
        decipher.setAuthTag(Buffer.from(s.tag, 'hex'));
        return bytesToHex(Buffer.concat([decipher.update(Buffer.from(s.data, 'hex')), decipher.final()]));
      } catch {
        throw new DomainError('KEY_LOCKED', '本机系统密钥库无法解开签名密钥：密钥文件不是在本机保存的，请用迁移包把密钥带到本机');
      }
    },
  };
}
