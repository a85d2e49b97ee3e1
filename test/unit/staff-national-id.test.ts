import { describe, expect, it } from 'vitest';
import { nationalIdLast3, normalizeNationalId, validateNationalId } from '../../shared/staff/national-id';
import { codiceFiscaleCheckChar, validateCodiceFiscale } from '../../shared/staff/national-id/codice-fiscale';
import { snilsControlNumber, validateSnils } from '../../shared/staff/national-id/snils';
import { tcknCheckDigits, validateTckn } from '../../shared/staff/national-id/tckn';
import { prng } from '../helpers/prng';

const digits = (next: () => number, n: number) => Array.from({ length: n }, () => String(Math.floor(next() * 10))).join('');
/** The same string with the digit at `index` changed to a different digit. */
const flipDigit = (s: string, index: number, by: number) =>
  s.slice(0, index) + String((Number(s.charAt(index)) + by) % 10) + s.slice(index + 1);

describe('codice fiscale', () => {
  it('accepts published valid codes, normalizing case and spaces', () => {
    // Prepare: RSSMRA80A01H501U (Mario Rossi, Rome 1 Jan 1980) and Giuseppe Verdi's code are widely cited.
    for (const code of ['RSSMRA80A01H501U', 'VRDGPP13R10B293P', 'CHRVRD74S53L219F']) {
      expect(validateCodiceFiscale(code)).toEqual({ ok: true, normalized: code });
    }
    expect(validateCodiceFiscale(' rssmra 80a01 h501u ')).toEqual({ ok: true, normalized: 'RSSMRA80A01H501U' });
  });

  it('accepts omocodic codes and keeps their letters', () => {
    // Published omocodic variants: 1 → M in position 15, and Verdi's 3 → P in position 15.
    expect(validateCodiceFiscale('RSSMRA80A01H50MM')).toEqual({ ok: true, normalized: 'RSSMRA80A01H50MM' });
    expect(validateCodiceFiscale('VRDGPP13R10B29PL')).toEqual({ ok: true, normalized: 'VRDGPP13R10B29PL' });
    // Every digit position replaced: year 80 → UL, day 01 → LM, place 501 → RLM.
    const all = 'RSSMRAULALMHRLM';
    expect(validateCodiceFiscale(all + codiceFiscaleCheckChar(all)).ok).toBe(true);
  });

  it('decodes omocodia before checking the birth date', () => {
    // Day 3V → 39: not a day for men (1–31) nor women (41–71), though the check character is right.
    const base = 'RSSMRA80A3VH501';
    expect(validateCodiceFiscale(base + codiceFiscaleCheckChar(base))).toMatchObject({ ok: false, code: 'national_id_birth_date' });
  });

  it('checks the birth date: women +40, month letters, calendar, either century', () => {
    const withCheck = (first15: string) => first15 + codiceFiscaleCheckChar(first15);
    expect(validateCodiceFiscale(withCheck('BNCLRA85T71F205')).ok).toBe(true); // woman, 31 December
    expect(validateCodiceFiscale(withCheck('BNCLRA00B29F205')).ok).toBe(true); // 29 Feb 2000
    expect(validateCodiceFiscale(withCheck('BNCLRA01B29F205'))).toMatchObject({ code: 'national_id_birth_date' }); // neither 1901 nor 2001
    expect(validateCodiceFiscale(withCheck('BNCLRA80A32F205'))).toMatchObject({ code: 'national_id_birth_date' }); // 32 January
    expect(validateCodiceFiscale(withCheck('BNCLRA80A72F205'))).toMatchObject({ code: 'national_id_birth_date' }); // 72 = 32 for women
    expect(validateCodiceFiscale(withCheck('BNCLRA80D31F205'))).toMatchObject({ code: 'national_id_birth_date' }); // 31 April
    expect(validateCodiceFiscale(withCheck('BNCLRA80A00F205'))).toMatchObject({ code: 'national_id_birth_date' }); // day 0
  });

  it('rejects bad format and bad check characters', () => {
    expect(validateCodiceFiscale('RSSMRA80A01H501')).toMatchObject({ ok: false, code: 'national_id_format' });
    expect(validateCodiceFiscale('RSSMRA80F01H501U')).toMatchObject({ ok: false, code: 'national_id_format' }); // F is no month
    expect(validateCodiceFiscale('RSSMRA80A01H5A1U')).toMatchObject({ ok: false, code: 'national_id_format' }); // A is no omocodia letter
    expect(validateCodiceFiscale('12SMRA80A01H501U')).toMatchObject({ ok: false, code: 'national_id_format' });
    expect(validateCodiceFiscale('RSSMRA80A01H501V')).toMatchObject({ ok: false, code: 'national_id_checksum' });
    expect(validateCodiceFiscale('RSSMRA81A01H501U')).toMatchObject({ ok: false, code: 'national_id_checksum' });
  });
});

