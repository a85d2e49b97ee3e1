/**
 * SMS segment counting per GSM 03.38 / 3GPP TS 23.038.
 *
 * A text that uses only characters of the GSM-7 default alphabet (basic table + extension table)
 * goes out as GSM-7: 160 septets in a single SMS, 153 per part of a concatenated one (the user
 * data header takes 7). An extension-table character is sent as ESC + character and costs 2
 * septets. Any other character switches the whole text to UCS-2: 70 UTF-16 code units in a single
 * SMS, 67 per part. National language shift tables (e.g. Turkish) are not assumed: carriers and
 * SNS do not reliably use them, so Turkish letters such as ı ş ğ count as UCS-2.
 *
 * Parts are filled greedily without splitting an escape sequence or a surrogate pair, as
 * encoders do, so a text can need one part more than `ceil(units / perPart)`.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  /** SMS parts the text is sent as; 0 for an empty text. */
  segments: number;
}

/** GSM 03.38 basic table (0x1B, the escape to the extension table, is not a character). 0x09 is Ç per Unicode's GSM0338 mapping. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** GSM 03.38 extension table: each costs ESC + the character, 2 septets. `\f` is the page break. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

export const SMS_LIMITS = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; perPart: number }>;

/** Whether every character of `text` is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!GSM_BASIC.has(ch) && !GSM_EXTENSION.has(ch)) return false;
  }
  return true;
}

/** Encoding, length in encoding units, and number of SMS parts of `text`. */
export function smsSegments(text: string): SmsSegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  // `for…of` walks code points, so a surrogate pair (2 units) stays one indivisible item.
  const sizes: number[] = [];
  for (const ch of text) sizes.push(encoding === 'GSM-7' ? (GSM_EXTENSION.has(ch) ? 2 : 1) : ch.length);
  const units = sizes.reduce((sum, n) => sum + n, 0);
  const { single, perPart } = SMS_LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}
