import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Algorithm } from '../../shared/domain/exchange';
import { DomainError } from '../../shared/result';
import { fingerprint, generateKeyPair, openPrivateKey, sealPrivateKey, type SealedKey, sign } from '../crypto/signing';
import type { Db } from '../db/open';
import { statement } from '../db/statements';
import { defineEvent } from '../ledger/events';
import type { Ledger } from '../ledger/ledger';
import type { Signer } from './bundle';

// The install's signing key. The key pair is made on first use; the private key is sealed (by a
// passphrase, or by Electron's safeStorage in the desktop app) in a file beside the database and
// never enters the ledger, a bundle, a log or an export. The ledger records the public key.

export const KEY_FILE = join('keys', 'signing-key.json');

/** How the private key is sealed at rest. */
export type KeyProtector = { kind: 'passphrase' | 'safe-storage'; seal(privateKey: string): unknown; open(sealed: unknown): string };

export function passphraseProtector(passphrase: string): KeyProtector {
  if (passphrase.length < 8) throw new DomainError('VALIDATION', '签名密钥口令至少 8 个字符', { field: 'passphrase' });
  return { kind: 'passphrase', seal: (key) => sealPrivateKey(key, passphrase), open: (sealed) => openPrivateKey(sealed as SealedKey, passphrase) };
}

const KeyFile = z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), protection: z.enum(['passphrase', 'safe-storage']), sealed: z.unknown() });

export const keyGenerated = defineEvent({
  kind: 'key.generated',
  payload: z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), protection: z.enum(['passphrase', 'safe-storage']) }),
  apply(db, p, meta) {
    statement(db, 'INSERT INTO signing_key (fingerprint, algorithm, public_key, protection, created_at, created_seq) VALUES (?, ?, ?, ?, ?, ?)').run(
      p.fingerprint,
      p.algorithm,
      p.publicKey,
      p.protection,
      meta.at,
      meta.seq,
    );
  },
});

export type PublicKeyFile = { format: 'county-ledger-public-key/1'; county: { code: string; name: string } | null; algorithm: Algorithm; publicKey: string; fingerprint: string; createdAt: string };

export function currentPublicKey(db: Db): { algorithm: Algorithm; publicKey: string; fingerprint: string; createdAt: string } | null {
  const row = statement(db, 'SELECT algorithm, public_key, fingerprint, created_at FROM signing_key ORDER BY created_seq DESC LIMIT 1').get() as
    | { algorithm: Algorithm; public_key: string; fingerprint: string; created_at: string }
    | undefined;
  return row ? { algorithm: row.algorithm, publicKey: row.public_key, fingerprint: row.fingerprint, createdAt: row.created_at } : null;
}

/** The install's signer: the sealed key opened with the protector, or a new key pair made, sealed and announced. */
export function installSigner(ledger: Ledger, actor: string, dataDir: string, protector: KeyProtector, algorithm: Algorithm): Signer {
  const path = join(dataDir, KEY_FILE);
  let known = currentPublicKey(ledger.db);
  if (!existsSync(path)) {
    if (known) throw new DomainError('KEY_LOCKED', `签名密钥文件 ${path} 不见了（本机登记的公钥指纹 ${known.fingerprint}），请从备份恢复该文件`);
    const pair = generateKeyPair(algorithm);
    const file = { algorithm, publicKey: pair.publicKey, fingerprint: fingerprint(algorithm, pair.publicKey), protection: protector.kind, sealed: protector.seal(pair.privateKey) };
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    writeFileSync(`${path}.tmp`, JSON.stringify(file, null, 2), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
    ledger.append(actor, { kind: keyGenerated.kind, entity: `key:${file.fingerprint}`, payload: { algorithm, publicKey: file.publicKey, fingerprint: file.fingerprint, protection: protector.kind } });
    known = currentPublicKey(ledger.db);
  }
  const file = KeyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (!known || known.fingerprint !== file.fingerprint) throw new DomainError('KEY_LOCKED', `签名密钥文件 ${path} 与本机账本登记的公钥不一致`);
  if (file.protection !== protector.kind) throw new DomainError('KEY_LOCKED', `签名密钥以${file.protection === 'passphrase' ? '口令' : '系统密钥库'}保护，请用相应方式解锁`);
  const privateKey = protector.open(file.sealed);
  return { algorithm: file.algorithm, publicKey: file.publicKey, fingerprint: file.fingerprint, sign: (message) => sign(file.algorithm, privateKey, message) };
}

export const KEY_EVENTS = [keyGenerated];