describe('SNILS', () => {
  it('accepts the published example in both spellings', () => {
    expect(validateSnils('112-233-445 95')).toEqual({ ok: true, normalized: '11223344595' });
    expect(validateSnils('11223344595')).toEqual({ ok: true, normalized: '11223344595' });
  });

  it('computes the control number for sums below 100, of 100 and 101, and above 101', () => {
    expect(snilsControlNumber('112233445')).toBe('95'); // 95
    expect(snilsControlNumber('001508815')).toBe('00'); // 100
    expect(snilsControlNumber('001437544')).toBe('00'); // 101
    expect(snilsControlNumber('001168298')).toBe('06'); // 107 mod 101
    expect(snilsControlNumber('006996682')).toBe('00'); // 201 mod 101 = 100 → 00
    for (const valid of ['00150881500', '00143754400', '00116829806', '00699668200']) expect(validateSnils(valid).ok).toBe(true);
  });

  it('rejects a wrong control number and bad formats', () => {
    expect(validateSnils('112-233-445 96')).toMatchObject({ ok: false, code: 'national_id_checksum' });
    expect(validateSnils('1122334459')).toMatchObject({ ok: false, code: 'national_id_format' });
    expect(validateSnils('112-233-445 9A')).toMatchObject({ ok: false, code: 'national_id_format' });
    expect(validateSnils('000-000-000 00')).toMatchObject({ ok: false, code: 'national_id_format' });
  });

  it('does not check the control number up to 001-001-998 (legacy), and does above it', () => {
    expect(validateSnils('001-001-998 00')).toEqual({ ok: true, normalized: '00100199800' });
    expect(validateSnils('000-000-001 17')).toEqual({ ok: true, normalized: '00000000117' });
    expect(validateSnils('001-001-000 42').ok).toBe(true);
    // 001-001-999 is the first checked number: 1×7 + 1×4 + 9×3 + 9×2 + 9×1 = 65.
    expect(snilsControlNumber('001001999')).toBe('65');
    expect(validateSnils('001-001-999 65')).toEqual({ ok: true, normalized: '00100199965' });
    expect(validateSnils('001-001-999 64')).toMatchObject({ ok: false, code: 'national_id_checksum' });
    expect(snilsControlNumber('001002001')).toBe('16'); // 7 + 8 + 1
    expect(validateSnils('001-002-001 00')).toMatchObject({ ok: false, code: 'national_id_checksum' });
    expect(validateSnils('001-002-001 16').ok).toBe(true);
  });

  it('accepts numbers with the same digit three (or more) times in a row: no published rule forbids them', () => {
    // Real-shaped numbers (issue #13: about 6–7 % of real SNILS have such a run).
    const cases: Array<[string, string]> = [
      ['123-444-789', '51'], // 152 → 152 mod 101
      ['111-222-333', '72'], // 1×(9+8+7) + 2×(6+5+4) + 3×(3+2+1) = 24 + 30 + 18
      ['200-000-555', '48'], // 18 + 15 + 10 + 5
      ['077-777-123', '18'], // 220 → 220 mod 101
      ['999-999-999', '01'], // 9 × 45 = 405 → 405 mod 101
    ];
    for (const [number, control] of cases) {
      const nine = number.replace(/-/g, '');
      expect(snilsControlNumber(nine)).toBe(control);
      expect(validateSnils(`${number} ${control}`), number).toEqual({ ok: true, normalized: nine + control });
    }
  });

  it('property: generated numbers validate, and any one changed digit fails', () => {
    const next = prng(7);
    let checked = 0;
    while (checked < 500) {
      const nine = digits(next, 9);
      if (Number(nine) <= 1_001_998) continue;
      const snils = nine + snilsControlNumber(nine);
      expect(validateSnils(snils).ok, snils).toBe(true);
      const i = Math.floor(next() * 11);
      const flipped = flipDigit(snils, i, 1 + Math.floor(next() * 9));
      // Weights 9..1 against mod 101 catch every single-digit change in the nine digits, except where
      // the change turns a sum of 100 into 101 (both "00"), or lands at/below the legacy limit.
      if (Number(flipped.slice(0, 9)) > 1_001_998) {
        const result = validateSnils(flipped);
        if (result.ok) expect(snilsControlNumber(flipped.slice(0, 9))).toBe(flipped.slice(9));
        else expect(result.code).toBe('national_id_checksum');
      }
      checked++;
    }
  });
});

