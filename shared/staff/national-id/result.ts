/** Machine-readable reasons a national identifier is rejected. */
export type NationalIdErrorCode = 'national_id_format' | 'national_id_checksum' | 'national_id_birth_date';

/**
 * Outcome of validating one national identifier. `normalized` is the canonical form the caller
 * hashes (HMAC) and compares: it is personal data, so it must never be logged or stored in clear.
 */
export type NationalIdResult = { ok: true; normalized: string } | { ok: false; code: NationalIdErrorCode; message: string };

export const invalid = (code: NationalIdErrorCode, message: string): NationalIdResult => ({ ok: false, code, message });

/**
 * Separators people and HR systems write inside national IDs: white space of any kind (incl. the
 * no-break space spreadsheets insert), hyphens and dashes (ASCII and Unicode, incl. the minus sign
 * a locale may type) and dots; and the invisible characters a copy from a web page or PDF brings
 * along (zero-width space, non-joiner and joiner, word joiner, soft hyphen; the BOM is white space
 * already). None is part of any of the three numbers.
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212.\u200b-\u200d\u2060\u00ad]+/gu;

/**
 * The one normaliser for every kind of national ID: separators removed alike, letters upper-cased
 * (only the codice fiscale has letters). `123-456-789 01`, `123 456 789.01`, `RSS-MRA 80A01.H501U`
 * all reduce to their bare characters before a kind's own rules look at them.
 */
export function normalizeNationalId(raw: string): string {
  return raw.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
}
