import { invalid, type NationalIdResult, normalizeNationalId } from './result';

/**
 * Turkish T.C. Kimlik No, as the Nüfus ve Vatandaşlık İşleri Genel Müdürlüğü (NVI) issues it:
 * 11 digits, the first never 0; with d1 … d11 the digits,
 *   d10 = ((d1 + d3 + d5 + d7 + d9) × 7 − (d2 + d4 + d6 + d8)) mod 10
 *   d11 = (d1 + d2 + … + d10) mod 10.
 */

/** The two check digits (10th and 11th) of a T.C. Kimlik No, for its first nine digits. */
export function tcknCheckDigits(nineDigits: string): string {
  const d = nineDigits.split('').map(Number);
  const odd = (d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0) + (d[6] ?? 0) + (d[8] ?? 0);
  const even = (d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0) + (d[7] ?? 0);
  // JavaScript's % keeps the sign, and odd*7 − even can be negative: fold it into 0–9.
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (odd + even + tenth) % 10;
  return `${tenth}${eleventh}`;
}

/** Validates a T.C. Kimlik No written with or without separators (see `normalizeNationalId`). */
export function validateTckn(raw: string): NationalIdResult {
  const digits = normalizeNationalId(raw);
  if (!/^[1-9]\d{10}$/.test(digits)) {
    return invalid('national_id_format', 'A T.C. Kimlik No has 11 digits and does not start with 0');
  }
  if (tcknCheckDigits(digits.slice(0, 9)) !== digits.slice(9)) {
    return invalid('national_id_checksum', 'The check digits of the T.C. Kimlik No do not match');
  }
  return { ok: true, normalized: digits };
}
