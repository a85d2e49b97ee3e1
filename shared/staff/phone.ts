// The "max" metadata bundle is the only one that knows number types (mobile vs fixed line);
// the default "min" bundle would accept any valid-looking number.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Profile } from '../profiles/profile-schema';

export type PhoneErrorCode = 'phone_invalid' | 'phone_not_mobile';
export type PhoneResult = { ok: true; e164: string } | { ok: false; code: PhoneErrorCode; message: string };

/** Longest input we hand to the parser: HR exports sometimes paste notes into the phone column. */
const MAX_INPUT = 40;

/**
 * `00` before a country code: the international prefix the ITU-T recommends (ITU-T E.164, and the
 * one most of Europe, Italy and Turkey included, dials). libphonenumber reads a number in a region by
 * that region's own prefix only, and Russia's is `8~10` (ITU Operational Bulletin list of national
 * dialling prefixes), so `007 912 345-67-89` in a Moscow export would be refused although it is
 * `+7 912 345-67-89`. No number of the three national plans starts with 00 (Italian ones start
 * with 0[1-9] or 3, Russian ones with 3, 4, 8 or 9 after the trunk 8, Turkish ones with 2–5, 8 or 9
 * after the trunk 0), so the reading is unambiguous; it is tried only when the region's own reading
 * gives no valid number.
 */
const ITU_INTERNATIONAL_PREFIX = /^[^\d+]*00(?=\s*[1-9])/;

/**
 * Parses a staff mobile number. Numbers without a country code (`0532 123 45 67`, `8 912 …`)
 * are read in the profile's region; numbers with one (`+39…`, `0039…`) may be foreign, since
 * staff keep the SIM they have. The number must be a mobile (or a number the plan does not tell
 * apart, FIXED_LINE_OR_MOBILE, as in the US) because credentials and notices are sent by SMS.
 */
export function validatePhone(raw: string, region: Profile['phoneRegion']): PhoneResult {
  const input = raw.trim();
  if (input.length === 0 || input.length > MAX_INPUT) return { ok: false, code: 'phone_invalid', message: 'The phone number is not valid' };
  let parsed = parsePhoneNumberFromString(input, region);
  if (!parsed?.isValid() && ITU_INTERNATIONAL_PREFIX.test(input)) {
    parsed = parsePhoneNumberFromString(input.replace(ITU_INTERNATIONAL_PREFIX, '+'));
  }
  if (!parsed?.isValid()) return { ok: false, code: 'phone_invalid', message: 'The phone number is not valid' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return { ok: false, code: 'phone_not_mobile', message: 'The phone number must be a mobile number that can receive SMS' };
  }
  return { ok: true, e164: parsed.number };
}
