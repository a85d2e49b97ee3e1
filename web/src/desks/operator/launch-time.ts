/**
 * A lot's launch time is typed as a wall-clock date and time in the deployment's time zone (the
 * profile's, e.g. Europe/Rome) and sent as an instant. These convert between the two with `Intl`
 * only: the zone's offset at an instant is what `Intl.DateTimeFormat` shows for it there.
 */

/** The zone's wall clock at `instant`, as `{ date: 'YYYY-MM-DD', time: 'HH:mm' }`. */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const { date, time } = wallClock(instant, timeZone);
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const truncated = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Math.round((asUtc - truncated) / 60_000);
}

/**
 * The instant (ISO, UTC) at which the zone's clock reads `date` (`YYYY-MM-DD` or `YYYY/MM/DD`,
 * as the date picker gives it) and `time` (`HH:mm`); null when either is not a real date or time.
 * Around a daylight-saving change the offset is taken at the result, so 09:00 is 09:00 that day.
 */
export function instantOf(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const first = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  const settled = naive - offsetMinutes(new Date(first), timeZone) * 60_000;
  return new Date(settled).toISOString();
}
