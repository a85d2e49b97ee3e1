import type { Locale, Profile } from '../profiles';

/** How each national ID is called in a sentence, per locale. */
export const NATIONAL_ID_NAMES: Record<Profile['nationalIdKind'], Record<Locale, string>> = {
  'codice-fiscale': { it: 'codice fiscale', en: 'codice fiscale', ru: 'codice fiscale', tr: 'codice fiscale' },
  snils: { it: 'SNILS', en: 'SNILS', ru: 'СНИЛС', tr: 'SNILS' },
  tckn: { it: 'T.C. Kimlik No', en: 'T.C. Kimlik No', ru: 'T.C. Kimlik No', tr: 'T.C. Kimlik No' },
};