describe('T.C. Kimlik No', () => {
  it('accepts the published example', () => {
    expect(validateTckn('10000000146')).toEqual({ ok: true, normalized: '10000000146' });
    expect(tcknCheckDigits('100000001')).toBe('46');
  });

  it('rejects a leading zero, wrong length and wrong check digits', () => {
    expect(validateTckn('01000000146')).toMatchObject({ ok: false, code: 'national_id_format' });
    expect(validateTckn('1000000014')).toMatchObject({ ok: false, code: 'national_id_format' });
    expect(validateTckn('10000000156')).toMatchObject({ ok: false, code: 'national_id_checksum' });
    expect(validateTckn('10000000147')).toMatchObject({ ok: false, code: 'national_id_checksum' });
  });

  it('handles a negative (odd*7 − even) before the modulo', () => {
    // odd = 1, even = 36: 7 − 36 = −29 → 10th digit 1 (not −9).
    const nine = '190909090';
    expect(tcknCheckDigits(nine).charAt(0)).toBe('1');
    expect(validateTckn(nine + tcknCheckDigits(nine)).ok).toBe(true);
  });

  it('property: generated numbers validate, and any one changed digit fails', () => {
    const next = prng(42);
    for (let n = 0; n < 1000; n++) {
      const nine = String(1 + Math.floor(next() * 9)) + digits(next, 8);
      const tckn = nine + tcknCheckDigits(nine);
      expect(validateTckn(tckn).ok, tckn).toBe(true);
      // Changing one digit always breaks the 11th digit (sum of the first ten mod 10) or the 10th/11th pair.
      const i = 1 + Math.floor(next() * 10);
      expect(validateTckn(flipDigit(tckn, i, 1 + Math.floor(next() * 9))).ok).toBe(false);
    }
  });
});

describe('validateNationalId', () => {
  it('normalises separators the same way for every kind: spaces, hyphens and dots', () => {
    const spellings = (bare: string, groups: number[]) => {
      const parts: string[] = [];
      let at = 0;
      for (const n of groups) {
        parts.push(bare.slice(at, at + n));
        at += n;
      }
      return [' ', '-', '.', ' - ', '\u00a0', '\u2013'].map((sep) => parts.join(sep));
    };
    for (const written of spellings('RSSMRA80A01H501U', [3, 3, 5, 5])) {
      expect(validateNationalId('codice-fiscale', written), written).toEqual({ ok: true, normalized: 'RSSMRA80A01H501U' });
    }
    for (const written of spellings('11223344595', [3, 3, 3, 2])) {
      expect(validateNationalId('snils', written), written).toEqual({ ok: true, normalized: '11223344595' });
    }
    for (const written of spellings('10000000146', [3, 3, 3, 2])) {
      expect(validateNationalId('tckn', written), written).toEqual({ ok: true, normalized: '10000000146' });
    }
    expect(normalizeNationalId(' rss.mra-80a01 h501u ')).toBe('RSSMRA80A01H501U');
  });

  it('dispatches on the profile kind', () => {
    expect(validateNationalId('codice-fiscale', 'RSSMRA80A01H501U').ok).toBe(true);
    expect(validateNationalId('snils', '112-233-445 95').ok).toBe(true);
    expect(validateNationalId('tckn', '10000000146').ok).toBe(true);
    expect(validateNationalId('tckn', 'RSSMRA80A01H501U')).toMatchObject({ ok: false, code: 'national_id_format' });
  });

  it('shows only the last three characters', () => {
    expect(nationalIdLast3('RSSMRA80A01H501U')).toBe('01U');
    expect(nationalIdLast3('11223344595')).toBe('595');
  });
});
