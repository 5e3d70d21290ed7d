import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from '../../../shared/limits';
import { DomainError } from '../../../shared/result';

// A zipped spreadsheet (.xlsx, .ods) opened with bounds, before any spreadsheet parser sees it:
// the central directory is read first, sizes are checked as declared, and each entry is inflated
// with a hard limit equal to its declared size; the parser then gets a fresh uncompressed zip of
// exactly the entries we kept. So a zip bomb, an entry hidden from the directory or a size that
// lies costs at most the bounds, and is refused with a Chinese message.

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

const DESCRIPTOR = 0x08074b50;

/**
 * Walks the local headers from the start of the file and checks they are exactly the central
 * directory's entries, in order, back to back, ending where the directory begins: a reader that
 * streams the file from the front (exceljs does) then sees only the entries checked here.
 */
export function checkLocalLayout(bytes: Uint8Array, fileName: string, entries: readonly ZipEntry[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const e of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    if (e.localOffset !== at || at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw corrupt(fileName, `部件「${e.name}」前后有目录之外的内容`);
    const nameLength = view.getUint16(at + 26, true);
    if (new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)) !== e.name) throw corrupt(fileName, `部件「${e.name}」的名称前后不一致`);
    at += 30 + nameLength + view.getUint16(at + 28, true) + e.compressedSize;
    if ((view.getUint16(e.localOffset + 6, true) & 8) !== 0) {
      // The sizes follow the data in a descriptor, with or without its signature.
      at += at + 4 <= bytes.length && view.getUint32(at, true) === DESCRIPTOR ? 16 : 12;
    }
  }
  if (at !== directoryStart(view, bytes.length)) throw corrupt(fileName, '最后一个部件之后、目录之前有多余的内容');
}

function directoryStart(view: DataView, length: number): number {
  for (let i = length - 22; i >= Math.max(0, length - 22 - 0xffff); i--) if (view.getUint32(i, true) === EOCD) return view.getUint32(i + 16, true);
  return -1;
}

/** Whether the zip's parts are encrypted (a password set in the office suite's zip). */
export const anyEncrypted = (entries: readonly ZipEntry[]) => entries.some((e) => (e.flags & 1) === 1);

/**
 * The entries `keep` selects, inflated: their declared sizes together within MAX_UNPACKED_BYTES,
 * and each one's actual size exactly its declared size (inflation stops at that size).
 */
export function unpackZip(bytes: Uint8Array, fileName: string, entries: readonly ZipEntry[], keep: (name: string) => boolean): Map<string, Uint8Array> {
  const kept = withinUnpackedBound(fileName, entries.filter((e) => keep(e.name)));
  return new Map(kept.map((e) => [e.name, inflated(fileName, e, compressedData(bytes, fileName, e))]));
}

function withinUnpackedBound(fileName: string, entries: readonly ZipEntry[]): ZipEntry[] {
  const files = entries.filter((e) => !e.name.endsWith('/'));
  const declared = files.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_UNPACKED_BYTES) {
    throw new DomainError('VALIDATION', `文件「${fileName}」解压后有 ${Math.ceil(declared / 1024 / 1024)} MB，超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB 的上限：请分成几个文件导入`, { code: 'TOO_LARGE_UNPACKED' });
  }
  return files;
}

function compressedData(bytes: Uint8Array, fileName: string, e: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.localOffset + 30 > bytes.length || view.getUint32(e.localOffset, true) !== LOCAL) throw corrupt(fileName, `部件「${e.name}」的位置不对`);
  const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  if (start + e.compressedSize > bytes.length) throw corrupt(fileName, `部件「${e.name}」不完整`);
  return bytes.subarray(start, start + e.compressedSize);
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

/**
 * A zip of the given parts: what the spreadsheet parsers then read. SheetJS reads it stored;
 * exceljs gets it deflated (level 1), because its streaming reader is only dependable, and fast,
 * on compressed parts: stored ones made it lose the workbook or slow down threefold.
 */
export function repackedZip(files: ReadonlyMap<string, Uint8Array>, compress = false): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = compress ? deflateRawSync(data, { level: 1 }) : data;
    const method = compress ? 8 : 0;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directorySize = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}
