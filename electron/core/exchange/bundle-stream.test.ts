import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, type DataFileName, DATA_FILES, type Manifest } from '../../../shared/domain/exchange';
import { DomainError } from '../../../shared/result';
import { fingerprint, generateKeyPair, sign, verify } from '../crypto/signing';
import { GENESIS_HASH } from '../ledger/ledger';
import { streamLines, WHOLE_INFLATE_LIMIT } from './bundle-lines';
import { openBundle, packBundle, ROWS_PER_PIECE, rowLines, type Signer, streamBundle, type Trust, verifyBundle } from './bundle';

// The city reads a bundle's files a slice at a time and hands their rows on in pieces, so an
// import never holds a whole bundle's rows; a file changed after export is still named as that.

// two whole pieces and a part of one
const REST = Math.floor(ROWS_PER_PIECE / 2);
const SUBJECTS = 2 * ROWS_PER_PIECE + REST;
const pair = generateKeyPair('ed25519');
const key = { algorithm: 'ed25519' as const, publicKey: pair.publicKey, fingerprint: fingerprint('ed25519', pair.publicKey) };
const signer: Signer = { ...key, sign: (message) => sign('ed25519', pair.privateKey, message) };
const PACK = { id: 'huainan-2019', version: '1.0.0', digest: 'a'.repeat(64) };
const trust: Trust = { keys: [{ county: '340422', ...key }], last: null, packDigests: [PACK.digest], genesisHash: GENESIS_HASH };

function bundle(): Uint8Array {
  const base: Omit<Manifest, 'files' | 'key'> = {
    format: BUNDLE_FORMAT,
    county: { code: '340422', name: '寿县' },
    period: '2019Q4',
    sequence: 1,
    createdAt: '2020-01-05T02:00:00.000Z',
    appVersion: 'test',
    pack: PACK,
    ledger: { fromSeq: 0, fromHash: GENESIS_HASH, headSeq: 0, headHash: GENESIS_HASH },
    previousBundleDigest: null,
    nextKey: null,
    report: { asOf: '2019-12-31', state: 'closed', preparedBy: '李录入', approvedBy: null, generatedAt: '2020-01-05T02:00:00.000Z' },
  };
  const subjects = Array.from({ length: SUBJECTS }, (_, i) => ({ id: `S${i}`, list: 'trainees', name: `学员${i}`, idHash: null, bankHash: null }));
  const data = Object.fromEntries(DATA_FILES.map((n) => [n, rowLines(n === 'subjects.jsonl' ? subjects : [])])) as Record<DataFileName, Iterable<string>>;
  const packing = packBundle(base, data, signer);
  for (;;) {
    const step = packing.next();
    if (step.done) return step.value.bytes;
  }
}

/** The same zip with one data file's bytes replaced (same length, so only its digest tells). */
function withFile(bytes: Uint8Array, name: string, change: (text: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files[name] = strToU8(change(strFromU8(files[name]!)));
  return zipSync(files);
}

describe('a bundle streamed', () => {
  it('hands each file on in order, in pieces of at most ROWS_PER_PIECE rows, and the whole read gives the same rows', () => {
    const bytes = bundle();
    const pieces: { file: DataFileName; rows: number; first: unknown }[] = [];
    const streamed = streamBundle(openBundle(bytes), trust, verify, (file, rows) => pieces.push({ file, rows: rows.length, first: rows[0] }));
    expect(pieces.map((p) => [p.file, p.rows])).toEqual([
      ['subjects.jsonl', ROWS_PER_PIECE],
      ['subjects.jsonl', ROWS_PER_PIECE],
      ['subjects.jsonl', REST],
    ]);
    expect(pieces[1]!.first).toMatchObject({ id: `S${ROWS_PER_PIECE}` });
    expect(streamed.manifest.county.code).toBe('340422');
    const whole = verifyBundle(openBundle(bytes), trust, verify);
    expect(whole.rows['subjects.jsonl']).toHaveLength(SUBJECTS);
    expect(whole.rows['subjects.jsonl'][SUBJECTS - 1]).toMatchObject({ id: `S${SUBJECTS - 1}`, name: `学员${SUBJECTS - 1}` });
  });

  it('names a file changed after export by its digest, even where the change broke a line’s JSON', () => {
    const broken = withFile(bundle(), 'subjects.jsonl', (text) => {
      const changed = text.replace(`{"id":"S${SUBJECTS - 2}"`, `["id":"S${SUBJECTS - 2}"`);
      expect(changed).not.toBe(text);
      return changed;
    });
    let error: unknown = null;
    try {
      streamBundle(openBundle(broken), trust, verify, () => undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BUNDLE_FILE');
    expect((error as DomainError).message).toContain('subjects.jsonl 的 SHA-256 与清单不符');
  });

  it('passes on the refusal of a piece only once the file proved unchanged, and hands on nothing after it', () => {
    let seen = 0;
    const refuse = (_file: DataFileName, rows: unknown[]) => {
      seen += rows.length;
      throw new DomainError('VALIDATION', '第一块就拒绝');
    };
    expect(() => streamBundle(openBundle(bundle()), trust, verify, refuse)).toThrow('第一块就拒绝');
    expect(seen).toBe(ROWS_PER_PIECE);
  });

  it('reads a file alike whether native zlib inflates it whole or fflate streams it, and both stop at the signed size', () => {
    const opened = openBundle(bundle());
    const file = opened.manifest.files.find((f) => f.name === 'subjects.jsonl')!;
    const entry = opened.data.get('subjects.jsonl')!;
    const read = (limit: number) => {
      const rows: unknown[] = [];
      streamLines(opened.bytes, entry, file, (piece) => rows.push(...piece), limit);
      return rows;
    };
    const whole = read(WHOLE_INFLATE_LIMIT);
    expect(whole).toHaveLength(SUBJECTS);
    expect(read(0)).toEqual(whole);
    const signedSmaller = { ...file, bytes: file.bytes - 1 };
    for (const limit of [WHOLE_INFLATE_LIMIT, 0]) expect(() => streamLines(opened.bytes, entry, signedSmaller, () => undefined, limit)).toThrow(`subjects.jsonl 解压后超过上限 ${file.bytes - 1} 字节`);
  });
});
