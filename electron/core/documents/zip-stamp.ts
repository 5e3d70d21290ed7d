import { chinaWallClock } from '../../../shared/dates';

// Deterministic zips: the same document stamped with the same instant gives the same bytes.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * exceljs zips with JSZip, which stamps every entry with the current time and gives exceljs no
 * way to pass a date. So the entries' DOS time/date fields are overwritten with `at` (China
 * time: zip times are local, and this is whose local time it is), in the central directory and
 * in each local header. The fields are outside the CRCs, so the archive stays valid.
 */
export function stampZipEntries(zip: Uint8Array, at: Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const local = chinaWallClock(at);
  const dosTime = (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | (local.getUTCSeconds() >> 1);
  const dosDate = ((local.getUTCFullYear() - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate();

  const eocd = findEndOfCentralDirectory(view);
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(p, true) !== CENTRAL_SIGNATURE) throw new Error('xlsx: malformed zip central directory');
    view.setUint16(p + 12, dosTime, true);
    view.setUint16(p + 14, dosDate, true);
    const header = view.getUint32(p + 42, true);
    if (view.getUint32(header, true) !== LOCAL_SIGNATURE) throw new Error('xlsx: malformed zip local header');
    view.setUint16(header + 10, dosTime, true);
    view.setUint16(header + 12, dosDate, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return zip;
}

/** The end-of-central-directory record: the last 22 bytes, unless an archive comment follows it. */
function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let p = view.byteLength - 22; p >= lowest; p--) {
    if (view.getUint32(p, true) === EOCD_SIGNATURE) return p;
  }
  throw new Error('xlsx: zip end of central directory not found');
}
