import { createHash } from 'node:crypto';
import { maskPhone } from '../logger';
import type { NationalIdHasher } from '../members/national-id-hash';
import type { Locale } from '../profiles/profile-ids';
import { foldLabel } from '../staff/fold';
import { nationalIdLast3 } from '../staff/national-id';
import type { RowProblem } from '../staff/row-problem';
import type { RowKeys, ValidStaffRow } from '../staff/staff-row';

/**
 * Staff without a valid mobile (issue #17, part 3 — Moscow's step 1: the director tells them to
 * update HR). Credentials, codes and notices go by SMS, so a person whose HR record has no
 * mobile Posta can use is put on their institution's phone-update list, with the reason:
 *
 * - `phone_missing`, `phone_invalid`, `phone_not_mobile`: an import row (refused or not) whose
 *   phone is absent, not a number, or a number the numbering plan does not give to mobiles —
 *   decided by `validatePhone` (shared/staff/phone.ts) on libphonenumber-js's "max" metadata,
 *   Google's libphonenumber copy of the national numbering plans (ITU-T E.164 assignments:
 *   e.g. Italian mobiles 3xx, Russian 9xx, Turkish 5xx), never by a rule of our own;
 * - `sms_rejected`: SNS refused the number on record (invalid for SMS, or opted out);
 * - `phone_country_not_allowed`: on activation profiles, an accepted row's mobile of a country
 *   the profile sends no public codes to (`publicSms.countries`, shared/otp/public-sms.ts): the
 *   member is enrolled, but could never get the activation code until HR gives a mobile there.
 *
 * A later import row of the same person with a valid mobile takes them off (for `sms_rejected`:
 * a mobile other than the refused one).
 */
export const PHONE_UPDATE_REASONS = [
  'phone_missing',
  'phone_invalid',
  'phone_not_mobile',
  'sms_rejected',
  'phone_country_not_allowed',
] as const;
export type PhoneUpdateReason = (typeof PHONE_UPDATE_REASONS)[number];

/** One person on an institution's list. No national ID (its last 3 characters only), no full phone. */
export interface PhoneUpdateEntry {
  /** The member id the person has or would have (from the national-ID HMAC), or a name key when the row's ID was not valid. */
  personKey: string;
  institutionCode: string;
  /** Set when the person is a member of this institution. */
  memberId: string | null;
  givenName: string | null;
  familyName: string | null;
  nationalIdLast3: string | null;
  reason: PhoneUpdateReason;
  /** The number HR gave, masked (a landline, a number SNS refused); null when there was none or it was not a number. */
  phoneMasked: string | null;
  /** Where a message asking them to update HR can go (old or alternate address); never shown, only whether there is one. */
  contactEmail: string | null;
  locale: Locale;
  /** What put the person on the list: the import job and row, or `sms` (SNS refused the number on record). */
  source: { importJobId: string; row: number } | { sms: true };
  listedAt: string;
  updatedAt: string;
}

/** The import problem codes on the phone field that make a phone unusable (a repeat in the file is not one). */
const REASON_OF_CODE: Record<string, PhoneUpdateReason> = {
  required: 'phone_missing',
  type_invalid: 'phone_invalid',
  phone_invalid: 'phone_invalid',
  phone_not_mobile: 'phone_not_mobile',
};

/** Why a row's phone is not usable, from the row's problems (null: its phone is fine, or only repeated). */
export function phoneReasonOf(problems: readonly RowProblem[]): PhoneUpdateReason | null {
  for (const p of problems) if (p.field === 'phone' && REASON_OF_CODE[p.code]) return REASON_OF_CODE[p.code] as PhoneUpdateReason;
  return null;
}

/**
 * The key of a person whose national ID was not valid: the institution and the folded names
 * (hashed, so the key names nobody). Two people of one school with the same names and both
 * with a bad national ID share it; the import's problems still list each row.
 */
export function nameKey(institutionCode: string, givenName: string, familyName: string): string {
  const digest = createHash('sha256')
    .update(`${institutionCode}\n${foldLabel(givenName)}\n${foldLabel(familyName)}`)
    .digest('hex');
  return `n-${digest.slice(0, 24)}`;
}

