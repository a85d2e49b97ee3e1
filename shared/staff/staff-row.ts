import { LOCALES, type Locale } from '../profiles/profile-ids';
import type { Profile } from '../profiles/profile-schema';
import { addressFromName, addressFromOldAddress, isEmailAddress, nameFragment } from './address';
import { nationalIdLast3, validateNationalId } from './national-id';
import { validatePhone } from './phone';
import type { RowProblem } from './row-problem';
import { categoryReader, localeReader, STAFF_CATEGORIES, type StaffCategory } from './vocabulary';

export { STAFF_CATEGORIES, type StaffCategory } from './vocabulary';

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

/**
 * What a rejected row still says about itself, normalized where its value was valid: a row that
 * repeats another's national ID is reported as a repeat even when it has other problems too.
 */
export interface RowKeys {
  nationalId?: string | undefined;
  phone?: string | undefined;
  oldAddress?: string | null | undefined;
  institutionCode?: string | undefined;
  /** What the phone-update list keeps of a refused row (shared/phone-updates): its valid names, address and language. */
  givenName?: string | undefined;
  familyName?: string | undefined;
  alternateEmail?: string | null | undefined;
  locale?: Locale | undefined;
}

export type StaffRowResult = { ok: true; member: ValidStaffRow } | { ok: false; problems: RowProblem[]; keys: RowKeys };

export type RowProfile = Pick<
  Profile,
  'nationalIdKind' | 'phoneRegion' | 'oldMailDomain' | 'newMailDomain' | 'defaultLocale' | 'staffImport'
>;

/** An import's own words for values: `{category: {label: id}, locale: {label: tag}}`. */
export interface ValueMapping {
  category?: Readonly<Record<string, StaffCategory>>;
  locale?: Readonly<Record<string, string>>;
}

/** What a row is checked against, prepared once per file (never per row: the import reads 200,000). */
export interface StaffRowRules {
  profile: RowProfile;
  category(value: string): StaffCategory | undefined;
  locale(value: string): Locale | undefined;
  institutionCode: RegExp;
}

export function staffRowRules(profile: RowProfile, values: ValueMapping = {}): StaffRowRules {
  return {
    profile,
    category: categoryReader(profile, values.category),
    locale: localeReader(profile, values.locale),
    institutionCode: new RegExp(profile.staffImport.institutionCodePattern, 'u'),
  };
}

const NAME_MAX = 100;
const EMAIL_MAX = 254;
/**
 * Characters that have no place in a person's name, because they hide in it or make one name
 * read as another: control characters (C0 and C1: tabs and line breaks of a badly quoted CSV, the
 * undefined bytes of a mis-declared code page); the bidirectional controls of UAX #9 (embeddings
 * and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F, U+061C), which
 * Unicode TR #36 (Unicode Security Considerations, "Bidirectional Text Spoofing") names as a way
 * to make text display other than it is; zero-width characters (U+200B–U+200D, U+2060, and
 * U+FEFF inside text), invisible default-ignorables TR #36 warns about; and U+FFFD, which only a
 * broken decoding leaves behind.
 */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Bidi_Control}\u200B-\u200D\u2060\uFEFF\uFFFD]/u;

/** Whether a name (of a person, or an institution) holds a character that hides or disguises text (above). */
export const hasUnsafeNameCharacters = (name: string) => UNSAFE_IN_NAME.test(name);

const rulesByProfile = new WeakMap<RowProfile, StaffRowRules>();

/** `checkStaffRow` with the profile's own vocabulary and no mapping (late requests, tests). */
export function validateStaffRow(raw: Record<string, unknown>, rowNumber: number, profile: RowProfile): StaffRowResult {
  let rules = rulesByProfile.get(profile);
  if (!rules) {
    rules = staffRowRules(profile);
    rulesByProfile.set(profile, rules);
  }
  return checkStaffRow(raw, rowNumber, rules);
}

/**
 * Validates one import row (keys already canonical: see `canonicalField`) and reports every
 * problem of the row at once, so HR fixes a file in one pass. Values may be strings or, from
 * JSON, finite numbers; empty strings count as absent.
 */
export function checkStaffRow(raw: Record<string, unknown>, rowNumber: number, rules: StaffRowRules): StaffRowResult {
  const { profile } = rules;
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
    const written = text(field, true);
    if (written === undefined) return undefined;
    // Checked as written: collapsing white space first would hide a tab, a line break or U+FEFF.
    if (hasUnsafeNameCharacters(written)) {
      problem(field, 'name_unsafe_characters', `${field} contains control, bidirectional-override or zero-width characters`);
      return undefined;
    }
    const value = written.replace(/\s+/g, ' ');
    if (value.length <= NAME_MAX) return value;
    problem(field, 'too_long', `${field} must be at most ${NAME_MAX} characters`);
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
  if (institutionCode !== undefined && !rules.institutionCode.test(institutionCode)) {
    problem(
      'institutionCode',
      'institution_code_format',
      `institutionCode is not an institution code of this ministry (they look like ${profile.staffImport.institutionCodeExample})`,
    );
    institutionCode = undefined;
  }

  let category: StaffCategory | undefined;
  const rawCategory = text('category', true);
  if (rawCategory !== undefined) {
    category = rules.category(rawCategory);
    if (category === undefined) {
      problem('category', 'category_invalid', `category must be one of ${STAFF_CATEGORIES.join(', ')} or a label of theirs`);
    }
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
    else
      problem(
        nameFragment(givenName) ? 'familyName' : 'givenName',
        'address_unbuildable',
        'No mailbox name can be built from this name: write it in Latin (or Cyrillic) letters as in the person’s documents, or give the old address where there is one',
      );
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
  let localeValid = true;
  const rawLocale = text('locale', false);
  if (rawLocale !== undefined) {
    const read = rules.locale(rawLocale);
    if (read !== undefined) locale = read;
    else {
      localeValid = false;
      problem('locale', 'locale_invalid', `locale must be one of ${LOCALES.join(', ')}: a code, a tag such as it-IT, or its name`);
    }
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
      keys: {
        nationalId,
        phone,
        oldAddress,
        institutionCode,
        givenName,
        familyName,
        alternateEmail,
        locale: localeValid ? locale : undefined,
      },
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
