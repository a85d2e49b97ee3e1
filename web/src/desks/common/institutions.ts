import { useMe } from '../../app/me';
import type { Role } from '../../app/menu';

/**
 * The institutions where the signed-in user holds one of `roles` (from `GET /v1/me`), for a
 * desk's institution picker; `everywhere` when one of those roles is held deployment-wide (an
 * operator: the page then asks which institution). The server checks the institution again on
 * every call.
 */
export function useMyInstitutions(roles: readonly Role[]): { codes: string[]; everywhere: boolean; loading: boolean } {
  const { me, loading } = useMe();
  const held = (me?.assignments ?? []).filter((a) => roles.includes(a.role as Role));
  const codes = [...new Set(held.flatMap((a) => (a.institutionCode ? [a.institutionCode] : [])))].sort();
  return { codes, everywhere: held.some((a) => !a.institutionCode), loading };
}
