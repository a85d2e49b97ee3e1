import { invalid, type NationalIdResult, normalizeNationalId } from './result';

/**
 * Russian SNILS (страховой номер индивидуального лицевого счёта, the insurance number of Federal
 * Law No. 27-FZ of 1 April 1996 "Об индивидуальном (персонифицированном) учёте в системе
 * обязательного пенсионного страхования"): nine digits and a two-digit control number, written
 * XXX-XXX-XXX CC.
 *
 * The control number is the Pension Fund's published "Алгоритм формирования контрольного числа
 * Страхового номера" (instructions to the individual-accounting forms of the ПФР, section 8):
 * - the digits are weighted by their position counted from the end (9 … 1) and summed;
 * - a sum below 100 is the control number; 100 and 101 give 00; above 101 the control number is
 *   the sum modulo 101, where a remainder of 100 again gives 00;
 * - "Проверка контрольного числа … проводится только для номеров больше номера 001-001-998":
 *   numbers up to 001-001-998 were issued before the control number existed and carry none.
 * Nothing else is checked: the published rules say nothing about repeated digits, and a rule of our
 * own would refuse real people (issue #13).
 */

/** Highest number (first nine digits) issued without a control number. */
const LEGACY_MAX = 1_001_998;

/** The control number for nine digits, as two digits ("00" – "99"). */
export function snilsControlNumber(nineDigits: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits.charAt(i)) * (9 - i);
  let control: number;
  if (sum < 100) control = sum;
  else if (sum <= 101) control = 0;
  else control = sum % 101 === 100 ? 0 : sum % 101;
  return String(control).padStart(2, '0');
}

/** Validates a SNILS written with or without separators (see `normalizeNationalId`); normalized to 11 digits. */
export function validateSnils(raw: string): NationalIdResult {
  const digits = normalizeNationalId(raw);
  if (!/^\d{11}$/.test(digits)) {
    return invalid('national_id_format', 'A SNILS has 11 digits, written as 123-456-789 01 or 12345678901');
  }
  const number = Number(digits.slice(0, 9));
  if (number === 0) return invalid('national_id_format', 'The SNILS number cannot be all zeros');
  if (number <= LEGACY_MAX) return { ok: true, normalized: digits };
  if (snilsControlNumber(digits) !== digits.slice(9)) {
    return invalid('national_id_checksum', 'The control number of the SNILS does not match');
  }
  return { ok: true, normalized: digits };
}
