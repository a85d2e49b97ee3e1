import { describe, expect, it } from 'vitest';
import { decodeImportFile } from '../../shared/imports/decode-file';
import { importFormat, importTemplateCsv } from '../../shared/imports/import-format';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { itMiur } from '../../shared/profiles/it-miur';
import { ruMoscow } from '../../shared/profiles/ru-moscow';
import { trMeb } from '../../shared/profiles/tr-meb';
import {
  COLUMN_ALIASES,
  COLUMN_LABELS,
  canonicalField,
  categoryReader,
  checkStaffRow,
  columnReader,
  foldLabel,
  localeReader,
  parseCsv,
  STAFF_FIELDS,
  staffRowRules,
  validateStaffRow,
} from '../../shared/staff';
import { snilsControlNumber } from '../../shared/staff/national-id/snils';
import { encodeLegacy } from '../helpers/legacy-encoding';
import { italianRow, russianRow, turkishRow } from '../helpers/staff-fixtures';

describe('column names', () => {
  it('reads snake_case, spaced and cased variants of every field, and the README’s “staff category”', () => {
    for (const header of ['staff_category', 'Staff category', 'STAFF-CATEGORY', 'staffCategory', 'category', 'Categoria']) {
      expect(canonicalField(header), header).toBe('category');
    }
    expect(canonicalField('national_id')).toBe('nationalId');
    expect(canonicalField('Mobile Phone')).toBe('phone');
    expect(canonicalField('KURUM KODU')).toBe('institutionCode');
    expect(canonicalField('TC KİMLİK NO')).toBe('nationalId');
    expect(canonicalField('note')).toBeUndefined();
  });

  it('never gives one header to two fields, and every template label reads back as its field', () => {
    const owner = new Map<string, string>();
    for (const field of STAFF_FIELDS) {
      for (const name of [field, ...COLUMN_ALIASES[field]]) {
        const key = foldLabel(name);
        expect(owner.get(key) ?? field, `${name} is claimed by two fields`).toBe(field);
        owner.set(key, field);
      }
    }
    for (const labels of Object.values(COLUMN_LABELS)) {
      for (const field of STAFF_FIELDS) expect(canonicalField(labels[field]), labels[field]).toBe(field);
    }
  });

  it('an import’s mapping names headers first, and null ignores a column', () => {
    const read = columnReader({ 'Docente/ATA': 'category', Telefono: null, 'Tel. cellulare': 'phone' });
    expect(read('docente / ata')).toBe('category');
    expect(read('telefono')).toBeUndefined();
    expect(read('TEL CELLULARE')).toBe('phone');
    expect(read('cognome')).toBe('familyName');
  });
});

describe('categories and languages', () => {
  it('reads each profile’s own labels and English ones, and the ids in any spelling', () => {
    const it = categoryReader(itMiur);
    expect(['docente', 'Docenti', 'insegnante', 'teacher'].map(it)).toEqual(Array(4).fill('teacher'));
    expect(['ATA', 'Personale A.T.A.', 'administrative_technical', 'Administrative technical'].map(it)).toEqual(
      Array(4).fill('administrative-technical'),
    );
    expect(['Dirigente scolastico', 'principal', 'Preside'].map(it)).toEqual(Array(3).fill('principal'));
    expect(it('учитель')).toBeUndefined(); // not Italy's language
    expect(['учитель', 'Педагог', 'Директор', 'teacher'].map(categoryReader(ruMoscow))).toEqual([
      'teacher',
      'teacher',
      'principal',
      'teacher',
    ]);
    expect(['öğretmen', 'ÖĞRETMEN', 'ogretmen', 'İdari personel', 'Okul Müdürü'].map(categoryReader(trMeb))).toEqual([
      'teacher',
      'teacher',
      'teacher',
      'administrative-technical',
      'principal',
    ]);
    expect(categoryReader(itMiur, { Prof: 'teacher', Bidello: 'administrative-technical' })('bidello')).toBe('administrative-technical');
  });

  it('reduces BCP 47 tags and language names to the languages Posta speaks', () => {
    const read = localeReader(itMiur);
    expect(
      ['it', 'it-IT', 'it_IT', 'IT-it', 'en-GB', 'ru-RU', 'tr-TR', 'Italiano', 'inglese', 'English', 'русский', 'Türkçe'].map(read),
    ).toEqual(['it', 'it', 'it', 'it', 'en', 'ru', 'tr', 'it', 'en', 'en', 'ru', 'tr']);
    expect(['fr', 'de-DE', 'klingon', ''].map(read)).toEqual([undefined, undefined, undefined, undefined]);
    expect(localeReader(itMiur, { ITA: 'it-IT', ENG: 'en' })('ita')).toBe('it');
  });
});

