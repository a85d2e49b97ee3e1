/**
 * Folds a label as people type it into one comparable key: compatibility forms unified (NFKD),
 * accents and other combining marks dropped, lower case, Turkish dotless ı as i, and every
 * space, underscore, hyphen, dot, slash or apostrophe removed. `Staff category`, `staff_category`,
 * `STAFF-CATEGORY` and `staffCategory` are one key; so are `Öğretmen` and `ogretmen`,
 * `Personale A.T.A.` and `personale ata`. Both sides of every comparison go through it.
 */
export function foldLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/[\s_.\-–—/'’]+/gu, '');
}