/**
 * What one import row says about a person's phone, for the list: `listed` (its phone is not
 * usable: put them on with the reason) or `valid` (a usable mobile: take them off, under each key
 * they may be listed by).
 */
export type PhoneFinding =
  | {
      kind: 'listed';
      row: number;
      entry: Omit<PhoneUpdateEntry, 'memberId' | 'listedAt' | 'updatedAt' | 'source'>;
      /** The member id the row's national ID gives (null: the ID was not valid). */
      memberId: string | null;
      /** An accepted row: the person is (or is about to be) that member, of this very institution. */
      enrolled?: boolean;
    }
  | {
      kind: 'valid';
      row: number;
      institutionCode: string;
      /** The keys the person may be listed under: the member id and, with names, the name key. */
      personKeys: string[];
      memberId: string | null;
      /** E.164: an `sms_rejected` entry goes only when the number is another than the refused one. */
      phone: string;
    };

/** The identity a row gives a person: the member id from a valid national ID, else a name key from valid names. */
function personOf(
  institutionCode: string,
  names: { givenName?: string | undefined; familyName?: string | undefined },
  id: { memberId: string } | null,
): string[] {
  const keys = id ? [id.memberId] : [];
  if (names.givenName && names.familyName) keys.push(nameKey(institutionCode, names.givenName, names.familyName));
  return keys;
}

/**
 * A refused row's finding: listed when its phone is missing, not a number or not a mobile
 * (whatever else is wrong with it), valid when its phone is a usable mobile; null when the row
 * names nobody we can tell apart (neither a valid national ID nor valid names) or its phone is
 * only repeated. `institutionCode` must already be known good (in the job's reach, registered).
 */
export function refusedRowFinding(
  row: number,
  problems: readonly RowProblem[],
  keys: RowKeys & { institutionCode: string },
  hash: NationalIdHasher,
  defaultLocale: Locale,
): PhoneFinding | null {
  const id = keys.nationalId ? hash(keys.nationalId) : null;
  const personKeys = personOf(keys.institutionCode, keys, id);
  const personKey = personKeys[0];
  if (personKey === undefined) return null;
  const reason = phoneReasonOf(problems);
  if (reason) {
    return {
      kind: 'listed',
      row,
      memberId: id?.memberId ?? null,
      entry: {
        personKey,
        institutionCode: keys.institutionCode,
        givenName: keys.givenName ?? null,
        familyName: keys.familyName ?? null,
        nationalIdLast3: keys.nationalId ? nationalIdLast3(keys.nationalId) : null,
        reason,
        phoneMasked: null,
        contactEmail: keys.oldAddress ?? keys.alternateEmail ?? null,
        locale: keys.locale ?? defaultLocale,
      },
    };
  }
  if (!keys.phone) return null;
  return { kind: 'valid', row, institutionCode: keys.institutionCode, personKeys, memberId: id?.memberId ?? null, phone: keys.phone };
}

/**
 * A row that passed every check has a usable mobile: its person comes off the list — unless
 * `codesReach` says the profile's codes cannot reach that mobile's country, which lists them
 * (`phone_country_not_allowed`, the number masked).
 */
export function validRowFinding(
  member: ValidStaffRow,
  id: { memberId: string },
  codesReach: (e164: string) => boolean = () => true,
): PhoneFinding {
  if (!codesReach(member.phone)) {
    return {
      kind: 'listed',
      row: member.row,
      memberId: id.memberId,
      enrolled: true,
      entry: {
        personKey: id.memberId,
        institutionCode: member.institutionCode,
        givenName: member.givenName,
        familyName: member.familyName,
        nationalIdLast3: nationalIdLast3(member.nationalId),
        reason: 'phone_country_not_allowed',
        phoneMasked: maskPhone(member.phone),
        contactEmail: member.oldAddress ?? member.alternateEmail ?? null,
        locale: member.locale,
      },
    };
  }
  return {
    kind: 'valid',
    row: member.row,
    institutionCode: member.institutionCode,
    personKeys: personOf(member.institutionCode, member, id),
    memberId: id.memberId,
    phone: member.phone,
  };
}
