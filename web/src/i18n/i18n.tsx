import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Key, Locale } from './catalog';
import { CATALOGS } from './catalogs';
import { formatMessage, lookup, type MessageTree, type Params } from './format';

const DAY_MS = 86_400_000;

export interface I18n {
  locale: Locale;
  /** The message at `key` in the current language, placeholders filled (`count` picks the plural form). */
  t(key: Key, params?: Params): string;
  /** A message looked up by a key known only at run time (an API error code); undefined when there is none. */
  tMaybe(key: string, params?: Params): string | undefined;
  /** A date in the deployment's time zone, the language's way (`3 febbraio 2027`). */
  date(iso: string): string;
  /** "in 5 days", "3 days ago", "tomorrow": whole days from now. */
  relativeDays(iso: string, now?: Date): string;
}

/** The formatting functions of one language and time zone; pure, so tests use them without React. */
export function createI18n(locale: Locale, timeZone: string): I18n {
  const tree = CATALOGS[locale] as unknown as MessageTree;
  // Made on first use: building an Intl formatter loads the language's data, and the sign-in
  // page shows no date at all.
  let dates: Intl.DateTimeFormat | undefined;
  let relative: Intl.RelativeTimeFormat | undefined;
  const tMaybe = (key: string, params?: Params) => {
    const value = lookup(tree, key);
    return value === undefined ? undefined : formatMessage(value, locale, params);
  };
  return {
    locale,
    // A key the type checker accepted always exists (web/test/i18n.test.ts); the key itself is a last resort.
    t: (key, params) => tMaybe(key, params) ?? key,
    tMaybe,
    date: (iso) => {
      dates ??= new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
      return dates.format(new Date(iso));
    },
    relativeDays: (iso, now = new Date()) => {
      relative ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      return relative.format(Math.round((new Date(iso).getTime() - now.getTime()) / DAY_MS), 'day');
    },
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nScope({ locale, timeZone, children }: { locale: Locale; timeZone: string; children: ReactNode }) {
  const value = useMemo(() => createI18n(locale, timeZone), [locale, timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nScope');
  return value;
}
