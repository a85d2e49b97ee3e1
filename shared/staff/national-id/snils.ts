import { invalid, type NationalIdResult } from './result';

/**
 * Russian SNILS (страховой номер индивидуального лицевого счёта): XXX-XXX-XXX CC, nine digits
 * and a two-digit control number, per the Pension Fund's "Алгоритм формирования контрольного
 * числа Страхового номера".
 *
 * Our reading of the official rules:
 * - "Проверка контрольного числа проводится только для номеров больше номера 001-001-998":
 *   numbers 000-000-001 … 001-001-998 were issued before the control number existed, so their
 *   last two digits are not checked. They are accepted as legacy numbers (000-000-000 is not a number).
 * - "В номере не может присутствовать одна и та же цифра три раза подряд": this is an issuance rule
 *   for the nine-digit number. Legacy numbers break it by construction (001-001-000), so it is
 *   enforced only where the checksum is, i.e. above 001-001-998; the control number is not included.
 */

/** Highest number (first nine digits) issued without a control number. */
const LEGACY_MAX = 1_001_998;

/** The control number for nine digits, as two digits ("00" – "99"). */
export function snilsControlNumber(nineDigits: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits.charAt(i)) * (9 - i);
  // <100 → the sum; 100 or 101 → 00; >101 → remainder mod 101, where a remainder of 100 → 00.
  const control = sum < 100 ? sum : sum % 101 === 100 ? 0 : sum % 101;
  return String(control).padStart(2, '0');
}

/** Validates a SNILS written as 11 digits, optionally with `-` and spaces; normalized to 11 digits. */
export function validateSnils(raw: string): NationalIdResult {
  const trimmed = raw.trim();
  if (!/^\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2}$/.test(trimmed)) {
    return invalid('national_id_format', 'A SNILS has 11 digits, written as 123-456-789 01 or 12345678901');
  }
  const digits = trimmed.replace(/\D/g, '');
  const number = Number(digits.slice(0, 9));
  if (number === 0) return invalid('national_id_format', 'The SNILS number cannot be all zeros');
  if (number <= LEGACY_MAX) return { ok: true, normalized: digits };
  if (/(\d)\1\1/.test(digits.slice(0, 9))) {
    return invalid('national_id_format', 'A SNILS never has the same digit three times in a row');
  }
  if (snilsControlNumber(digits) !== digits.slice(9)) {
    return invalid('national_id_checksum', 'The control number of the SNILS does not match');
  }
  return { ok: true, normalized: digits };
}
