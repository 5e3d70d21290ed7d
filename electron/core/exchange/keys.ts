import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { Algorithm } from '../../../shared/domain/exchange';
import { DomainError } from '../../../shared/result';
import { throttledUnlock } from '../crypto/attempts';
import { fingerprint, generateKeyPair, normaliseFingerprint, openPrivateKey, sealPrivateKey, type SealedKey, sign } from '../crypto/signing';
import type { Principal } from '../../../shared/domain/accounts';
import type { Db } from '../db/open';
import { sharedFolderOf, syncFolder, writeFileDurably } from '../files';
import type { Ledger } from '../ledger/ledger';
import { activePack, installRole } from '../policy/repository';
import type { Signer } from './bundle';
import { keyActivated, keyGenerated } from './events';
import { type KeyStatus, signingKeyStatus, signingKeyWithStatus } from './repository';

// The install's signing key. The key pair is made on first use; the private key is sealed (by a
// passphrase, or by Electron's safeStorage in the desktop app) in a file in the database's own
// folder (files.ts) and never enters the ledger, a bundle, a log or an export. The ledger records
// the public key.
// Rotation makes a next key; the next bundle, still signed by the current key, announces it, and
// from then on the next key signs.

export const KEY_FILE = join('keys', 'signing-key.json');
export const NEXT_KEY_FILE = join('keys', 'next-signing-key.json');

/** How the private key is sealed at rest. */
export type KeyProtector = { kind: 'passphrase' | 'safe-storage'; seal(privateKey: string): unknown; open(sealed: unknown): string };

export function passphraseProtector(passphrase: string): KeyProtector {
  if (passphrase.length < 8) throw new DomainError('VALIDATION', '签名密钥口令至少 8 个字符', { field: 'passphrase' });
  return { kind: 'passphrase', seal: (key) => sealPrivateKey(key, passphrase), open: (sealed) => openPrivateKey(sealed as SealedKey, passphrase) };
}

const Protection = z.enum(['passphrase', 'safe-storage']);
export const KeyFile = z.object({ algorithm: Algorithm, publicKey: z.string(), fingerprint: z.string(), protection: Protection, sealed: z.unknown() });
export type PublicKey = { algorithm: Algorithm; publicKey: string; fingerprint: string; createdAt: string };



export type PublicKeyFile = { format: 'county-ledger-public-key/1'; county: { code: string; name: string } | null } & PublicKey;

function keyWithStatus(db: Db, status: 'active' | 'next'): PublicKey | null {
  const row = signingKeyWithStatus(db, status);
  return row ? { algorithm: row.algorithm, publicKey: row.public_key, fingerprint: row.fingerprint, createdAt: row.created_at } : null;
}

export const currentPublicKey = (db: Db) => keyWithStatus(db, 'active');
export const nextPublicKey = (db: Db) => keyWithStatus(db, 'next');

export function writeKeyFile(path: string, file: z.infer<typeof KeyFile>): void {
  writeFileDurably(path, JSON.stringify(file, null, 2), 0o600);
}

/** Where a key file of each status lives in the database's folder. */
function keyFileFor(dataDir: string, fingerprint: string, status: KeyStatus): string {
  if (status === 'active') return join(dataDir, KEY_FILE);
  if (status === 'next') return join(dataDir, NEXT_KEY_FILE);
  return join(dataDir, 'keys', `retired-${fingerprint}.json`);
}

/**
 * Versions before the per-database folder kept the key files beside the database, in a keys/
 * folder every database there shared. Those whose fingerprint this ledger recorded are copied
 * into its own folder, under the name their status here gives them, once (a file already there
 * is kept). Copied, not moved: a copy of the database kept in the same folder needs them too.
 * Returns the fingerprints adopted.
 */
export function adoptSharedKeyFiles(db: Db, dataDir: string): string[] {
  const shared = join(sharedFolderOf(dataDir), 'keys');
  if (!existsSync(shared)) return [];
  const adopted: string[] = [];
  for (const name of readdirSync(shared)) {
    if (!/^(?:signing-key|next-signing-key|retired-[\w-]+)\.json$/.test(name)) continue;
    let text: string;
    let file: z.infer<typeof KeyFile>;
    try {
      text = readFileSync(join(shared, name), 'utf8');
      file = KeyFile.parse(JSON.parse(text));
    } catch {
      continue; // not a key file of ours: left where it is
    }
    const status = signingKeyStatus(db, file.fingerprint);
    if (!status) continue; // another database's key
    const target = keyFileFor(dataDir, file.fingerprint, status);
    if (existsSync(target)) continue;
    writeFileDurably(target, text, 0o600);
    adopted.push(file.fingerprint);
  }
  return adopted;
}

function newKey(ledger: Ledger, by: Principal, path: string, protector: KeyProtector, algorithm: Algorithm, status: 'active' | 'next'): void {
  const pair = generateKeyPair(algorithm);
  const file = { algorithm, publicKey: pair.publicKey, fingerprint: fingerprint(algorithm, pair.publicKey), protection: protector.kind, sealed: protector.seal(pair.privateKey) };
  writeKeyFile(path, file);
  ledger.append(by.username, { kind: keyGenerated.kind, entity: `key:${file.fingerprint}`, payload: { algorithm, publicKey: file.publicKey, fingerprint: file.fingerprint, protection: protector.kind, status } });
}

