import { ROUTES, type Role, type RouteDef, type RouteRule } from '../catalog';
import type { Scope } from './scope';

/**
 * The one authorization decision: every route is decided from the caller's roles, the caller's
 * server-side scope and the target, by the route's declared `rule` and `allow` list (catalog).
 * `actorRoute` asks it before the use case runs (no target yet); use cases ask it again, through
 * `assertInstitution` / `mayActOnInstitution`, once they know the target institution.
 */

/** Who asks: the token's subject and roles, and the server-side scope once it is loaded. */
export interface Caller {
  sub: string;
  roles: readonly Role[];
  scope?: Scope;
}

/** What the call acts on: an institution (its region, when known: regional support reach), or an account. */
export type Target = { institution: string; region?: string | null } | { sub: string };

export type DenyCode =
  | 'route_unknown'
  | 'rule_missing'
  | 'machine_only'
  | 'role_not_allowed'
  | 'no_scope'
  | 'institution_out_of_scope'
  | 'not_self';

export type Decision = { allowed: true } | { allowed: false; code: DenyCode };

const allowed: Decision = { allowed: true };
const deny = (code: DenyCode): Decision => ({ allowed: false, code });

/** A route's rule: public routes need not declare one; a `jwt` or `machine` route must (undefined: it did not). */
export function ruleOf(route: Pick<RouteDef, 'auth' | 'rule'>): RouteRule | undefined {
  return route.rule ?? (route.auth === 'public' ? 'public' : undefined);
}

/** The `jwt`/`machine` routes that declare no rule, or a rule that contradicts their `auth` (what synth refuses). */
export function routesWithoutRule(routes: readonly RouteDef[] = ROUTES): string[] {
  return routes
    .filter((r) => {
      const rule = ruleOf(r);
      if (rule === undefined) return true;
      if (r.auth === 'machine') return rule !== 'machine';
      if (r.auth === 'jwt') return rule === 'machine' || rule === 'public' || !r.allow?.length;
      return rule !== 'public';
    })
    .map((r) => r.id);
}

/**
 * Operators reach every institution; support agents every one (`all`) or those of their regions
 * (an unknown region is reached by no regional agent); everyone else only their own.
 */
export function institutionInScope(caller: Caller, institution: string, region: string | null = null): boolean {
  if (caller.roles.includes('operator')) return true;
  if (caller.scope?.institution === institution) return true;
  const support = caller.roles.includes('support') ? caller.scope?.support : undefined;
  if (support === 'all') return true;
  return support !== undefined && region !== null && support.regions.includes(region);
}

const hasScope = (caller: Caller) =>
  caller.roles.includes('operator') ||
  (caller.scope !== undefined && (caller.scope.institution !== null || caller.scope.region !== null || caller.scope.support !== undefined));

/**
 * May this caller call this route (no target: the role part, decided before the use case runs),
 * and on this target? Without a scope (`caller.scope` undefined) only the role is decided.
 */
export function authorize(routeId: string, caller: Caller, target?: Target, routes: readonly RouteDef[] = ROUTES): Decision {
  const route = routes.find((r) => r.id === routeId);
  if (!route) return deny('route_unknown');
  const rule = ruleOf(route);
  if (rule === undefined) return deny('rule_missing');
  if (rule === 'public') return allowed;
  // Machine routes are decided by OAuth scopes (`machineRoute`): no staff role opens them.
  if (rule === 'machine') return deny('machine_only');
  if (!caller.roles.some((r) => route.allow?.includes(r))) return deny('role_not_allowed');
  if (rule === 'self') return target && 'sub' in target && target.sub !== caller.sub ? deny('not_self') : allowed;
  if (rule === 'any') return allowed;
  // rule 'institution': a caller with no institution, region or support reach reaches nothing.
  if (caller.scope !== undefined && !hasScope(caller)) return deny('no_scope');
  if (!target || !('institution' in target)) return allowed;
  return institutionInScope(caller, target.institution, target.region ?? null) ? allowed : deny('institution_out_of_scope');
}
