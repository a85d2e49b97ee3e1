import { ROUTES, type Role, type RouteDef, type RouteRule } from '../catalog';
import { isDeploymentRole } from './role-names';

/**
 * The one authorization policy of Posta, in the shape of Cedar / Amazon Verified Permissions:
 * `isAllowed(principal, action, resource)`. The principal is what the server knows of the caller
 * — every (role, institution) pair they hold, read from the role store on each call, never the
 * token's groups; the action is a route of the catalog, whose `allow` roles and `rule` say who may
 * take it; the resource is what the call acts on (an institution with its region, the whole
 * deployment, or an account). Every decision of the API is this function: `actorRoute` asks it
 * before the use case runs (no resource yet), use cases ask it through `assertInstitution` /
 * `mayActOnInstitution(In)` (shared/auth/scope.ts) once they know the target.
 */

/**
 * A support agent's reach: the whole deployment, or the institutions of some regions (an
 * institution's region is its `INSTITUTION#<code>`/`META` item's `region`).
 */
export type SupportScope = 'all' | { regions: string[] };

/** `'all'` or `{ regions: [...] }` as stored; anything else gives no support reach (fail closed). */
export function parseSupportScope(raw: unknown): SupportScope | undefined {
  if (raw === 'all') return 'all';
  const regions = (raw as { regions?: unknown } | null)?.regions;
  if (Array.isArray(regions) && regions.every((r) => typeof r === 'string')) return { regions: regions as string[] };
  return undefined;
}

/** One role held in one place: an institution, or (operator, auditor) the deployment, or (support) a reach. */
export interface Grant {
  role: Role;
  /** The institution the role is held in; null for operators and auditors (deployment-wide) and support agents (by reach). */
  institution: string | null;
  /** Support agents only: where they reach. */
  support?: SupportScope;
}

/** The caller as the policy sees it. */
export interface PolicyPrincipal {
  sub: string;
  grants: readonly Grant[];
}

/**
 * What a call acts on: an institution (its region, when known: regional support reach), every
 * institution at once (a deployment-wide read), or an account (`self` routes).
 */
export type Resource = { institution: string; region?: string | null } | { everywhere: true } | { sub: string };

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

const BY_ID = new Map(ROUTES.map((r) => [r.id, r]));
const routeOf = (action: string, routes: readonly RouteDef[]) =>
  routes === ROUTES ? BY_ID.get(action) : routes.find((r) => r.id === action);

/** The pairs of the principal that this action admits (its route's `allow` roles). */
export function grantsFor(principal: PolicyPrincipal, action: string, routes: readonly RouteDef[] = ROUTES): Grant[] {
  const allow: readonly Role[] = routeOf(action, routes)?.allow ?? [];
  return principal.grants.filter((g) => allow.includes(g.role));
}

/** A grant reaches somewhere: an operator or auditor, a support agent with a reach, anyone else with an institution. */
const hasReach = (g: Grant) => (isDeploymentRole(g.role) ? true : g.role === 'support' ? g.support !== undefined : g.institution !== null);

/**
 * A grant that reaches every institution: a deployment-wide role (operator, auditor), or a
 * deployment-wide support agent. It counts only on the routes that admit its role: an auditor
 * reaches every institution on the audit read routes and the registry's listing, and no route else.
 */
export const reachesEverywhere = (g: Grant) => isDeploymentRole(g.role) || (g.role === 'support' && g.support === 'all');

/**
 * Whether one grant reaches an institution: operators, auditors and deployment-wide support every one;
 * regional support those of their regions (an institution of unknown region: none); every other
 * role only the institution it is held in. A support reach counts only on a support grant.
 */
export function reaches(g: Grant, institution: string, region: string | null): boolean {
  if (reachesEverywhere(g)) return true;
  if (g.role === 'support') return typeof g.support === 'object' && region !== null && g.support.regions.includes(region);
  return g.institution === institution;
}

/**
 * May this principal take this action (a route id), on this resource? Without a resource only
 * the route-level part is decided: a role the route admits, and (institution routes) somewhere
 * that role reaches.
 */
export function isAllowed(principal: PolicyPrincipal, action: string, resource?: Resource, routes: readonly RouteDef[] = ROUTES): Decision {
  const route = routeOf(action, routes);
  if (!route) return deny('route_unknown');
  const rule = ruleOf(route);
  if (rule === undefined) return deny('rule_missing');
  if (rule === 'public') return allowed;
  // Machine routes are decided by OAuth scopes (`machineRoute`): no staff role opens them.
  if (rule === 'machine') return deny('machine_only');
  const held = grantsFor(principal, action, routes);
  if (!held.length) return deny('role_not_allowed');
  if (rule === 'self') return resource && 'sub' in resource && resource.sub !== principal.sub ? deny('not_self') : allowed;
  if (rule === 'any') return allowed;
  // rule 'institution': a role held nowhere (no institution, no reach) reaches nothing.
  const reaching = held.filter(hasReach);
  if (!reaching.length) return deny('no_scope');
  if (!resource) return allowed;
  // An account is not a place: an institution route never decides on one (fail closed).
  if ('sub' in resource) return deny('institution_out_of_scope');
  if ('everywhere' in resource) return reaching.some(reachesEverywhere) ? allowed : deny('institution_out_of_scope');
  const region = resource.region ?? null;
  return reaching.some((g) => reaches(g, resource.institution, region)) ? allowed : deny('institution_out_of_scope');
}
