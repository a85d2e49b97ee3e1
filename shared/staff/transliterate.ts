/**
 * Romanization used to build mailbox names from staff names.
 *
 * Cyrillic follows ICAO Doc 9303 (7th ed., Part 3, Section 6), the table Russian international
 * passports have used since 2014 (FMS order No. 320 of 15.10.2012, appendix "ИКАО Doc 9303,
 * транслитерация кириллических знаков", kept by the MVD's later passport orders): ж zh, х kh,
 * ц ts, ч ch, ш sh, щ shch, ъ ie, ы y, ь dropped, э e, ю iu, я ia, ё e, й i — so `Юлия Щукина`
 * becomes `iuliia shchukina`, `Подъячев` `podieiachev`, matching the Latin spelling in the
 * person's passport. Not GOST 7.79-2000 system B (щ shh, ъ ``, ы y', ю yu), which Russian passports
 * do not use. The Ukrainian/Belarusian letters of the same table are included with their general
 * values (і i, ї i, є ie, ґ g, ў u); the table's language-specific exceptions (Ukrainian г h,
 * и y; Belarusian г h, ё io) are not applied, since an HR row does not say which language a
 * Cyrillic name is in and the deployments that see Cyrillic are Russian.
 *
 * Latin letters with diacritics lose them (Italian à è é ì ò ù, Turkish ç ğ ö ş ü); letters that
 * Unicode does not decompose are mapped here (Turkish ı, German ß, Nordic æ ø …). Turkish İ
 * lower-cases to i + a combining dot, which the diacritic strip removes.
 *
 * The text is first put in NFKC (Unicode UAX #15), so compatibility forms romanize as their plain
 * letters: full-width `Ｒｏｓｓｉ` from an East Asian input method is `rossi`, the ligature `ﬁ` is
 * `fi` (before, these letters were dropped). This only changes what new allocations get: a
 * member keeps the address they were given (a re-import of the same row is `unchanged`; a launched
 * member is never renamed; a pending one moves only when their row changes, see
 * `addressFollows` in shared/imports/process-import-chunk.ts).
 */
const TABLE: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
  ў: 'u',
  // Further Cyrillic letters of the same ICAO table (Serbian, Macedonian), at their general values;
  // before, they were dropped (`Јован Његош` gave `ovan.egosh`).
  ђ: 'd',
  ѓ: 'g',
  ѕ: 'dz',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ќ: 'k',
  џ: 'dz',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
};

/**
 * Lower-cases and romanizes a name. Characters outside the table and without a Latin base letter
 * (e.g. CJK) are kept as they are; the caller decides what to do with them.
 */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) out += TABLE[ch] ?? ch;
  return out.normalize('NFD').replace(/\p{M}/gu, '');
}
