import { STAFF_FIELDS, type StaffField } from './staff-row';

/** Compares header names loosely: `Given Name`, `given_name`, `GIVEN-NAME` and `givenName` are one. */
function looseKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_.\-–]+/g, '');
}

/**
 * Header names HR systems actually export, beyond the canonical camelCase and snake_case ones
 * (which `looseKey` already folds). Ambiguous names (`name`, `email`) are deliberately absent:
 * guessing which e-mail an export means would migrate the wrong mailbox.
 */
const ALIASES: Readonly<Record<StaffField, readonly string[]>> = {
  givenName: ['firstname', 'nome', 'имя', 'ad', 'adı', 'adi'],
  familyName: ['lastname', 'surname', 'cognome', 'фамилия', 'soyad', 'soyadı', 'soyadi'],
  nationalId: ['codicefiscale', 'cf', 'снилс', 'tckn', 'tckimlikno', 'kimlikno'],
  phone: ['mobile', 'mobilephone', 'cellulare', 'telefono', 'телефон', 'мобильныйтелефон', 'telefon', 'ceptelefonu'],
  institutionCode: ['codicescuola', 'codicemeccanografico', 'кодучреждения', 'kurumkodu'],
  category: ['categoria', 'категория', 'kategori'],
  oldAddress: ['oldemail', 'oldmail'],
  alternateEmail: ['alternativeemail', 'personalemail', 'emailpersonale'],
  locale: ['language', 'lingua', 'язык', 'dil'],
};

const BY_KEY = new Map<string, StaffField>();
for (const field of STAFF_FIELDS) {
  BY_KEY.set(looseKey(field), field);
  for (const alias of ALIASES[field]) BY_KEY.set(looseKey(alias), field);
}

/** The canonical field a header (CSV) or key (JSON) stands for, or undefined when it is not ours. */
export function canonicalField(name: string): StaffField | undefined {
  return BY_KEY.get(looseKey(name.replace(/^\uFEFF/, '')));
}
