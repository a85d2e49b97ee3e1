import type { Catalog, MessageKey } from './format';
import type { en } from './messages/en';

/** The shape every locale's catalog has: English's keys, each a string or a plural object. */
export type Messages = Catalog<typeof en>;
export type Key = MessageKey<typeof en>;

export const LOCALES = ['it', 'ru', 'tr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Each language named in itself, as the language menu shows it. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  it: 'Italiano',
  ru: 'Русский',
  tr: 'Türkçe',
  en: 'English',
};