/** The install's signer: the sealed key opened with the protector, or a new key pair made, sealed and recorded. */
export function installSigner(ledger: Ledger, by: Principal, dataDir: string, protector: KeyProtector, algorithm: Algorithm): Signer {
  const path = join(dataDir, KEY_FILE);
  if (!existsSync(path)) {
    const known = currentPublicKey(ledger.db);
    if (known) throw new DomainError('KEY_LOCKED', `签名密钥文件 ${path} 不见了（本机登记的公钥指纹 ${known.fingerprint}），请从备份恢复该文件`);
    newKey(ledger, by, path, protector, algorithm, 'active');
  }
  const file = KeyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (currentPublicKey(ledger.db)?.fingerprint !== file.fingerprint) throw new DomainError('KEY_LOCKED', `签名密钥文件 ${path} 与本机账本登记的公钥不一致`);
  if (file.protection !== protector.kind) throw new DomainError('KEY_LOCKED', `签名密钥以${file.protection === 'passphrase' ? '口令' : '系统密钥库'}保护，请用相应方式解锁`);
  const privateKey = protector.kind === 'passphrase' ? throttledUnlock(dirname(path), () => protector.open(file.sealed)) : protector.open(file.sealed);
  return { algorithm: file.algorithm, publicKey: file.publicKey, fingerprint: file.fingerprint, sign: (message) => sign(file.algorithm, privateKey, message) };
}

/** Makes the next key (sealed with the same protector); the next bundle announces it. */
export function rotateKey(ledger: Ledger, by: Principal, dataDir: string, protector: KeyProtector, algorithm: Algorithm): PublicKey {
  installSigner(ledger, by, dataDir, protector, algorithm); // the current key must open: only its holder rotates
  if (nextPublicKey(ledger.db)) throw new DomainError('STATE', '已有待启用的新密钥：请先报送一个数据包宣告它');
  newKey(ledger, by, join(dataDir, NEXT_KEY_FILE), protector, algorithm, 'next');
  return nextPublicKey(ledger.db)!;
}

/**
 * After the announcing bundle is done: the next key's file becomes the signing key, the old one is
 * kept aside. Called inside the write that marks the bundle done, so the ledger switches keys in
 * the same commit; the file moves are safe to repeat, so a crash between them and the commit is
 * finished by the next start (which marks the bundle done again, see delivery.ts).
 */
export function activateNextKey(ledger: Ledger, by: Principal, dataDir: string, announcedIn: number): void {
  const next = nextPublicKey(ledger.db);
  const current = currentPublicKey(ledger.db);
  if (!next || !current) return;
  ledger.db.transaction(() => {
    ledger.append(by.username, { kind: keyActivated.kind, entity: `key:${next.fingerprint}`, payload: { fingerprint: next.fingerprint, previous: current.fingerprint, announcedIn } });
    promoteNextKeyFile(dataDir, current.fingerprint);
  })();
}

/** Signing key → retired-<fingerprint>.json, next → signing key; from any point between, the same end. */
function promoteNextKeyFile(dataDir: string, current: string): void {
  const active = join(dataDir, KEY_FILE);
  const waiting = join(dataDir, NEXT_KEY_FILE);
  if (!existsSync(waiting)) return;
  if (existsSync(active)) renameSync(active, keyFileFor(dataDir, current, 'retired'));
  renameSync(waiting, active);
  syncFolder(join(dataDir, 'keys'));
}

/** The install's public key as a file to hand over (the county's, or the city's with county null). */
export function publicKeyFile(db: Db): PublicKeyFile {
  const key = currentPublicKey(db);
  if (!key) throw new DomainError('NOT_FOUND', '本机尚未生成签名密钥');
  const role = installRole(db);
  const county = role?.role === 'county' ? activePack(db).counties.find((c) => c.code === role.county) : undefined;
  return { format: 'county-ledger-public-key/1', county: county ? { code: county.code, name: county.name } : null, ...key };
}

/**
 * Another install's public key, accepted only if its file is self-consistent and the fingerprint a
 * person compared (by phone or on paper) is its own. The refusal never shows the right one:
 * copying it from the message would skip the comparison.
 */
export function confirmedFingerprint(key: { algorithm: Algorithm; publicKey: string; fingerprint: string }, typed: string, withWhom: string): string {
  const computed = fingerprint(key.algorithm, key.publicKey);
  if (computed !== key.fingerprint) throw new DomainError('VALIDATION', '公钥文件中的指纹与公钥不符，文件可能被改动');
  if (normaliseFingerprint(typed) !== computed) throw new DomainError('VALIDATION', `核对的指纹与该公钥不符：请与${withWhom}重新逐组核对`, { field: 'fingerprint' });
  return computed;
}

export const KEY_EVENTS = [keyGenerated, keyActivated];
