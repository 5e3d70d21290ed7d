import { constants, crc32, deflateRawSync } from 'node:zlib';

// Zips written by hand, for the bundle tests: what an attacker could send (duplicate names, sizes
// that lie, deflate streams that expand a thousandfold), which no zip library will write.

export type CraftedEntry = {
  name: string;
  /** The entry's content; deflated unless `compressed` is given or `store` is set. */
  data?: Uint8Array;
  /** The compressed bytes as they go into the zip (a bomb), instead of deflating `data`. */
  compressed?: Uint8Array;
  /** The uncompressed size the headers declare (default: the true one). */
  declaredSize?: number;
  store?: boolean;
  /** General-purpose flags (bit 0: encrypted). */
  flags?: number;
};

const u16 = (n: number) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

export function craftZip(entries: readonly CraftedEntry[], options: { trailing?: Uint8Array } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data ?? new Uint8Array());
    const method = e.store ? 0 : 8;
    const compressed = Buffer.from(e.compressed ?? (e.store ? data : deflateRawSync(data)));
    const size = e.declaredSize ?? data.length;
    const crc = e.compressed ? 0 : crc32(data);
    const name = Buffer.from(e.name, 'utf8');
    const flags = 0x0800 | (e.flags ?? 0);
    const common = [u16(20), u16(flags), u16(method), u16(0), u16(0x21), u32(crc), u32(compressed.length), u32(size), u16(name.length), u16(0)];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, compressed]);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(20), ...common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(directory.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, directory, end, Buffer.from(options.trailing ?? new Uint8Array())]);
}

/**
 * A raw deflate stream of zeros that expands to `mebibytes` MiB from about a thousandth of that:
 * one MiB deflated with a sync flush (no final block, byte-aligned), repeated, then an empty
 * final block. Cheap to make; expensive only for a reader that inflates it.
 */
export function deflateBomb(mebibytes: number): Uint8Array {
  const piece = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array<Buffer>(mebibytes).fill(piece), Buffer.from([0x03, 0x00])]);
}
