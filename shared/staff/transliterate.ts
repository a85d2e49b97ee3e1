/**
 * Romanization used to build mailbox names from staff names.
 *
 * Cyrillic follows ICAO Doc 9303 (7th ed., Part 3, Section 6), the table Russian international
 * passports have used since 2014: ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ъ ie, ы y, ь dropped,
 * э e, ю iu, я ia, ё e, й i — so `Юлия Щукина` becomes `iuliia shchukina`, matching the Latin
 * spelling in the person's passport. The Ukrainian/Belarusian letters of the same table are included.
 *
 * Latin letters with diacritics lose them (Italian à è é ì ò ù, Turkish ç ğ ö ş ü); letters that
 * Unicode does not decompose are mapped here (Turkish ı, German ß, Nordic æ ø …). Turkish İ
 * lower-cases to i + a combining dot, which the diacritic strip removes.
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
  for (const ch of text.toLowerCase()) out += TABLE[ch] ?? ch;
  return out.normalize('NFD').replace(/\p{M}/gu, '');
}
