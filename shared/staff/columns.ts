import type { Locale } from '../profiles/profile-ids';
import { foldLabel } from './fold';
import { STAFF_FIELDS, type StaffField } from './staff-row';

/**
 * Header names HR systems actually export, beyond the canonical camelCase and snake_case ones
 * (which `foldLabel` already folds: `staff_category`, `Staff category` and `staffCategory` are
 * one). Ambiguous names (`name`, `email`, `telefono` alone is kept because Italian exports use it
 * for the mobile) are deliberately absent where guessing which one an export means would migrate
 * the wrong mailbox; an import's `mapping.columns` names anything else.
 */
export const COLUMN_ALIASES: Readonly<Record<StaffField, readonly string[]>> = {
  givenName: ['first name', 'firstname', 'forename', 'nome', 'имя', 'ad', 'adı'],
  familyName: ['last name', 'lastname', 'surname', 'cognome', 'фамилия', 'soyad', 'soyadı'],
  nationalId: [
    'national id',
    'national identifier',
    'codice fiscale',
    'cf',
    'снилс',
    'snils',
    'tckn',
    'tc kimlik no',
    'tc kimlik numarası',
    'kimlik no',
  ],
  phone: ['mobile', 'mobile phone', 'mobile number', 'cellulare', 'telefono', 'телефон', 'мобильный телефон', 'telefon', 'cep telefonu'],
  institutionCode: [
    'institution',
    'school code',
    'codice scuola',
    'codice meccanografico',
    'код учреждения',
    'код оо',
    'kurum kodu',
    'okul kodu',
  ],
  category: ['staff category', 'staff type', 'categoria', 'qualifica', 'категория', 'должность', 'kategori', 'unvan', 'personel türü'],
  oldAddress: ['old address', 'old email', 'old mail', 'email istituzionale'],
  alternateEmail: ['alternative email', 'personal email', 'recovery email', 'email personale', 'личная почта', 'kişisel e-posta'],
  locale: ['language', 'preferred language', 'lingua', 'язык', 'dil'],
};

/**
 * The header a template shows for each field, per language: one of the names above (a unit test
 * checks each reads back as its field), so a filled-in template imports as it is.
 */
export const COLUMN_LABELS: Readonly<Record<Locale, Readonly<Record<StaffField, string>>>> = {
  en: {
    givenName: 'given name',
    familyName: 'family name',
    nationalId: 'national id',
    phone: 'mobile phone',
    institutionCode: 'institution code',
    category: 'staff category',
    oldAddress: 'old address',
    alternateEmail: 'personal email',
    locale: 'language',
  },
  it: {
    givenName: 'nome',
    familyName: 'cognome',
    nationalId: 'codice fiscale',
    phone: 'cellulare',
    institutionCode: 'codice meccanografico',
    category: 'categoria',
    oldAddress: 'email istituzionale',
    alternateEmail: 'email personale',
    locale: 'lingua',
  },
  ru: {
    givenName: 'имя',
    familyName: 'фамилия',
    nationalId: 'снилс',
    phone: 'мобильный телефон',
    institutionCode: 'код учреждения',
    category: 'категория',
    oldAddress: 'old address',
    alternateEmail: 'личная почта',
    locale: 'язык',
  },
  tr: {
    givenName: 'ad',
    familyName: 'soyad',
    nationalId: 'tc kimlik no',
    phone: 'cep telefonu',
    institutionCode: 'kurum kodu',
    category: 'kategori',
    oldAddress: 'old address',
    alternateEmail: 'kişisel e-posta',
    locale: 'dil',
  },
};

const BY_KEY = new Map<string, StaffField>();
for (const field of STAFF_FIELDS) {
  BY_KEY.set(foldLabel(field), field);
  for (const alias of COLUMN_ALIASES[field]) BY_KEY.set(foldLabel(alias), field);
}

/** The canonical field a header (CSV) or key (JSON) stands for, or undefined when it is not ours. */
export function canonicalField(name: string): StaffField | undefined {
  return BY_KEY.get(foldLabel(name.replace(/^\uFEFF/, '')));
}

/**
 * Header resolution for one file: the import's `mapping.columns` first (a header mapped to null
 * is ignored), then the names above. Built once per file.
 */
export function columnReader(mapping: Readonly<Record<string, StaffField | null>> = {}) {
  const mapped = new Map(Object.entries(mapping).map(([header, field]) => [foldLabel(header), field]));
  return (name: string): StaffField | undefined => {
    const key = foldLabel(name.replace(/^\uFEFF/, ''));
    return mapped.has(key) ? (mapped.get(key) ?? undefined) : BY_KEY.get(key);
  };
}
