import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../../../shared/result';
import { verify } from '../crypto/signing';
import type { Db } from '../db/open';
import { sizeAndDigest } from '../backup/backup';
import { createZipWriter, readZip } from '../backup/zip-stream';
import type { Signer } from '../exchange/bundle';
import { CityKey } from '../exchange/events';
import { trustedCityKey } from '../exchange/signed-pack';
import { canonicalJson } from '../ledger/canonical';

// An update for a PC with no update server at all (.cupdate): the installer and a manifest
// signed by the city key the county already trusts for policy packs. It is refused unless the
// signature holds for that very key, the installer's size and SHA-256 match the manifest, and
// its version is newer than the running one.

export const UPDATE_FORMAT = 'county-ledger-update/1';
const MANIFEST = 'update.json';
const MAX_MANIFEST_BYTES = 256 * 1024;
const INSTALLER_NAME = /^[A-Za-z0-9._-]{1,200}$/;

const Signed = z.object({
  format: z.literal(UPDATE_FORMAT),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  notes: z.string().max(20_000),
  installer: z.object({ fileName: z.string().regex(INSTALLER_NAME), size: z.number().int().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
const UpdateManifest = Signed.extend({ signer: CityKey, signature: z.string() });

const refuse = (reason: string) => new DomainError('UPDATE_INVALID', `更新文件无法使用：${reason}`);

/** -1, 0 or 1 as version a is older than, the same as or newer than b (x.y.z, numbers compared). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The city makes an offline update file from an installer (CLI `update sign`). */
export function signUpdateFile(installerPath: string, version: string, notes: string, signer: Signer, outPath: string): { path: string; sha256: string } {
  const installer = { fileName: basename(installerPath), ...sizeAndDigest(installerPath) };
  const body = Signed.parse({ format: UPDATE_FORMAT, version, notes, installer });
  const signature = signer.sign(new TextEncoder().encode(canonicalJson(body)));
  const manifest = { ...body, signer: { algorithm: signer.algorithm, publicKey: signer.publicKey, fingerprint: signer.fingerprint }, signature };
  const zip = createZipWriter(`${outPath}.part`);
  zip.addBytes(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addFile(`installer/${installer.fileName}`, installerPath);
  zip.close();
  renameSync(`${outPath}.part`, outPath);
  return { path: outPath, sha256: installer.sha256 };
}

export type VerifiedUpdate = { version: string; notes: string; fileName: string; sha256: string; installer: string };

/**
 * Checks an offline update file against the trusted city key and the running version, unpacking
 * its installer into `outDir` only as far as the signed manifest allows.
 */
export function verifyUpdateFile(db: Db, path: string, runningVersion: string, outDir: string): VerifiedUpdate {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `更新文件「${path}」不存在`);
  const city = trustedCityKey(db);
  if (!city) throw refuse('本机尚未登记市局公钥，无法核验更新文件的签名');
  let manifest: z.infer<typeof UpdateManifest> | null = null;
  let installer: string | null = null;
  mkdirSync(outDir, { recursive: true });
  try {
    readZip(path, (name) => {
      if (!manifest) {
        if (name !== MANIFEST) throw refuse('不是县域电商台账的更新文件');
        const chunks: Uint8Array[] = [];
        let size = 0;
        return {
          write(chunk) {
            size += chunk.length;
            if (size > MAX_MANIFEST_BYTES) throw refuse('更新清单过大');
            chunks.push(chunk);
          },
          end() {
            manifest = checkManifest(Buffer.concat(chunks), city, runningVersion);
          },
        };
      }
      const want = manifest.installer;
      if (name !== `installer/${want.fileName}` || installer) throw refuse(`含有清单之外的文件「${name}」`);
      installer = join(outDir, want.fileName);
      return boundedCopy(installer, want.size, want.sha256);
    });
  } catch (error) {
    if (installer) rmSync(installer, { force: true });
    if (error instanceof DomainError) throw error;
    throw refuse(`文件已损坏（${error instanceof Error ? error.message : String(error)}）`);
  }
  const found = manifest as z.infer<typeof UpdateManifest> | null;
  if (!found || !installer) throw refuse('缺少安装程序或清单');
  return { version: found.version, notes: found.notes, fileName: found.installer.fileName, sha256: found.installer.sha256, installer };
}

function checkManifest(bytes: Buffer, city: CityKey, runningVersion: string): z.infer<typeof UpdateManifest> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw refuse('更新清单不是有效的 JSON');
  }
  const unsigned = Signed.safeParse(json);
  if (!unsigned.success) throw refuse('更新清单格式不对');
  const parsed = UpdateManifest.safeParse(json);
  if (!parsed.success) throw refuse('没有市局签名');
  const m = parsed.data;
  if (m.signer.publicKey !== city.publicKey || m.signer.algorithm !== city.algorithm) throw refuse(`由指纹为 ${m.signer.fingerprint} 的密钥签名，不是本机登记的市局密钥（${city.fingerprint}）`);
  if (!verify(city.algorithm, city.publicKey, new TextEncoder().encode(canonicalJson(unsigned.data)), m.signature)) throw refuse('签名验证失败：内容在市局签名后被改动');
  if (compareVersions(m.version, runningVersion) <= 0) throw refuse(`版本 ${m.version} 不比正在使用的 ${runningVersion} 新`);
  return m;
}

function boundedCopy(path: string, size: number, sha256: string) {
  rmSync(path, { force: true });
  const fd = openSync(path, 'wx', 0o700);
  const hash = createHash('sha256');
  let written = 0;
  return {
    write(chunk: Uint8Array) {
      written += chunk.length;
      if (written > size) {
        closeSync(fd);
        throw refuse('安装程序比清单所记的大');
      }
      hash.update(chunk);
      writeSync(fd, chunk);
    },
    end() {
      fsyncSync(fd);
      closeSync(fd);
      if (written !== size || hash.digest('hex') !== sha256) throw refuse('安装程序的大小或 SHA-256 与清单不符');
    },
  };
}
