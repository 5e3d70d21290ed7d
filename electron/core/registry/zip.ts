import { crc32, inflateRawSync } from 'node:zlib';
import { MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';

// A zipped spreadsheet (.xlsx, .ods) opened with bounds, before any spreadsheet parser sees it:
// the central directory is read first, sizes are checked as declared, each entry we keep is
// inflated with a hard limit equal to its declared size, and the parser then gets a fresh
// uncompressed zip of exactly those entries. So a zip bomb, an entry hidden from the central
// directory or a size that lies costs at most the bounds, and is refused with a Chinese message.

export type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; size: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const corrupt = (fileName: string, why: string) => new DomainError('VALIDATION', `文件「${fileName}」已损坏或不是有效的表格文件（${why}）`, { code: 'CORRUPT_FILE' });

/** The central directory's entries, checked: a count within bounds, sizes within the file format, no duplicate names. */
export function zipEntries(bytes: Uint8Array, fileName: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt(fileName, '找不到 zip 目录');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw corrupt(fileName, 'ZIP64 格式，文件过大');
  if (count > MAX_ZIP_ENTRIES) throw corrupt(fileName, `包含 ${count} 个部件，超过 ${MAX_ZIP_ENTRIES} 个`);
  if (directoryOffset + directorySize > eocd) throw corrupt(fileName, 'zip 目录越界');
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) throw corrupt(fileName, 'zip 目录损坏');
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entry: ZipEntry = {
      name,
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    // A second entry of the same name is how a tampered part hides behind the real one.
    if (names.has(name)) throw corrupt(fileName, `部件「${name}」出现了两次`);
    names.add(name);
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Whether the zip's parts are encrypted (a password set in the office suite's zip). */
export const anyEncrypted = (entries: readonly ZipEntry[]) => entries.some((e) => (e.flags & 1) === 1);

/**
 * The entries `keep` selects, inflated: their declared sizes together within MAX_UNPACKED_BYTES,
 * and each one's actual size exactly its declared size (inflation stops at that size).
 */
export function unpackZip(bytes: Uint8Array, fileName: string, entries: readonly ZipEntry[], keep: (name: string) => boolean): Map<string, Uint8Array> {
  const kept = entries.filter((e) => keep(e.name) && !e.name.endsWith('/'));
  const declared = kept.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_UNPACKED_BYTES) {
    throw new DomainError('VALIDATION', `文件「${fileName}」解压后有 ${Math.ceil(declared / 1024 / 1024)} MB，超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB 的上限：请分成几个文件导入`, { code: 'TOO_LARGE_UNPACKED' });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, Uint8Array>();
  for (const e of kept) {
    if (e.localOffset + 30 > bytes.length || view.getUint32(e.localOffset, true) !== LOCAL) throw corrupt(fileName, `部件「${e.name}」的位置不对`);
    const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
    if (start + e.compressedSize > bytes.length) throw corrupt(fileName, `部件「${e.name}」不完整`);
    const data = bytes.subarray(start, start + e.compressedSize);
    files.set(e.name, inflated(fileName, e, data));
  }
  return files;
}

function inflated(fileName: string, e: ZipEntry, data: Uint8Array): Uint8Array {
  if (e.method === 0) {
    if (data.length !== e.size) throw corrupt(fileName, `部件「${e.name}」大小不符`);
    return data;
  }
  if (e.method !== 8) throw corrupt(fileName, `部件「${e.name}」的压缩方式（${e.method}）不受支持`);
  if (e.size === 0) return new Uint8Array();
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: e.size });
  } catch {
    // Either the data is damaged or it unpacks to more than it declared (a zip bomb's trick).
    throw corrupt(fileName, `部件「${e.name}」无法解压或解压后大于声明的大小`);
  }
  if (out.length !== e.size) throw corrupt(fileName, `部件「${e.name}」解压后的大小与声明不符`);
  return out;
}

/** A zip of the given parts, stored uncompressed: what the spreadsheet parsers then read. */
export function storedZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  return new Uint8Array(Buffer.concat(storedZipChunks(files)));
}

/** The same zip as consecutive chunks, for a stream: the parts' bytes are not copied again. */
export function storedZipChunks(files: ReadonlyMap<string, Uint8Array>): Uint8Array[] {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directorySize = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return [...locals, ...centrals, end];
}
