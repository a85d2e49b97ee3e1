import type { Cron } from '../catalog';

/** One EventBridge cron field against a value: `*`, `?`, `5`, `1,15`, `1-5`, `*\/15`, `10-40/10`. */
function fieldMatches(field: string | undefined, value: number, min: number): boolean {
  if (field === undefined || field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const [range = '*', stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, Number.MAX_SAFE_INTEGER];
    else if (range.includes('-')) [lo, hi] = range.split('-').map(Number) as [number, number];
    else [lo, hi] = stepText ? [Number(range), Number.MAX_SAFE_INTEGER] : [Number(range), Number(range)];
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

/** Whether a schedule's cron fires at this UTC minute (EventBridge week days: 1 = Sunday). */
export function cronMatches(cron: Cron, at: Date): boolean {
  return (
    fieldMatches(cron.minute, at.getUTCMinutes(), 0) &&
    fieldMatches(cron.hour, at.getUTCHours(), 0) &&
    fieldMatches(cron.day, at.getUTCDate(), 1) &&
    fieldMatches(cron.month, at.getUTCMonth() + 1, 1) &&
    fieldMatches(cron.weekDay, at.getUTCDay() + 1, 1)
  );
}
