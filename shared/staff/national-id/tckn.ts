import { invalid, type NationalIdResult } from './result';

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

/** Validates a Turkish T.C. Kimlik No: 11 digits, not starting with 0, two check digits. */
export function validateTckn(raw: string): NationalIdResult {
  const digits = raw.trim();
  if (!/^[1-9]\d{10}$/.test(digits)) {
    return invalid('national_id_format', 'A T.C. Kimlik No has 11 digits and does not start with 0');
  }
  if (tcknCheckDigits(digits.slice(0, 9)) !== digits.slice(9)) {
    return invalid('national_id_checksum', 'The check digits of the T.C. Kimlik No do not match');
  }
  return { ok: true, normalized: digits };
}
