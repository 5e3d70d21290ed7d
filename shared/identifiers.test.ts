import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBankCard, checkIdNumber, checkMobile, checkUscc, idCheckChar, luhnCheckDigit, luhnValid, maskIdNumber, maskPersonName, maskPhone, usccCheckChar } from './identifiers';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11];

describe('identifiers', () => {
  it('accepts the published valid examples', () => {
    expect(checkUscc('91110000600037341L')).toEqual({ ok: true, value: '91110000600037341L' });
    expect(checkIdNumber('360426199101010071')).toEqual({ ok: true, value: '360426199101010071' });
  });

  it('normalises full-width, lowercase x and spaces', () => {
    expect(checkUscc(' 9111 0000 6000 3734 1l ')).toEqual({ ok: true, value: '91110000600037341L' });
    expect(checkIdNumber('３６０４２６１９９１０１０１００７１')).toMatchObject({ ok: true, value: '360426199101010071' });
    const x = withCheck('34040219800101001');
    expect(x.endsWith('X') || /\d$/.test(x)).toBe(true);
    expect(checkIdNumber(x.toLowerCase())).toEqual({ ok: true, value: x });
  });

  it('refuses wrong check characters, impossible dates and bad characters with reasons', () => {
    expect(checkUscc('91110000600037341A')).toEqual({ ok: false, reason: '统一社会信用代码校验位应为“L”，实为“A”' });
    expect(checkUscc('9111000060003734IL')).toMatchObject({ ok: false, reason: expect.stringContaining('第 17 位“I”') });
    expect(checkUscc('9111')).toMatchObject({ ok: false, reason: expect.stringContaining('18 位') });
    expect(checkIdNumber('360426199101010072')).toMatchObject({ ok: false, reason: '身份证号校验位应为“1”，实为“2”' });
    expect(checkIdNumber(withCheck('36042619910230007'))).toMatchObject({ ok: false, reason: expect.stringContaining('19910230 不是真实日期') });
    expect(checkIdNumber(withCheck('36042630000101007'))).toMatchObject({ ok: false, reason: expect.stringContaining('不是真实日期') });
  });

  it('every single-character change of a valid ID or USCC is caught (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = '360426199101010071';
        const chars = [...id];
        const d = Number(chars[pos] === 'X' ? 10 : chars[pos]);
        chars[pos] = String((d + delta) % 10);
        expect(checkIdNumber(chars.join('')).ok).toBe(false);
      }),
    );
    const uscc = '91110000600037341L';
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (pos, delta) => {
        const chars = [...uscc];
        chars[pos] = charset[(charset.indexOf(chars[pos]!) + delta) % 31]!;
        expect(checkUscc(chars.join('')).ok).toBe(false);
      }),
    );
  });

  it('phones and bank cards', () => {
    expect(checkMobile('138 0013 8000')).toEqual({ ok: true, value: '13800138000' });
    expect(checkMobile('+8613800138000')).toEqual({ ok: true, value: '13800138000' });
    expect(checkMobile('2380013800')).toMatchObject({ ok: false });
    expect(luhnValid('6222021001115555579')).toBe(false);
    expect(checkBankCard('4111 1111 1111 1111')).toEqual({ ok: true, value: '4111111111111111' });
    expect(checkBankCard('6222021001115555579')).toMatchObject({ ok: true, warning: expect.stringContaining('Luhn') });
    expect(checkBankCard('62220')).toMatchObject({ ok: false });
  });

  it('masks as the published lists require', () => {
    expect(maskIdNumber('340402198001011234')).toBe('3404**********1234');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPersonName('张三丰')).toBe('张某某');
  });
});

describe('check characters, as the demo county and the checks compute them', () => {
  it('give the published examples their own check characters', () => {
    expect(idCheckChar('36042619910101007')).toBe('1');
    expect(usccCheckChar('91110000600037341')).toBe('L');
    expect(usccCheckChar('9111000060003734I')).toBeNull();
    expect(luhnCheckDigit('621700000000000000')).toBe(String([...'0123456789'].find((d) => luhnValid(`621700000000000000${d}`))));
  });

  it('make every number valid by the same checks a clerk’s input goes through', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,18}$/), (body) => luhnValid(body + luhnCheckDigit(body)) && !luhnValid(body + String((Number(luhnCheckDigit(body)) + 1) % 10))),
    );
    fc.assert(fc.property(fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{17}$/), (first) => checkUscc(first + usccCheckChar(first)!).ok));
  });
});
