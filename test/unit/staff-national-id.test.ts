import { describe, expect, it } from 'vitest';
import { classify } from '../../shared/lookups/member-search';
import { itMiur } from '../../shared/profiles/it-miur';
import { ruMoscow } from '../../shared/profiles/ru-moscow';
import { trMeb } from '../../shared/profiles/tr-meb';
import {
  type NationalIdErrorCode,
  type NationalIdKind,
  nationalIdLast3,
  normalizeNationalId,
  validateNationalId,
} from '../../shared/staff/national-id';
import { codiceFiscaleCheckChar, validateCodiceFiscale } from '../../shared/staff/national-id/codice-fiscale';
import { snilsControlNumber, validateSnils } from '../../shared/staff/national-id/snils';
import { tcknCheckDigits, validateTckn } from '../../shared/staff/national-id/tckn';
import { validateStaffRow } from '../../shared/staff/staff-row';
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
    expect(validateCodiceFiscale('12345678903')).toMatchObject({
      ok: false,
      code: 'national_id_format',
      message: expect.stringContaining('provisional'),
    });
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

  it('drops the invisible characters a copy from a web page or PDF brings (zero-width space, word joiner, soft hyphen)', () => {
    expect(validateNationalId('snils', '123\u200b456\u200b789\u00a064')).toEqual({ ok: true, normalized: '12345678964' });
    expect(validateNationalId('tckn', '\u2060100000\u00ad00146\u200c')).toEqual({ ok: true, normalized: '10000000146' });
    expect(validateNationalId('codice-fiscale', 'RSSMRA\u200d80A01H501U\ufeff')).toEqual({ ok: true, normalized: 'RSSMRA80A01H501U' });
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

/**
 * Real-shaped vectors, valid and invalid, run through every place a national ID is entered: the
 * import row (also the late-request form, which validates with `validateStaffRow`), the activation
 * form (`validateNationalId`, shared/activation/activate.ts) and the support search (`classify`).
 * One validator, so one verdict everywhere.
 */
describe('national ID vectors at every entry point', () => {
  const valid: Array<[NationalIdKind, string, string]> = [
    // Codice fiscale (DM 23/12/1976): a man, a woman (day + 40), a person born abroad (Z cadastral
    // code), omocodic codes (digits replaced from the right by LMNPQRSTUV), every digit replaced.
    ['codice-fiscale', 'RSSMRA80A01H501U', 'RSSMRA80A01H501U'],
    ['codice-fiscale', 'rss mra 80a01 h501u', 'RSSMRA80A01H501U'],
    ['codice-fiscale', 'BNCLRA85T71F205B', 'BNCLRA85T71F205B'],
    ['codice-fiscale', 'DLLNNA92E45Z133J', 'DLLNNA92E45Z133J'],
    ['codice-fiscale', 'VRDGPP13R10B29PL', 'VRDGPP13R10B29PL'],
    ['codice-fiscale', 'RSSMRA80A01H5LMX', 'RSSMRA80A01H5LMX'],
    ['codice-fiscale', 'BNCLRA85T7MF205T', 'BNCLRA85T7MF205T'], // day 7M = 71
    ['codice-fiscale', 'RSSMRAUQALMHRLMI', 'RSSMRAUQALMHRLMI'],
    // SNILS (ПФР control-number algorithm): as typed, sums below 100, of 100 and 101, above 101,
    // a remainder of 100, and the legacy range without a control number.
    ['snils', '123-456-789 64', '12345678964'], // 165 mod 101
    ['snils', '12345678964', '12345678964'],
    ['snils', '123 456 789\u00a064', '12345678964'],
    ['snils', '123-456-789-64', '12345678964'],
    ['snils', '112-233-445 95', '11223344595'], // 95
    ['snils', '001-508-815 00', '00150881500'], // 100
    ['snils', '001-437-544 00', '00143754400'], // 101
    ['snils', '006-996-682 00', '00699668200'], // 201 mod 101 = 100
    ['snils', '987-654-321 83', '98765432183'],
    ['snils', '001-001-998 00', '00100199800'], // not greater than 001-001-998: not checked
    ['snils', '111-222-333 72', '11122233372'], // repeated digits: no published rule refuses them
    // T.C. Kimlik No (NVI): 10th = (7 × odd − even) mod 10, 11th = sum of the first ten mod 10.
    ['tckn', '10000000146', '10000000146'],
    ['tckn', '12345678950', '12345678950'],
    ['tckn', '98765432150', '98765432150'],
    ['tckn', '345 678 912 38', '34567891238'],
  ];
  const invalid: Array<[NationalIdKind, string, NationalIdErrorCode]> = [
    ['codice-fiscale', 'RSSMRA80A01H501', 'national_id_format'],
    ['codice-fiscale', '12345678903', 'national_id_format'], // 11-digit numeric code: not a person's definitive code
    ['codice-fiscale', 'RSSMRA80A01H5O1U', 'national_id_format'], // O is no omocodia letter
    ['codice-fiscale', 'RSSMRA80Z01H501U', 'national_id_format'], // Z is no month letter
    ['codice-fiscale', 'RSSMRA80A01H501V', 'national_id_checksum'],
    ['codice-fiscale', 'RSSMRA80A01H50MV', 'national_id_checksum'],
    ['codice-fiscale', `BNCLRA80D31F205${codiceFiscaleCheckChar('BNCLRA80D31F205')}`, 'national_id_birth_date'], // 31 April
    ['snils', '123-456-789 65', 'national_id_checksum'],
    ['snils', '001-508-815 01', 'national_id_checksum'], // sum 100 gives 00, not 100's last digits
    ['snils', '006-996-682 01', 'national_id_checksum'],
    ['snils', '123-456-789 6', 'national_id_format'],
    ['snils', '123-456-789 640', 'national_id_format'],
    ['snils', '000-000-000 00', 'national_id_format'],
    ['tckn', '02345678950', 'national_id_format'],
    ['tckn', '1234567895', 'national_id_format'],
    ['tckn', '12345678960', 'national_id_checksum'], // 10th digit wrong
    ['tckn', '12345678951', 'national_id_checksum'], // 11th digit wrong
  ];
  const profiles = { 'codice-fiscale': itMiur, snils: ruMoscow, tckn: trMeb } as const;
  const row = (kind: NationalIdKind, nationalId: string) => ({
    givenName: 'Anna',
    familyName: 'Neri',
    nationalId,
    phone: { 'codice-fiscale': '347 123 4567', snils: '8 912 345-67-89', tckn: '0532 123 45 67' }[kind],
    institutionCode: profiles[kind].staffImport.institutionCodeExample,
    category: 'teacher',
  });

  it.each(valid)('%s %j is accepted as %s', (kind, written, normalized) => {
    expect(validateNationalId(kind, written)).toEqual({ ok: true, normalized });
    const imported = validateStaffRow(row(kind, written), 1, profiles[kind]);
    expect(imported.ok && imported.member.nationalId).toBe(normalized);
    expect(classify(written, kind)).toEqual({ kind: 'national-id', normalized });
  });

  it.each(invalid)('%s %j is refused with %s on the nationalId field', (kind, written, code) => {
    expect(validateNationalId(kind, written)).toMatchObject({ ok: false, code });
    const imported = validateStaffRow(row(kind, written), 1, profiles[kind]);
    expect(imported.ok).toBe(false);
    expect(imported.ok ? [] : imported.problems).toEqual([expect.objectContaining({ row: 1, field: 'nationalId', code })]);
    expect(classify(written, kind).kind).not.toBe('national-id');
  });
});
