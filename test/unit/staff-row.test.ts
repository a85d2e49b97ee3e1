import { describe, expect, it } from 'vitest';
import { itMiur } from '../../shared/profiles/it-miur';
import { ruMoscow } from '../../shared/profiles/ru-moscow';
import { trMeb } from '../../shared/profiles/tr-meb';
import { findDuplicates } from '../../shared/staff/duplicates';
import { validateStaffRow } from '../../shared/staff/staff-row';

const mario = {
  givenName: '  Mario ',
  familyName: 'Rossi',
  nationalId: 'rssmra80a01h501u',
  phone: '347 123 4567',
  institutionCode: 'rmic80000x',
  category: 'Teacher',
  oldAddress: 'Mario.Rossi@istruzione.it',
  alternateEmail: 'mario@example.org',
  locale: '',
};

describe('validateStaffRow', () => {
  it('normalizes a good Italian row and derives the address from the old one', () => {
    expect(validateStaffRow(mario, 4, itMiur)).toEqual({
      ok: true,
      member: {
        row: 4,
        givenName: 'Mario',
        familyName: 'Rossi',
        nationalId: 'RSSMRA80A01H501U',
        nationalIdLast3: '01U',
        phone: '+393471234567',
        institutionCode: 'RMIC80000X',
        category: 'teacher',
        oldAddress: 'mario.rossi@istruzione.it',
        alternateEmail: 'mario@example.org',
        locale: 'it',
        newAddress: { base: 'mario.rossi@posta.istruzione.it', source: 'old-address' },
      },
    });
  });

  it('builds the address from the name without an old address, and accepts JSON numbers', () => {
    const row = {
      givenName: 'Иван',
      familyName: 'Петров',
      nationalId: '112-233-445 95',
      phone: 79123456789,
      institutionCode: 'MSK1234',
      category: 'administrative_technical',
      locale: 'EN',
    };
    expect(validateStaffRow(row, 1, ruMoscow)).toMatchObject({
      ok: true,
      member: {
        nationalId: '11223344595',
        phone: '+79123456789',
        category: 'administrative-technical',
        oldAddress: null,
        alternateEmail: null,
        locale: 'en',
        newAddress: { base: 'ivan.petrov@edu.mos.ru', source: 'name' },
      },
    });
    const turkish = {
      ...row,
      givenName: 'Şükrü',
      familyName: 'Çağlayan',
      nationalId: '10000000146',
      phone: '0532 123 45 67',
      locale: undefined,
    };
    expect(validateStaffRow(turkish, 2, trMeb)).toMatchObject({
      ok: true,
      member: { locale: 'tr', phone: '+905321234567', newAddress: { base: 'sukru.caglayan@meb.k12.tr' } },
    });
  });

  it('returns every problem of a row at once', () => {
    const bad = {
      givenName: '',
      familyName: 'x'.repeat(101),
      nationalId: 'RSSMRA80A01H501V',
      phone: '+39 06 1234 5678',
      institutionCode: 'RM-1',
      category: 'janitor',
      oldAddress: 'mario.rossi@gmail.com',
      alternateEmail: 'not an email',
      locale: 'de',
    };
    const result = validateStaffRow(bad, 7, itMiur);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [7, 'givenName', 'required'],
      [7, 'familyName', 'too_long'],
      [7, 'nationalId', 'national_id_checksum'],
      [7, 'phone', 'phone_not_mobile'],
      [7, 'institutionCode', 'institution_code_format'],
      [7, 'category', 'category_invalid'],
      [7, 'oldAddress', 'old_address_domain'],
      [7, 'alternateEmail', 'email_invalid'],
      [7, 'locale', 'locale_invalid'],
    ]);
    // Messages never echo the rejected national identifier.
    for (const p of result.problems) expect(p.message).not.toContain('RSSMRA');
  });

  it('reports missing required fields, wrong types and ministry-domain recovery addresses', () => {
    const result = validateStaffRow({ givenName: 'A', familyName: ['B'], alternateEmail: 'Mario@Posta.Istruzione.it' }, 1, itMiur);
    expect(!result.ok && result.problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      'familyName:type_invalid',
      'nationalId:required',
      'phone:required',
      'institutionCode:required',
      'category:required',
      'alternateEmail:alternate_email_domain',
    ]);
  });

  it('rejects an old address where the profile migrates none, and names that give no mailbox', () => {
    const row = { ...mario, nationalId: '112-233-445 95', phone: '+79123456789' };
    expect(validateStaffRow(row, 1, ruMoscow)).toMatchObject({
      ok: false,
      problems: [{ field: 'oldAddress', code: 'old_address_domain' }],
    });
    const unbuildable = { ...row, oldAddress: undefined, givenName: '李' };
    expect(validateStaffRow(unbuildable, 1, ruMoscow)).toMatchObject({
      ok: false,
      problems: [{ field: 'givenName', code: 'address_unbuildable' }],
    });
    // The problem names the field that gives nothing: here the family name (Greek, not romanized).
    expect(validateStaffRow({ ...row, oldAddress: undefined, familyName: 'Παπαδόπουλος' }, 1, ruMoscow)).toMatchObject({
      ok: false,
      problems: [{ field: 'familyName', code: 'address_unbuildable' }],
    });
  });
});

describe('findDuplicates', () => {
  it('flags later rows that repeat an id, phone or old address, naming the first row', () => {
    const problems = findDuplicates([
      { row: 1, nationalId: 'A', phone: '+1', oldAddress: 'x@d.it' },
      { row: 2, nationalId: 'B', phone: '+2', oldAddress: null },
      { row: 3, nationalId: 'A', phone: '+3', oldAddress: 'X@D.IT' },
      { row: 5, nationalId: 'C', phone: '+2', oldAddress: null },
      { row: 6, nationalId: 'A', phone: '+6', oldAddress: null },
    ]);
    expect(problems).toEqual([
      { row: 3, field: 'nationalId', code: 'duplicate_in_file', message: 'Same nationalId as row 1' },
      { row: 3, field: 'oldAddress', code: 'duplicate_in_file', message: 'Same oldAddress as row 1' },
      { row: 5, field: 'phone', code: 'duplicate_in_file', message: 'Same phone as row 2' },
      { row: 6, field: 'nationalId', code: 'duplicate_in_file', message: 'Same nationalId as row 1' },
    ]);
  });
});
