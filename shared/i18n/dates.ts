/**
 * Dates in a member's language, as messages write them. `dateStyle: 'long'` ends a Russian date
 * with the abbreviation ` г.` ("12 марта 2027 г."), which doubles the full stop of any sentence the
 * date ends; the day, month and year alone ("12 марта 2027") read as well and never do.
 */
export function formatDay(iso: string | Date, locale: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).formatToParts(new Date(iso));
  return withoutTrailingAbbreviation(parts);
}

/** A day and a time (`12 marzo 2027 alle ore 10:00`), with the same care for the Russian ` г.`. */
export function formatInstant(at: string | Date, locale: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).formatToParts(new Date(at));
  return withoutTrailingAbbreviation(parts);
}

/** Drops a literal that only abbreviates "year" (` г.`), wherever it stands; the rest is joined as formatted. */
function withoutTrailingAbbreviation(parts: Intl.DateTimeFormatPart[]): string {
  return parts
    .map((p, i) => {
      if (p.type !== 'literal' || parts[i - 1]?.type !== 'year') return p.value;
      // " г." (end) or " г. в " (before the time): keep what follows the abbreviation.
      return p.value.replace(/^\s*г\.\s*/, (m) => (i === parts.length - 1 ? '' : m.endsWith(' ') ? ' ' : ''));
    })
    .join('');
}
