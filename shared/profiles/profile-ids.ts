/** Locales every template exists in. */
export const LOCALES = ['it', 'ru', 'tr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const PROFILE_IDS = ['it-miur', 'ru-moscow', 'tr-meb'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];
