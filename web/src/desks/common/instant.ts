/**
 * An instant as a record states it (audit trails, delivery events): date and time to the second,
 * in UTC and saying so, the language's way — records from several time zones then read alike.
 */
export function formatInstant(iso: string, locale: string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
}

/** A calendar month as a report names it (UTC `yyyy-mm`), the language's way: "dicembre 2026", "декабрь 2026 г.", "Aralık 2026". */
export function monthName(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** An ISO week as people say it: `2026-W09` → `9` (the report's date gives the year); anything else as it is. */
export function weekNumber(isoWeek: string): string {
  const m = /^\d{4}-W(\d{2})$/.exec(isoWeek);
  return m ? String(Number(m[1])) : isoWeek;
}
