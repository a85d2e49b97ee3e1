import type { Locale } from '../../i18n/catalog';
import { common } from './messages';

/**
 * An audit record's role and outcome in words (the trail stores codes: shared/audit/audit-log.ts,
 * shared/http/actor-route.ts joins several roles with commas); a code without words is shown as it is.
 */
export function roleWords(role: string, locale: Locale): string {
  const names: Record<string, string> = common[locale].desk.roles;
  return role
    .split(',')
    .map((r) => names[r] ?? r)
    .join(', ');
}

export function outcomeWord(outcome: string, locale: Locale): string {
  const names: Record<string, string> = common[locale].desk.outcomes;
  return names[outcome] ?? outcome;
}
