import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/result';
import { fingerprintOf } from './fingerprint';
import {
  fingerprint,
  FINGERPRINT_PATTERN,
  generateKeyPair,
  keyedIdHash,
  normaliseFingerprint,
  openPrivateKey,
  publicKeyOf,
  sealPrivateKey,
  sign,
  SM2_DEFAULT_USER_ID,
  sm3Hex,
  verify,
  type SealedKey,
} from './signing';
import { SM2_N, sm2SignWithKnownNonceForVectors } from './sm2';
import { referenceSign, referenceSm3Available, referenceVerify } from './sm2-reference';

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex64 = (x: bigint) => x.toString(16).padStart(64, '0');

/** Flips the low bit of the hex digit at `index`. */
function flipHex(text: string, index: number): string {
  const digit = (Number.parseInt(text[index]!, 16) ^ 1).toString(16);
  return text.slice(0, index) + digit + text.slice(index + 1);
}

function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

function expectDomainError(run: () => unknown, code: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return;
  }
  expect.fail('expected a DomainError');
}

// ../shared/domain-facts.md, from GB/T 32905-2016 Appendix A and GB/T 32918.5 Annex A.
describe('SM3', () => {
  it('matches the GB/T 32905 vectors for "abc" and "abcd"×16, as text and as bytes', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex(utf8('abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it.skipIf(!referenceSm3Available)('hashes text as standard UTF-8, including 4-byte characters (checked against OpenSSL)', () => {
    // U+E0100 is an ideographic variation selector, which the library's own encoder gets wrong.
    for (const text of ['葛\u{E0100}', '𠮷野家', '县域电商台账', '', 'x'.repeat(1000)]) {
      expect(sm3Hex(text)).toBe(createHash('sm3').update(text, 'utf8').digest('hex'));
    }
  });
});

const VECTOR = {
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  message: 'message digest',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
  x: '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020',
  y: 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
};
const VECTOR_PUB = `04${VECTOR.x}${VECTOR.y}`;
const VECTOR_SIG = (VECTOR.r + VECTOR.s).toLowerCase();

describe('SM2 with SM3 (GB/T 32918.2, standard vector)', () => {
  it('derives the vector public key from d', () => {
    expect(publicKeyOf('sm2-sm3', VECTOR.d)).toBe(VECTOR_PUB);
    expect(publicKeyOf('sm2-sm3', VECTOR.d.toLowerCase())).toBe(VECTOR_PUB);
  });

  it('reproduces r and s exactly with the fixed k, through the production signing call', () => {
    expect(SM2_DEFAULT_USER_ID).toBe('1234567812345678');
    expect(sm2SignWithKnownNonceForVectors(VECTOR.d, utf8(VECTOR.message), VECTOR.k)).toBe(VECTOR_SIG);
  });

  it.skipIf(!referenceSm3Available)('the independent reference implementation reproduces the vector too', () => {
    expect(referenceSign(VECTOR.d, utf8(VECTOR.message), VECTOR.k, SM2_DEFAULT_USER_ID)).toBe(VECTOR_SIG);
    expect(referenceVerify(VECTOR_PUB, utf8(VECTOR.message), VECTOR_SIG, SM2_DEFAULT_USER_ID)).toBe(true);
  });

  it('verify accepts the standard signature (either hex case) and nothing near it', () => {
    expect(verify('sm2-sm3', VECTOR_PUB, utf8(VECTOR.message), VECTOR_SIG)).toBe(true);
    expect(verify('sm2-sm3', VECTOR_PUB.toUpperCase(), utf8(VECTOR.message), VECTOR.r + VECTOR.s)).toBe(true);
    expect(verify('sm2-sm3', VECTOR_PUB, utf8('message digesT'), VECTOR_SIG)).toBe(false);
    expect(verify('sm2-sm3', VECTOR_PUB, utf8(VECTOR.message), flipHex(VECTOR_SIG, 127))).toBe(false);
    // The same pair under Ed25519 rules is just malformed.
    expect(verify('ed25519', VECTOR_PUB, utf8(VECTOR.message), VECTOR_SIG)).toBe(false);
  });
});

describe('SM2 with SM3, generated keys', () => {
  const pair = generateKeyPair('sm2-sm3');
  const other = generateKeyPair('sm2-sm3');
  const message = utf8('{"county":"淮安区","entries":3,"totalFen":1250000}');

  it('generates well-shaped, distinct key pairs whose public key follows from the private key', () => {
    expect(pair.algorithm).toBe('sm2-sm3');
    expect(pair.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyOf('sm2-sm3', pair.privateKey)).toBe(pair.publicKey);
    expect(other.privateKey).not.toBe(pair.privateKey);
  });

  it('round-trips, and a fresh k makes each signature of the same message different', () => {
    const first = sign('sm2-sm3', pair.privateKey, message);
    const second = sign('sm2-sm3', pair.privateKey, message);
    expect(first).toMatch(/^[0-9a-f]{128}$/);
    expect(first.slice(0, 64)).not.toBe(second.slice(0, 64)); // r repeats only if k does
    expect(verify('sm2-sm3', pair.publicKey, message, first)).toBe(true);
    expect(verify('sm2-sm3', pair.publicKey, message, second)).toBe(true);
    expect(verify('sm2-sm3', pair.publicKey, new Uint8Array(0), sign('sm2-sm3', pair.privateKey, new Uint8Array(0)))).toBe(true);
  });

  it.skipIf(!referenceSm3Available)('its random-k signatures are standard SM2: the independent implementation verifies them', () => {
    for (const text of ['', '县域电商台账', 'x'.repeat(300)]) {
      const signature = sign('sm2-sm3', pair.privateKey, utf8(text));
      expect(referenceVerify(pair.publicKey, utf8(text), signature, SM2_DEFAULT_USER_ID)).toBe(true);
      expect(referenceVerify(pair.publicKey, utf8(`${text}.`), signature, SM2_DEFAULT_USER_ID)).toBe(false);
    }
  });

  it('rejects a flipped byte in the message, in r or in s, and another key', () => {
    const signature = sign('sm2-sm3', pair.privateKey, message);
    expect(verify('sm2-sm3', pair.publicKey, flipByte(message, 0), signature)).toBe(false);
    expect(verify('sm2-sm3', pair.publicKey, flipByte(message, message.length - 1), signature)).toBe(false);
    expect(verify('sm2-sm3', pair.publicKey, message, flipHex(signature, 10))).toBe(false);
    expect(verify('sm2-sm3', pair.publicKey, message, flipHex(signature, 100))).toBe(false);
    expect(verify('sm2-sm3', other.publicKey, message, signature)).toBe(false);
  });

  it('returns false, never throws, for malformed signatures and public keys', () => {
    const signature = sign('sm2-sm3', pair.privateKey, message);
    const r = signature.slice(0, 64);
    const s = signature.slice(64);
    const badSignatures = ['', signature.slice(2), `${signature}00`, `${signature.slice(0, 127)}g`, hex64(0n) + s, r + hex64(0n), hex64(SM2_N) + s, r + hex64(SM2_N), 'f'.repeat(128)];
    for (const bad of badSignatures) expect(verify('sm2-sm3', pair.publicKey, message, bad)).toBe(false);
    const compressed = `0${2 + (Number.parseInt(pair.publicKey.slice(-1), 16) & 1)}${pair.publicKey.slice(2, 66)}`;
    const badKeys = ['', compressed, `04${'0'.repeat(128)}`, flipHex(pair.publicKey, 129), pair.publicKey.slice(2), `05${pair.publicKey.slice(2)}`];
    for (const bad of badKeys) expect(verify('sm2-sm3', bad, message, signature)).toBe(false);
    const junk = [null, undefined, 42, {}] as unknown as string[];
    for (const bad of junk) {
      expect(verify('sm2-sm3', bad, message, signature)).toBe(false);
      expect(verify('sm2-sm3', pair.publicKey, message, bad)).toBe(false);
    }
    expect(verify('sm2-sm3', pair.publicKey, 'text' as unknown as Uint8Array, signature)).toBe(false);
    expect(verify('rsa' as never, pair.publicKey, message, signature)).toBe(false);
  });

  it('stays correct when verifying under more keys than it keeps precomputed tables for', () => {
    const pairs = Array.from({ length: 10 }, () => generateKeyPair('sm2-sm3'));
    const signatures = pairs.map((one) => sign('sm2-sm3', one.privateKey, message));
    for (let round = 0; round < 3; round++) {
      pairs.forEach((one, i) => {
        expect(verify('sm2-sm3', one.publicKey, message, signatures[i]!)).toBe(true);
        expect(verify('sm2-sm3', one.publicKey, message, signatures[(i + 1) % pairs.length]!)).toBe(false);
      });
    }
  });

  it('refuses private keys outside [1, n−2] or not 64 hex', () => {
    for (const bad of [hex64(0n), hex64(SM2_N - 1n), hex64(SM2_N), 'zz'.repeat(32), pair.privateKey.slice(2)]) {
      expectDomainError(() => publicKeyOf('sm2-sm3', bad), 'VALIDATION');
      expectDomainError(() => sign('sm2-sm3', bad, message), 'VALIDATION');
    }
    expect(publicKeyOf('sm2-sm3', hex64(SM2_N - 2n))).toMatch(/^04[0-9a-f]{128}$/);
  });
});

// RFC 8032 §7.1, TEST 1 (empty message).
const RFC8032_1 = {
  secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

describe('Ed25519 (RFC 8032)', () => {
  it('matches test vector 1: public key, signature and verification', () => {
    expect(publicKeyOf('ed25519', RFC8032_1.secret)).toBe(RFC8032_1.public);
    expect(sign('ed25519', RFC8032_1.secret, new Uint8Array(0))).toBe(RFC8032_1.signature);
    expect(verify('ed25519', RFC8032_1.public, new Uint8Array(0), RFC8032_1.signature)).toBe(true);
    expect(verify('ed25519', RFC8032_1.public, new Uint8Array(1), RFC8032_1.signature)).toBe(false);
  });

  it('round-trips with a generated key and rejects tampering, another key and malformed input', () => {
    const pair = generateKeyPair('ed25519');
    const other = generateKeyPair('ed25519');
    expect(pair.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKeyOf('ed25519', pair.privateKey)).toBe(pair.publicKey);
    const message = utf8('县域电商台账 2024Q3');
    const signature = sign('ed25519', pair.privateKey, message);
    expect(verify('ed25519', pair.publicKey, message, signature)).toBe(true);
    expect(verify('ed25519', pair.publicKey, flipByte(message, 3), signature)).toBe(false);
    expect(verify('ed25519', pair.publicKey, message, flipHex(signature, 5))).toBe(false);
    expect(verify('ed25519', pair.publicKey, message, flipHex(signature, 100))).toBe(false);
    expect(verify('ed25519', other.publicKey, message, signature)).toBe(false);
    for (const bad of ['', signature.slice(2), `${signature}00`, `${signature.slice(0, 127)}x`]) {
      expect(verify('ed25519', pair.publicKey, message, bad)).toBe(false);
      expect(verify('ed25519', bad, message, signature)).toBe(false);
    }
    expect(verify('ed25519', 'f'.repeat(64), message, signature)).toBe(false); // not a curve point
    expectDomainError(() => sign('ed25519', 'abc', message), 'VALIDATION');
  });
});

describe('fingerprint', () => {
  const sm2Key = generateKeyPair('sm2-sm3').publicKey;
  const edKey = generateKeyPair('ed25519').publicKey;

  it('is stable, ignores hex case, and reads as 8 groups of 4 Crockford characters', () => {
    const once = fingerprint('sm2-sm3', sm2Key);
    expect(once).toMatch(FINGERPRINT_PATTERN);
    expect(once).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    expect(fingerprint('sm2-sm3', sm2Key)).toBe(once);
    expect(fingerprint('sm2-sm3', sm2Key.toUpperCase())).toBe(once);
    expect(fingerprint('ed25519', edKey)).toMatch(FINGERPRINT_PATTERN);
  });

  it('encodes the first 20 bytes of SHA-256("algorithm:publicKey") (checked by a BigInt re-encoding)', () => {
    const digest = createHash('sha256').update(`ed25519:${edKey}`).digest().subarray(0, 20);
    const plain = BigInt(`0x${digest.toString('hex')}`).toString(32).padStart(32, '0');
    const crockford = [...plain].map((c) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number.parseInt(c, 32)]).join('');
    expect(fingerprint('ed25519', edKey).replaceAll('-', '')).toBe(crockford);
  });

  it('reads back what a clerk typed: any case, spaces, O for 0, I or L for 1', () => {
    const printed = fingerprint('sm2-sm3', sm2Key);
    expect(normaliseFingerprint(printed)).toBe(printed);
    const typed = printed.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');
    expect(normaliseFingerprint(` ${typed} `)).toBe(printed);
    expect(normaliseFingerprint(printed.slice(0, -1))).not.toBe(printed);
    expect(normaliseFingerprint('not a fingerprint')).toBe('NOT A FINGERPRINT');
  });

  it('differs for another key and for the same key under the other algorithm label', () => {
    expect(fingerprint('sm2-sm3', generateKeyPair('sm2-sm3').publicKey)).not.toBe(fingerprint('sm2-sm3', sm2Key));
    expect(fingerprintOf('ed25519', edKey)).not.toBe(fingerprintOf('sm2-sm3', edKey));
    expect(fingerprintOf('ed25519', sm2Key)).not.toBe(fingerprintOf('sm2-sm3', sm2Key));
    // The public API goes further: a key of the wrong shape for its label has no fingerprint at all.
    expectDomainError(() => fingerprint('ed25519', sm2Key), 'VALIDATION');
    expectDomainError(() => fingerprint('sm2-sm3', edKey), 'VALIDATION');
  });
});

describe('sealed private keys', () => {
  const privateKey = generateKeyPair('sm2-sm3').privateKey;
  const sealed = sealPrivateKey(privateKey, '淮安-2024-春');

  it('opens with the right passphrase and records its parameters in the documented format', () => {
    expect(openPrivateKey(sealed, '淮安-2024-春')).toBe(privateKey);
    expect(sealed).toMatchObject({ kdf: 'scrypt', n: 32768, r: 8, p: 1, cipher: 'aes-256-gcm' });
    expect(sealed.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(sealed.iv).toMatch(/^[0-9a-f]{24}$/);
    expect(sealed.tag).toMatch(/^[0-9a-f]{32}$/);
    expect(sealed.data).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed.data).not.toBe(privateKey);
    const edKey = generateKeyPair('ed25519').privateKey;
    expect(openPrivateKey(JSON.parse(JSON.stringify(sealPrivateKey(edKey, 'x'))) as SealedKey, 'x')).toBe(edKey);
  });

  it('opens with the same passphrase typed in full-width characters', () => {
    const ascii = sealPrivateKey(privateKey, 'Pass 123');
    expect(openPrivateKey(ascii, 'Ｐａｓｓ　１２３')).toBe(privateKey);
  });

  it('throws the KEY_LOCKED error for a wrong passphrase', () => {
    expectDomainError(() => openPrivateKey(sealed, '淮安-2024-夏'), 'KEY_LOCKED');
    expect(() => openPrivateKey(sealed, '')).toThrow('签名密钥口令不正确，或密钥文件已损坏');
  });

  it('throws the same error when any part of the file was changed', () => {
    const edits: Partial<SealedKey>[] = [
      { data: flipHex(sealed.data, 0) },
      { data: flipHex(sealed.data, 63) },
      { tag: flipHex(sealed.tag, 31) },
      { iv: flipHex(sealed.iv, 0) },
      { salt: flipHex(sealed.salt, 0) },
      { n: 2 ** 14 },
      { r: 9 },
      { n: 2 ** 40 }, // a cost that would hang the app is refused before scrypt runs
      { data: sealed.data.slice(2) },
      { cipher: 'aes-128-gcm' as 'aes-256-gcm' },
    ];
    for (const edit of edits) expectDomainError(() => openPrivateKey({ ...sealed, ...edit }, '淮安-2024-春'), 'KEY_LOCKED');
    expectDomainError(() => openPrivateKey(null as unknown as SealedKey, 'x'), 'KEY_LOCKED');
  });

  it('uses a fresh salt and iv each time', () => {
    const again = sealPrivateKey(privateKey, '淮安-2024-春');
    expect(again.salt).not.toBe(sealed.salt);
    expect(again.iv).not.toBe(sealed.iv);
    expect(again.data).not.toBe(sealed.data);
    expect(openPrivateKey(again, '淮安-2024-春')).toBe(privateKey);
  });

  it('refuses to seal a malformed key or with an empty passphrase', () => {
    expectDomainError(() => sealPrivateKey('abc', 'x'), 'VALIDATION');
    expectDomainError(() => sealPrivateKey(privateKey, ''), 'VALIDATION');
  });
});

describe('keyedIdHash', () => {
  const cityKey = 'a1'.repeat(32);
  const otherKey = 'b2'.repeat(32);

  it('matches the same ID number regardless of x/X, spaces and full-width digits', () => {
    const canonical = keyedIdHash(cityKey, '11010519491231002X');
    expect(canonical).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedIdHash(cityKey, '11010519491231002x')).toBe(canonical);
    expect(keyedIdHash(cityKey, ' 110105 19491231 002x\t')).toBe(canonical);
    expect(keyedIdHash(cityKey, '１１０１０５１９４９１２３１００２Ｘ')).toBe(canonical);
    expect(keyedIdHash(cityKey, '110105194912310021')).not.toBe(canonical);
  });

  it('matches a bank account with and without spaces', () => {
    expect(keyedIdHash(cityKey, '6222 0202 0000 1234 567')).toBe(keyedIdHash(cityKey, '6222020200001234567'));
  });

  it('is HMAC-SHA256 under the key, so other keys and plain hashes do not match', () => {
    const value = '11010519491231002X';
    const hash = keyedIdHash(cityKey, value);
    expect(hash).toBe(createHmac('sha256', Buffer.from(cityKey, 'hex')).update(value).digest('hex'));
    expect(keyedIdHash(otherKey, value)).not.toBe(hash);
    expect(hash).not.toBe(createHash('sha256').update(value).digest('hex'));
    expect(hash).not.toBe(createHash('sha256').update('11010519491231002x').digest('hex'));
  });

  it('refuses a short or non-hex key and an empty value', () => {
    expectDomainError(() => keyedIdHash('a1'.repeat(16), '1'), 'VALIDATION');
    expectDomainError(() => keyedIdHash('zz'.repeat(32), '1'), 'VALIDATION');
    expectDomainError(() => keyedIdHash(cityKey, ' \u3000 '), 'VALIDATION');
  });
});
