import { invalid, type NationalIdResult, normalizeNationalId } from './result';

/**
 * Italian codice fiscale of a natural person, as the Decreto Ministeriale 23 dicembre 1976
 * ("Sistemi di codificazione dei soggetti da iscrivere nell'anagrafe tributaria") defines it:
 *   SSSNNN YY M DD ZZZZ K  — surname, name, birth year, month letter, day (+40 for women),
 *   cadastral code of the birthplace (a letter and three digits), check character (the decree's
 *   odd/even conversion tables, sum mod 26).
 * The 11-digit "codice fiscale provvisorio" (numeric, the shape of a partita IVA) is not accepted:
 * staff records carry the definitive code, and a member is keyed by the HMAC of their national ID,
 * so a provisional code would make a second member when the definitive one replaces it. Refused
 * with its own message, so the school knows what to ask for.
 */

/**
 * Omocodia: when two people would get the same code, the Agenzia delle Entrate replaces digits,
 * from the right, by letters. Only the seven digit positions can be replaced.
 */
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** 0-based indexes of positions 7, 8, 10, 11, 13, 14, 15. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14] as const;

const SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

const MONTH_LETTERS = 'ABCDEHLMPRST';

/** Values of characters in odd (1st, 3rd …) positions; digits share the values of A–J. */
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function charIndex(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65; // '0'–'9' → 0–9, 'A'–'Z' → 0–25
}

/** The check character for the first 15 characters (already upper-case and well-formed). */
export function codiceFiscaleCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const idx = charIndex(first15.charAt(i));
    // Positions are 1-based in the decree: index 0 is position 1, an "odd" position.
    sum += i % 2 === 0 ? (ODD_VALUES[idx] ?? 0) : idx;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Replaces omocodia letters with the digits they stand for, so the date can be read. */
function decodeOmocodia(code: string): string {
  const chars = code.split('');
  for (const i of DIGIT_POSITIONS) {
    const at = OMOCODIA_LETTERS.indexOf(chars[i] ?? '');
    if (at >= 0) chars[i] = String(at);
  }
  return chars.join('');
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Validates a codice fiscale written with or without separators (see `normalizeNationalId`); the
 * normalized form keeps omocodia letters, because the omocodic code is the person's real identifier.
 */
export function validateCodiceFiscale(raw: string): NationalIdResult {
  const code = normalizeNationalId(raw);
  if (/^\d{11}$/.test(code)) {
    return invalid('national_id_format', 'A codice fiscale has 16 characters: an 11-digit provisional (numeric) code is not accepted');
  }
  if (code.length !== 16) return invalid('national_id_format', 'A codice fiscale has 16 characters');
  if (!SHAPE.test(code)) return invalid('national_id_format', 'The codice fiscale does not have the expected letters and digits');
  if (codiceFiscaleCheckChar(code.slice(0, 15)) !== code.charAt(15)) {
    return invalid('national_id_checksum', 'The check character of the codice fiscale does not match');
  }
  const decoded = decodeOmocodia(code);
  const yy = Number(decoded.slice(6, 8));
  const month = MONTH_LETTERS.indexOf(decoded.charAt(8)) + 1;
  const dd = Number(decoded.slice(9, 11));
  const day = dd > 40 ? dd - 40 : dd; // women have 40 added to the day
  if (day < 1 || day > 31) return invalid('national_id_birth_date', 'The birth day in the codice fiscale is not valid');
  // Two-digit year: the century is unknown, so 29 February is accepted if either century allows it.
  if (!isCalendarDate(1900 + yy, month, day) && !isCalendarDate(2000 + yy, month, day)) {
    return invalid('national_id_birth_date', 'The birth date in the codice fiscale is not a calendar date');
  }
  return { ok: true, normalized: code };
}
