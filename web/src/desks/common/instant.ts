/**
 * An instant as a record states it (audit trails, delivery events): date and time to the second,
 * in UTC and saying so, the language's way — records from several time zones then read alike.
 */
export function formatInstant(iso: string, locale: string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
}
