import { useMemo } from 'react';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n/i18n';

/** A date and time in the deployment's time zone, the language's way (`6 dic 2026, 09:00`); `—` for none. */
export function useDateTime(): (iso: string | null | undefined) => string {
  const { profile } = useApp();
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: profile.timeZone });
    return (iso) => (iso ? format.format(new Date(iso)) : '—');
  }, [locale, profile.timeZone]);
}

/** Codes or ids typed in a text area: split on spaces, commas, semicolons and new lines. */
export const listOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
