import { csvCell } from '../exports/csv-cell';
import { LOCALES } from '../profiles/profile-ids';
import type { Profile } from '../profiles/profile-schema';
import { COLUMN_ALIASES, COLUMN_LABELS, categoryLabels, REQUIRED_STAFF_FIELDS, STAFF_FIELDS, type StaffField } from '../staff';
import { IMPORT_ENCODINGS } from './decode-file';
import { IMPORT_LIMITS } from './import-job';

/** The fields a profile's files carry: an old address only where the ministry migrates old mailboxes. */
const fieldsOf = (profile: Profile): StaffField[] => STAFF_FIELDS.filter((f) => f !== 'oldAddress' || profile.oldMailDomain !== null);

/**
 * `GET /v1/imports/format`: everything an HR person or a portal needs to write a file this
 * deployment reads — columns (required or not, the template's header, every alias), categories
 * with ids and labels, languages with the names read as them, the institution-code shape,
 * encodings, separators and limits. Built from the same tables the import reads with.
 */
export function importFormat(profile: Profile) {
  const label = COLUMN_LABELS[profile.defaultLocale];
  return {
    profile: profile.id,
    columns: fieldsOf(profile).map((field) => ({
      field,
      required: REQUIRED_STAFF_FIELDS.includes(field),
      label: label[field],
      aliases: [...new Set([field, field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), ...COLUMN_ALIASES[field]])],
    })),
    categories: categoryLabels(profile),
    locales: LOCALES.map((tag) => ({
      tag,
      names: [
        ...new Set(
          [profile.defaultLocale, 'en', tag].map((display) => new Intl.DisplayNames([display], { type: 'language' }).of(tag) ?? tag),
        ),
      ],
    })),
    defaultLocale: profile.defaultLocale,
    institutionCode: { pattern: profile.staffImport.institutionCodePattern, example: profile.staffImport.institutionCodeExample },
    encodings: [...IMPORT_ENCODINGS],
    legacyEncoding: profile.staffImport.legacyEncoding,
    separators: [',', ';'],
    limits: { maxBytes: IMPORT_LIMITS.maxBytes, maxRows: IMPORT_LIMITS.maxRows },
  };
}

/**
 * The downloadable template: the header row in the profile's language, `;`-separated (what Excel
 * writes and reads in Italy, Russia and Turkey) and UTF-8 with a byte-order mark (so Excel opens
 * it as UTF-8). No example row: a filled-in example would be imported as a person.
 */
export function importTemplateCsv(profile: Profile): string {
  const label = COLUMN_LABELS[profile.defaultLocale];
  return `\uFEFF${fieldsOf(profile)
    .map((f) => csvCell(label[f]))
    .join(';')}\r\n`;
}
