import type { Locale } from '../../i18n/catalog';
import { formatMessage } from '../../i18n/format';
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

/**
 * An audit record's action in words (the codes: shared/audit/audit-actions.ts): `support.member-viewed`
 * is "Member viewed by support"; a refused call, `route.<routeId>` (shared/http/actor-route.ts), is
 * "Call: <routeId>"; a code without words is shown as it is.
 */
export function actionWords(code: string, locale: Locale): string {
  const names = common[locale].desk.auditActions;
  const dot = code.indexOf('.');
  const family = code.slice(0, dot);
  const name = code.slice(dot + 1);
  if (dot <= 0 || !name) return code;
  if (family === 'route') return formatMessage(names.route, locale, { route: name });
  const words = (names as unknown as Record<string, Record<string, string> | undefined>)[family]?.[name];
  return typeof words === 'string' ? words : code;
}