describe('validateStaffRow (issue #13 and #12 additions)', () => {
  it('accepts real-shaped rows of each ministry with HR labels, tags and separators', () => {
    expect(validateStaffRow({ ...italianRow(1), category: 'Docente', locale: 'it-IT' }, 1, itMiur)).toMatchObject({
      ok: true,
      member: { category: 'teacher', locale: 'it' },
    });
    // A SNILS with the same digit three times in a row (201-345-777 …), written with dots.
    const nine = '201345777';
    const ru = validateStaffRow(
      {
        ...russianRow(1, 'MSK-SCH-1234'),
        nationalId: `${nine.slice(0, 3)}.${nine.slice(3, 6)}.${nine.slice(6)}-${controlOf(nine)}`,
        category: 'учитель',
        locale: 'ru-RU',
      },
      1,
      ruMoscow,
    );
    expect(ru).toMatchObject({
      ok: true,
      member: { institutionCode: 'MSK-SCH-1234', category: 'teacher', locale: 'ru', nationalId: `${nine}${controlOf(nine)}` },
    });
    expect(validateStaffRow({ ...turkishRow(1, '758390'), category: 'öğretmen', locale: 'tr-TR' }, 1, trMeb)).toMatchObject({
      ok: true,
      member: { category: 'teacher', locale: 'tr' },
    });
  });

  it('checks institution codes by the profile’s own pattern', () => {
    const code = (profile: typeof itMiur, institutionCode: string) =>
      validateStaffRow({ ...italianRow(1), institutionCode }, 1, profile).ok ||
      (validateStaffRow({ ...italianRow(1), institutionCode }, 1, profile) as { problems: Array<{ code: string }> }).problems.some(
        (p) => p.code !== 'institution_code_format',
      );
    expect(code(itMiur, 'RMIC8A9007')).toBe(true);
    expect(code(itMiur, 'MSK-SCH-1234')).toBe(false);
    const ruCode = (institutionCode: string) => validateStaffRow({ ...russianRow(1), institutionCode }, 1, ruMoscow);
    expect(ruCode('msk-sch-1234')).toMatchObject({ ok: true, member: { institutionCode: 'MSK-SCH-1234' } });
    expect(ruCode('DEMO001').ok).toBe(true);
    expect(ruCode('MSK--1234')).toMatchObject({ ok: false, problems: [{ code: 'institution_code_format' }] });
  });

  it('refuses names with control, bidi-override or zero-width characters with a code of their own', () => {
    for (const sneaky of [
      'Ma\u202Erio',
      'Ma\u2066rio\u2069',
      'Ma\u200Brio',
      'Ma\u200Drio',
      'Ma\uFEFFrio',
      'Ma\u0007rio',
      'Ma\u0085rio',
      'Niccol\uFFFD',
    ]) {
      const result = validateStaffRow({ ...italianRow(1), familyName: sneaky }, 3, itMiur);
      expect(result, JSON.stringify(sneaky)).toMatchObject({
        ok: false,
        problems: [{ row: 3, field: 'familyName', code: 'name_unsafe_characters' }],
      });
    }
    expect(validateStaffRow({ ...italianRow(1), givenName: "D'Angelo-Niccolò" }, 1, itMiur).ok).toBe(true);
  });

  it('gives what a rejected row still says, normalized, so repeats are found among all rows', () => {
    const result = checkStaffRow({ ...italianRow(2), phone: 'nope', nationalId: ' rss-mra 80a01.h501u ' }, 2, staffRowRules(itMiur));
    expect(result).toMatchObject({
      ok: false,
      keys: { nationalId: 'RSSMRA80A01H501U', phone: undefined, oldAddress: italianRow(2).oldAddress, institutionCode: 'DEMO001' },
    });
  });
});

const controlOf = snilsControlNumber;

