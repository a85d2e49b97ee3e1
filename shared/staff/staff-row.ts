import { LOCALES, type Locale } from '../profiles/profile-ids';
import type { Profile } from '../profiles/profile-schema';
import { addressFromName, addressFromOldAddress, isEmailAddress } from './address';
import { INSTITUTION_CODE } from './institution-code';
import { nationalIdLast3, validateNationalId } from './national-id';
import { validatePhone } from './phone';
import type { RowProblem } from './row-problem';

export const STAFF_CATEGORIES = ['teacher', 'administrative-technical'] as const;
export type StaffCategory = (typeof STAFF_CATEGORIES)[number];

/** Canonical field names of an import row, in the order problems are reported. */
export const STAFF_FIELDS = [
  'givenName',
  'familyName',
  'nationalId',
  'phone',
  'institutionCode',
  'category',
  'oldAddress',
  'alternateEmail',
  'locale',
] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];
export const REQUIRED_STAFF_FIELDS: readonly StaffField[] = [
  'givenName',
  'familyName',
  'nationalId',
  'phone',
  'institutionCode',
  'category',
];

/**
 * A row that passed every check, normalized. `nationalId` is personal data in clear: the caller
 * HMACs it before storing and never logs it; only `nationalIdLast3` may be shown.
 */
export interface ValidStaffRow {
  row: number;
  givenName: string;
  familyName: string;
  nationalId: string;
  nationalIdLast3: string;
  /** E.164, e.g. +393471234567. */
  phone: string;
  institutionCode: string;
  category: StaffCategory;
  /** Lower-cased; null when absent. */
  oldAddress: string | null;
  alternateEmail: string | null;
  locale: Locale;
  /**
   * The address to allocate with `allocateAddress`. From an old address it is the migrated
   * mailbox (a suffix would break forwarding: treat "taken" as a conflict); from the name it is a
   * first choice that may get a numeric suffix.
   */
  newAddress: { base: string; source: 'old-address' | 'name' };
}

export type StaffRowResult = { ok: true; member: ValidStaffRow } | { ok: false; problems: RowProblem[] };

type RowProfile = Pick<Profile, 'nationalIdKind' | 'phoneRegion' | 'oldMailDomain' | 'newMailDomain' | 'defaultLocale'>;

const NAME_MAX = 100;
const EMAIL_MAX = 254;
// Control characters (tabs, newlines from a badly quoted CSV) never belong in a name.
const CONTROL = /\p{Cc}/u;

/**
 * Validates one import row (keys already canonical: see `canonicalField`) and reports every
 * problem of the row at once, so HR fixes a file in one pass. Values may be strings or, from
 * JSON, finite numbers; empty strings count as absent.
 */
