import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import type { ManifestFile } from '../../../shared/domain/exchange';
import { DomainError } from '../../../shared/result';
import type { ZipEntry } from './zip';

// One data file of a bundle read as a stream of parsed lines (bundle.ts checks everything else).

/**
 * Rows handed on at a time. A piece stays alive while it is checked, journaled and written, so
 * the young-generation collections that fall inside it move its rows to the old generation, where
 * they lie as garbage until a full collection: with 1,000 rows the largest bundle's import (100,000
 * claims with their traces) peaked 135–196 MB above idle, with 250 119–131 MB, at the same speed.
 */
export const ROWS_PER_PIECE = 250;
/** Compressed bytes inflated at a time (and inflated bytes cut into lines at a time). */
const INFLATE_SLICE = 1 << 16;
/**
 * A file whose signed size is at most this is inflated by native zlib in one call, capped at that
 * size (a bomb is refused as soon as zlib passes it): about three times faster than fflate, for
 * a few megabytes held at once. Larger files (a province-size county's lists) stream through
 * fflate a slice at a time, so memory stays flat whatever a county sends. Node's zlib has no
 * synchronous streaming interface, and the import must stay synchronous: one transaction.
 */
export const WHOLE_INFLATE_LIMIT = 8 << 20;

function refuse(message: string): never {
  throw new DomainError('BUNDLE_FILE', message);
}

/**
 * One data file, inflated a slice at a time, cut into lines, parsed and handed on in pieces.
 * A line that does not parse, or a piece the handler refuses, is answered only once the whole
 * file is hashed: a file changed after export is named as that, not by its first broken line.
 */
export function streamLines(bytes: Uint8Array, entry: ZipEntry, file: ManifestFile, handle: (rows: unknown[]) => void, wholeInflateLimit = WHOLE_INFLATE_LIMIT): void {
  const digest = createHash('sha256');
  let size = 0;
  let lines = 0;
  let rest: Buffer | null = null;
  let piece: unknown[] = [];
  let failure: unknown = null;
  const flush = () => {
    if (piece.length === 0 || failure !== null) return;
    try {
      handle(piece);
    } catch (error) {
      failure = error;
    }
    piece = [];
  };
  const take = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > file.bytes) refuse(`数据包中的 ${file.name} 解压后超过上限 ${file.bytes} 字节`);
    digest.update(chunk);
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (rest) data = Buffer.concat([rest, data]);
    let from = 0;
    for (let at = data.indexOf(10, from); at >= 0; at = data.indexOf(10, from)) {
      lines++;
      if (failure === null) {
        try {
          piece.push(JSON.parse(data.toString('utf8', from, at)));
        } catch {
          failure = new DomainError('BUNDLE_FILE', `${file.name} 中有一行不是有效的 JSON`);
        }
        if (piece.length >= ROWS_PER_PIECE) flush();
      }
      from = at + 1;
    }
    rest = from < data.length ? Buffer.from(data.subarray(from)) : null;
  };
  if (entry.method === 0) {
    const stored = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    for (let at = 0; at < stored.length; at += INFLATE_SLICE) take(stored.subarray(at, at + INFLATE_SLICE));
  } else if (file.bytes <= wholeInflateLimit) {
    const compressed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(compressed, { maxOutputLength: Math.max(file.bytes, 1) });
    } catch (error) {
      if (error instanceof RangeError) refuse(`数据包中的 ${file.name} 解压后超过上限 ${file.bytes} 字节`);
      refuse(`数据包中的 ${file.name} 无法解压`);
    }
    for (let at = 0; at < inflated.length; at += INFLATE_SLICE) take(inflated.subarray(at, at + INFLATE_SLICE));
  } else {
    const inflate = new Inflate((chunk) => take(chunk));
    const compressed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    try {
      for (let at = 0; at < compressed.length; at += INFLATE_SLICE) inflate.push(compressed.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= compressed.length);
      if (compressed.length === 0) inflate.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      refuse(`数据包中的 ${file.name} 无法解压`);
    }
  }
  flush();
  if (size !== file.bytes) refuse(`数据包中的 ${file.name} 解压后为 ${size} 字节，清单记为 ${file.bytes} 字节`);
  if (digest.digest('hex') !== file.sha256) refuse(`${file.name} 的 SHA-256 与清单不符：内容在导出后被改动`);
  if (rest !== null) refuse(`${file.name} 的最后一行没有换行`);
  if (lines !== file.rows) refuse(`${file.name} 有 ${lines} 行，清单记为 ${file.rows} 行`);
  if (failure !== null) throw failure;
}