describe('decodeImportFile', () => {
  it('detects UTF-8 with or without BOM, UTF-16 by its BOM, and the profile’s code page', () => {
    const text = 'nome;cognome\r\nNiccolò;Cortés\r\n';
    expect(decodeImportFile(new TextEncoder().encode(text), 'auto', itMiur)).toEqual({ ok: true, text, decodedAs: 'utf-8' });
    expect(decodeImportFile(new TextEncoder().encode(`\uFEFF${text}`), 'auto', itMiur)).toEqual({
      ok: true,
      text,
      decodedAs: 'utf-8 (byte-order mark)',
    });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeImportFile(le, 'auto', itMiur)).toEqual({ ok: true, text, decodedAs: 'utf-16le (byte-order mark)' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(decodeImportFile(be, 'auto', itMiur)).toMatchObject({ ok: true, text, decodedAs: 'utf-16be (byte-order mark)' });
    const latin1 = encodeLegacy(text, 'windows-1252');
    expect(decodeImportFile(latin1, 'auto', itMiur)).toEqual({ ok: true, text, decodedAs: 'windows-1252' });
    const russian = 'имя;фамилия\nЮлия;Щукина\n';
    expect(decodeImportFile(encodeLegacy(russian, 'windows-1251'), 'auto', ruMoscow)).toEqual({
      ok: true,
      text: russian,
      decodedAs: 'windows-1251',
    });
    const turkish = 'ad;soyad\nŞükrü;Çağlayan\nIşıl;Öztürk\n';
    expect(decodeImportFile(encodeLegacy(turkish, 'windows-1254'), 'auto', trMeb)).toEqual({
      ok: true,
      text: turkish,
      decodedAs: 'windows-1254',
    });
    expect(decodeImportFile(encodeLegacy(turkish, 'windows-1254'), 'windows-1254', itMiur)).toMatchObject({ ok: true, text: turkish });
  });

  it('reads Windows-1252’s 0x80–0x9F as the code page defines them (’ – € …), not as Latin-1 control characters', () => {
    // Prepare: bytes as Excel on an Italian Windows saves them. 0x92 ’ (D’Amico), 0x96 –, 0x80 €,
    // 0x8A Š, 0x9E ž, 0x93/0x94 “ ” — WHATWG Encoding's index-windows-1252. Node's TextDecoder reads
    // windows-1252 as Latin-1 since 20.18.3 / 22.13.0 (nodejs/node#56542, #60888).
    const bytes = Uint8Array.from([
      ...Buffer.from('nome;cognome;nota\r\nNiccol', 'latin1'),
      0xf2,
      0x3b,
      0x44,
      0x92,
      ...Buffer.from('Amico', 'latin1'),
      0x3b,
      0x93,
      0x8a,
      0x9e,
      0x94,
      0x20,
      0x96,
      0x20,
      0x35,
      0x80,
      0x0d,
      0x0a,
    ]);
    // Act / Assess: whether asked for or found by auto.
    const text = 'nome;cognome;nota\r\nNiccolò;D’Amico;“Šž” – 5€\r\n';
    expect(decodeImportFile(bytes, 'auto', itMiur)).toEqual({ ok: true, text, decodedAs: 'windows-1252' });
    expect(decodeImportFile(bytes, 'windows-1252', ruMoscow)).toEqual({ ok: true, text, decodedAs: 'windows-1252' });
    // The five bytes the code page leaves undefined are still refused.
    for (const undefinedByte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      expect(decodeImportFile(Uint8Array.of(0x61, 0x0a, undefinedByte), 'windows-1252', itMiur)).toMatchObject({
        ok: false,
        problem: { code: 'encoding_invalid', message: expect.stringContaining('line 2') },
      });
    }
  });

  it('refuses what does not decode, with the line, and never hands out U+FFFD', () => {
    const bad = new TextEncoder().encode('a;b\nc;d\ne;\xff\n'.replace('\xff', ''));
    const withBadByte = Uint8Array.from([...bad.slice(0, 10), 0xc3, 0x28, ...bad.slice(10)]);
    expect(decodeImportFile(withBadByte, 'utf-8', itMiur)).toMatchObject({
      ok: false,
      problem: { field: 'file', code: 'encoding_invalid', message: expect.stringContaining('line 3') },
    });
    // Not UTF-8 (line 2), and 0x81 is undefined in Windows-1252: neither reads it.
    const neither = Uint8Array.from([0x61, 0x0a, 0xe9, 0x0a, 0x81, 0x0a]);
    expect(decodeImportFile(neither, 'auto', itMiur)).toMatchObject({
      ok: false,
      problem: { code: 'encoding_invalid', message: expect.stringMatching(/neither UTF-8 nor windows-1252: line 2 .* line 3/) },
    });
    // UTF-16 without a byte-order mark reads as UTF-8 full of NULs: refused, not imported as garbage.
    expect(decodeImportFile(Buffer.from('a;b\r\nc;d\r\n', 'utf16le'), 'auto', itMiur)).toMatchObject({
      ok: false,
      problem: { code: 'encoding_invalid', message: expect.stringContaining('Line 1 contains a NUL') },
    });
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\nb\n', 'utf16le'), Buffer.from([0x00, 0xd8, 0x61, 0x00])]);
    expect(decodeImportFile(lone, 'auto', itMiur)).toMatchObject({ ok: false, problem: { message: expect.stringContaining('line 3') } });
  });
});

describe('import format and template', () => {
  it.each(PROFILE_IDS)('%s: the template’s header imports as every column the format lists, required ones included', (id) => {
    const profile = loadProfile(id);
    const format = importFormat(profile);
    const template = importTemplateCsv(profile);
    expect(template.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(template.slice(1));
    expect(parsed.ok).toBe(true);
    expect(format.columns.map((c) => canonicalField(c.label))).toEqual(format.columns.map((c) => c.field));
    expect(format.columns.filter((c) => c.required).map((c) => c.field)).toEqual([
      'givenName',
      'familyName',
      'nationalId',
      'phone',
      'institutionCode',
      'category',
    ]);
    expect(format.categories.map((c) => c.id)).toEqual(['teacher', 'administrative-technical', 'principal']);
    expect(format.legacyEncoding).toBe(profile.staffImport.legacyEncoding);
  });

  it('shows each category’s label in the profile’s language and English', () => {
    expect(importFormat(itMiur).categories[1]).toMatchObject({
      id: 'administrative-technical',
      labels: { it: 'ATA', en: 'administrative-technical' },
    });
    expect(importFormat(ruMoscow).categories[0]?.labels).toEqual({ ru: 'учитель', en: 'teacher' });
    expect(importFormat(itMiur).columns.map((c) => c.field)).toContain('oldAddress');
    expect(importFormat(trMeb).columns.map((c) => c.field)).not.toContain('oldAddress');
  });
});
