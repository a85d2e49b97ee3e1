import { LOCALES, type Locale } from '../profiles/profile-ids';
import type { Profile } from '../profiles/profile-schema';
import { foldLabel } from './fold';

export const STAFF_CATEGORIES = ['teacher', 'administrative-technical', 'principal'] as const;
export type StaffCategory = (typeof STAFF_CATEGORIES)[number];

/**
 * How HR names each category, per language: the first label of a list is the one shown (import
 * format, template); the others are accepted as written in exports. Italian staff are `docenti`,
 * `ATA` (personale amministrativo, tecnico e ausiliario) or the `dirigente scolastico`; Russian
 * schools have `педагогические работники`, the `учебно-вспомогательный` and administrative staff,
 * and the `директор`; Turkish ones `öğretmen`, `idari personel`, `okul müdürü`.
 */
const CATEGORY_LABELS: Readonly<Record<StaffCategory, Readonly<Record<Locale, readonly string[]>>>> = {
  teacher: {
    en: ['teacher', 'teachers', 'teaching staff', 'educator'],
    it: ['docente', 'docenti', 'insegnante', 'personale docente', 'professore', 'professoressa', 'maestro', 'maestra'],
    ru: ['учитель', 'педагог', 'педагогический работник', 'педагогические работники', 'преподаватель', 'воспитатель'],
    tr: ['öğretmen', 'öğretmenler', 'eğitim personeli'],
  },
  'administrative-technical': {
    en: ['administrative-technical', 'administrative and technical staff', 'administrative', 'technical staff', 'support staff'],
    it: [
      'ATA',
      'personale ATA',
      'amministrativo',
      'personale amministrativo',
      'assistente amministrativo',
      'assistente tecnico',
      'collaboratore scolastico',
      'DSGA',
    ],
    ru: [
      'административный персонал',
      'учебно-вспомогательный персонал',
      'административно-хозяйственный персонал',
      'административный работник',
      'технический персонал',
    ],
    tr: ['idari personel', 'idari', 'teknik personel', 'yardımcı personel'],
  },
  principal: {
    en: ['principal', 'head teacher', 'headteacher', 'school head', 'head of school'],
    it: ['dirigente scolastico', 'dirigente', 'preside'],
    ru: ['директор', 'руководитель образовательной организации'],
    tr: ['okul müdürü', 'müdür'],
  },
};

/** The languages whose words a profile's files are read in: its own and English. */
export function fileLanguages(profile: Pick<Profile, 'defaultLocale'>): Locale[] {
  return profile.defaultLocale === 'en' ? ['en'] : [profile.defaultLocale, 'en'];
}

/** The category labels a profile shows (its language first, then English), for the format and template. */
export function categoryLabels(profile: Pick<Profile, 'defaultLocale'>) {
  return STAFF_CATEGORIES.map((id) => ({
    id,
    labels: Object.fromEntries(fileLanguages(profile).map((l) => [l, CATEGORY_LABELS[id][l][0] as string])),
    aliases: fileLanguages(profile).flatMap((l) => CATEGORY_LABELS[id][l]),
  }));
}

/**
 * Reads a category as HR writes it: the id in any spelling (`Administrative technical`,
 * `administrative_technical`), a label or alias of the profile's language or English, or a
 * label the import's `mapping` gives. Built once per file; answers are cached per distinct value,
 * since a file repeats a handful of labels over thousands of rows.
 */
export function categoryReader(profile: Pick<Profile, 'defaultLocale'>, mapping: Readonly<Record<string, StaffCategory>> = {}) {
  const known = new Map<string, StaffCategory>();
  for (const id of STAFF_CATEGORIES) {
    known.set(foldLabel(id), id);
    for (const language of fileLanguages(profile)) for (const label of CATEGORY_LABELS[id][language]) known.set(foldLabel(label), id);
  }
  for (const [label, id] of Object.entries(mapping)) known.set(foldLabel(label), id);
  const cache = new Map<string, StaffCategory | undefined>();
  return (value: string): StaffCategory | undefined => {
    if (!cache.has(value)) cache.set(value, known.get(foldLabel(value)));
    return cache.get(value);
  };
}

/**
 * Reads a member's language as HR writes it and reduces it to one Posta speaks (every template
 * exists in each of `LOCALES`): a bare code (`it`), a BCP 47 tag (`it-IT`, `ru-RU`, `tr-TR`,
 * `en-GB`, also with `_` as POSIX writes it) by its language subtag, the language's name in the
 * profile's language, in English or in itself (`Italiano`, `Russian`, `русский`, `Türkçe`), or
 * a label the import's `mapping` gives (mapped to a tag, which is reduced the same way).
 */
export function localeReader(profile: Pick<Profile, 'defaultLocale'>, mapping: Readonly<Record<string, string>> = {}) {
  const names = new Map<string, Locale>();
  for (const locale of LOCALES) {
    for (const display of new Set([...fileLanguages(profile), locale])) {
      const name = new Intl.DisplayNames([display], { type: 'language' }).of(locale);
      if (name) names.set(foldLabel(name), locale);
    }
  }
  const mapped = new Map(Object.entries(mapping).map(([label, tag]) => [foldLabel(label), tag]));
  const cache = new Map<string, Locale | undefined>();
  return (value: string): Locale | undefined => {
    if (!cache.has(value)) {
      const key = foldLabel(value);
      cache.set(value, languageOfTag(mapped.get(key) ?? value) ?? names.get(key));
    }
    return cache.get(value);
  };
}

/** The Posta locale of a BCP 47 tag's language subtag, or undefined (not a tag, or a language Posta does not speak). */
export function languageOfTag(tag: string): Locale | undefined {
  let language: string;
  try {
    language = new Intl.Locale(tag.trim().replace(/_/g, '-')).language;
  } catch {
    return undefined;
  }
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : undefined;
}
