/** Time as a dependency: production code asks a clock, tests hand in a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}

const DAY_MS = 86_400_000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** The UTC calendar day (`yyyy-mm-dd`) of an instant. */
export const dayOf = (iso: string | Date) => new Date(iso).toISOString().slice(0, 10);

/** The UTC calendar day `n` days after (before, when negative) `day`. */
export const addDay = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