export function validateStaffRow(raw: Record<string, unknown>, rowNumber: number, profile: RowProfile): StaffRowResult {
  const problems: RowProblem[] = [];
  const problem = (field: StaffField, code: string, message: string) => problems.push({ row: rowNumber, field, code, message });

  /** The trimmed text of a field, or undefined when absent or of the wrong type (reported). */
  const text = (field: StaffField, required: boolean): string | undefined => {
    const value = raw[field];
    const str = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    if (value !== undefined && value !== null && str === undefined) {
      problem(field, 'type_invalid', `${field} must be text`);
      return undefined;
    }
    if (!str) {
      if (required) problem(field, 'required', `${field} is required`);
      return undefined;
    }
    return str;
  };

  const name = (field: 'givenName' | 'familyName'): string | undefined => {
    const value = text(field, true)?.replace(/\s+/g, ' ');
    if (value === undefined) return undefined;
    if (value.length > NAME_MAX) problem(field, 'too_long', `${field} must be at most ${NAME_MAX} characters`);
    else if (CONTROL.test(value)) problem(field, 'invalid_characters', `${field} contains control characters`);
    else return value;
    return undefined;
  };

  const email = (field: 'oldAddress' | 'alternateEmail'): string | null | undefined => {
    const before = problems.length;
    const value = text(field, false);
    // Absent is null (allowed); a reported type problem is undefined (the row fails).
    if (value === undefined) return problems.length === before ? null : undefined;
    if (value.length > EMAIL_MAX) problem(field, 'too_long', `${field} must be at most ${EMAIL_MAX} characters`);
    else if (!isEmailAddress(value)) problem(field, 'email_invalid', `${field} is not a valid e-mail address`);
    else return value.toLowerCase();
    return undefined;
  };

  const givenName = name('givenName');
  const familyName = name('familyName');

  let nationalId: string | undefined;
  const rawId = text('nationalId', true);
  if (rawId !== undefined) {
    const result = validateNationalId(profile.nationalIdKind, rawId);
    if (result.ok) nationalId = result.normalized;
    else problem('nationalId', result.code, result.message);
  }

  let phone: string | undefined;
  const rawPhone = text('phone', true);
  if (rawPhone !== undefined) {
    const result = validatePhone(rawPhone, profile.phoneRegion);
    if (result.ok) phone = result.e164;
    else problem('phone', result.code, result.message);
  }

  let institutionCode = text('institutionCode', true)?.toUpperCase();
  if (institutionCode !== undefined && !INSTITUTION_CODE.test(institutionCode)) {
    problem('institutionCode', 'institution_code_format', 'institutionCode must be 4–12 letters or digits');
    institutionCode = undefined;
  }

  let category: StaffCategory | undefined;
  const rawCategory = text('category', true);
  if (rawCategory !== undefined) {
    // Spreadsheets write the same value as "Administrative technical" or "administrative_technical".
    const candidate = rawCategory.toLowerCase().replace(/[\s_]+/g, '-');
    if ((STAFF_CATEGORIES as readonly string[]).includes(candidate)) category = candidate as StaffCategory;
    else problem('category', 'category_invalid', `category must be one of ${STAFF_CATEGORIES.join(', ')}`);
  }

  const oldAddress = email('oldAddress');
  let newAddress: ValidStaffRow['newAddress'] | undefined;
  if (oldAddress) {
    const migrated = addressFromOldAddress(oldAddress, profile);
    if (migrated.ok) newAddress = { base: migrated.address, source: 'old-address' };
    else problem('oldAddress', migrated.code, migrated.message);
  } else if (oldAddress === null && givenName !== undefined && familyName !== undefined) {
    const built = addressFromName(givenName, familyName, profile.newMailDomain);
    if (built) newAddress = { base: built, source: 'name' };
    else problem('givenName', 'address_unbuildable', 'No mailbox name can be built from this name: give an old address');
  }

  const alternateEmail = email('alternateEmail');
  if (alternateEmail) {
    // A recovery address inside the system it is meant to recover is no recovery address.
    const domain = alternateEmail.slice(alternateEmail.lastIndexOf('@') + 1);
    if (domain === profile.newMailDomain || domain === profile.oldMailDomain) {
      problem('alternateEmail', 'alternate_email_domain', 'alternateEmail must be outside the ministry mail domains');
    }
  }

  let locale: Locale = profile.defaultLocale;
  const rawLocale = text('locale', false)?.toLowerCase();
  if (rawLocale !== undefined) {
    if ((LOCALES as readonly string[]).includes(rawLocale)) locale = rawLocale as Locale;
    else problem('locale', 'locale_invalid', `locale must be one of ${LOCALES.join(', ')}`);
  }

  if (
    problems.length > 0 ||
    givenName === undefined ||
    familyName === undefined ||
    nationalId === undefined ||
    phone === undefined ||
    institutionCode === undefined ||
    category === undefined ||
    oldAddress === undefined ||
    alternateEmail === undefined ||
    newAddress === undefined
  ) {
    // Every undefined above comes with a problem; the fallback keeps a failure from being silent.
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ row: rowNumber, field: 'row', code: 'row_invalid', message: 'The row is not valid' }],
    };
  }
  return {
    ok: true,
    member: {
      row: rowNumber,
      givenName,
      familyName,
      nationalId,
      nationalIdLast3: nationalIdLast3(nationalId),
      phone,
      institutionCode,
      category,
      oldAddress,
      alternateEmail,
      locale,
      newAddress,
    },
  };
}
