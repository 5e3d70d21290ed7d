import { inflateRawSync } from 'node:zlib';

// Reading a zip without trusting it. The central directory is read first: names, methods and the
// sizes each entry declares, with nothing inflated. An entry is then inflated alone, on request,
// and never past a limit the caller sets: a few kilobytes of deflate can declare or expand to
// gigabytes. Synchronous (native zlib with a hard output limit) so that the city's import stays
// one transaction: what it checks and what it writes see the same database.
//
// Only what our bundles use is accepted: one disk, no ZIP64, no encryption, stored or deflated
// entries, and each entry's local header agreeing with the directory.

export class ZipError extends Error {}

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  compressedSize: number;
  /** The uncompressed size the directory declares (not yet believed). */
  declaredSize: number;
  /** Where the entry's compressed bytes start. */
  dataOffset: number;
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const utf8 = new TextDecoder('utf-8');

const fail = (reason: string): never => {
  throw new ZipError(reason);
};

/** The entries the central directory lists, in its order (duplicates included: refusing them is the caller's choice). */
export function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfDirectory(view);
  const disk = view.getUint16(eocd + 4, true);
  const directoryDisk = view.getUint16(eocd + 6, true);
  const onDisk = view.getUint16(eocd + 8, true);
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== count) fail('分卷压缩包');
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) fail('不支持 ZIP64');
  if (offset + size > eocd) fail('目录位置超出文件');

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > offset + size || view.getUint32(at, true) !== CENTRAL_SIGNATURE) fail('目录损坏');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const declaredSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const nameEnd = at + CENTRAL_SIZE + nameLength;
    if (nameEnd + extraLength + commentLength > offset + size) fail('目录损坏');
    const nameBytes = bytes.subarray(at + CENTRAL_SIZE, nameEnd);
    const name = utf8.decode(nameBytes);
    if (flags & 0x0001) fail(`${name} 已加密`);
    if (method !== 0 && method !== 8) fail(`${name} 的压缩方式 ${method} 不受支持`);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) fail('不支持 ZIP64');
    if (method === 0 && compressedSize !== declaredSize) fail(`${name} 的大小记录自相矛盾`);
    const dataOffset = localData(view, bytes, localOffset, nameBytes, method, offset);
    if (dataOffset + compressedSize > offset) fail(`${name} 的数据超出范围`);
    entries.push({ name, method: method === 0 ? 0 : 8, compressedSize, declaredSize, dataOffset });
    at = nameEnd + extraLength + commentLength;
  }
  if (at !== offset + size) fail('目录大小与记录不符');
  return entries;
}

/** The end-of-directory record: the last 22 bytes, or earlier by the length of a comment that runs exactly to the end. */
function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_SIZE;
  if (last < 0) fail('文件太短');
  for (let at = last; at >= Math.max(0, last - MAX_COMMENT); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_SIZE + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return fail('找不到压缩包目录');
}

/** Where an entry's data starts, after its local header, which must name the same file the same way. */
function localData(view: DataView, bytes: Uint8Array, at: number, name: Uint8Array, method: number, directory: number): number {
  if (at + LOCAL_SIZE > directory || view.getUint32(at, true) !== LOCAL_SIGNATURE) fail('文件头损坏');
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  const localName = bytes.subarray(at + LOCAL_SIZE, at + LOCAL_SIZE + nameLength);
  if (view.getUint16(at + 8, true) !== method || Buffer.compare(localName, name) !== 0) fail('文件头与目录不一致');
  return at + LOCAL_SIZE + nameLength + extraLength;
}

/**
 * The entry's bytes, inflated with a hard limit: more than `limit` bytes out is refused as soon as
 * zlib produces them (it works a chunk at a time), so memory stays near the limit whatever the
 * entry expands to. Also refused: output that differs from the size the directory declared.
 */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, limit: number): Uint8Array {
  if (entry.declaredSize > limit) fail(`${entry.name} 声明的大小 ${entry.declaredSize} 字节超过上限 ${limit} 字节`);
  const compressed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = compressed;
  } else {
    try {
      out = inflateRawSync(compressed, { maxOutputLength: Math.max(limit, 1) });
    } catch (error) {
      if (error instanceof RangeError) fail(`${entry.name} 解压后超过上限 ${limit} 字节`);
      return fail(`${entry.name} 无法解压`);
    }
  }
  if (out.length > limit) fail(`${entry.name} 解压后超过上限 ${limit} 字节`);
  if (out.length !== entry.declaredSize) fail(`${entry.name} 解压后为 ${out.length} 字节，目录记为 ${entry.declaredSize} 字节`);
  return out;
}
