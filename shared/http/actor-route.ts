import type { z } from 'zod';
import { type AuditLog, dynamoAuditLog } from '../audit/audit-log';
import { authorize, type Caller, type DenyCode } from '../auth/authorize';
import type { Actor, ScopeStore } from '../auth/scope';
import { ROUTES } from '../catalog';
import { cognito } from '../clients/cognito';
import { dynamo } from '../clients/dynamodb';
import { profile } from '../config/profile';
import { ForbiddenError } from '../errors';
import { cognitoTotpCheck, MFA_REQUIRED_ENV, requireMfa } from '../identity/mfa';
import { logger } from '../logger';
import type { Principal } from './principal';
import { httpRoute, type RouteInput, type RouteResult } from './route';

/** Read once per container: the cloud sets it on every staff route (infra), `npm start -- --mfa` locally. */
const mfaRequired = process.env[MFA_REQUIRED_ENV] === 'true';
const totpActive = cognitoTotpCheck(cognito);

let refusals: AuditLog | null | undefined;
/** The audit log refusals go to: every route with an allow list binds the audit table (catalog). */
function refusalLog(): AuditLog | null {
  if (refusals === undefined) {
    const table = process.env.AUDIT_TABLE;
    refusals = table ? dynamoAuditLog(dynamo, table, profile.auditRetentionDays) : null;
  }
  return refusals;
}

/**
 * A role or scope refusal is audited like any refused action. A failed audit write is logged and
 * the caller still gets the 403: refusing must not depend on the audit table answering.
 */
async function auditRefusal(routeId: string, principal: Principal, error: ForbiddenError, requestId: string) {
  const log = refusalLog();
  if (!log) return logger.warn('refusal not audited: no audit table bound', { routeId, code: error.code });
  try {
    await log.record({
      actor: principal.sub,
      role: principal.roles.join(',') || 'none',
      action: `route.${routeId}`,
      target: routeId,
      // The caller's institution is unknown here (no scope, or not loaded): the refusal is kept
      // under `none`, findable by actor and target.
      institution: 'none',
      at: new Date(),
      requestId,
      outcome: 'refused',
      reason: error.code,
    });
  } catch (auditError) {
    logger.error('refusal audit failed', { routeId, error: (auditError as Error).name });
  }
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * A `jwt` route whose caller is authorized before the core runs: the role must be in the
 * catalog's `allow` list for this route, and the caller's scope (institution or region) is
 * loaded server-side and handed to the core as `actor`.
 */
export function actorRoute<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(
  spec: { routeId: string; scopes: ScopeStore; body?: B; query?: Q; params?: P },
  core: (input: Omit<RouteInput<Infer<B>, Infer<Q>, Infer<P>, unknown>, 'principal'> & { actor: Actor }) => Promise<RouteResult>,
) {
  const def = ROUTES.find((r) => r.id === spec.routeId);
  if (def?.auth !== 'jwt' || !def.allow?.length)
    throw new Error(`Route ${spec.routeId} is not a jwt route with an allow list in the catalog`);
  return httpRoute({ auth: 'jwt', body: spec.body, query: spec.query, params: spec.params }, async (input) => {
    let actor: Actor;
    try {
      // Role first (no read for a caller the route never admits), then the server-side scope.
      check(authorize(spec.routeId, input.principal));
      const scope = (await spec.scopes.scopeOf(input.principal.sub)) ?? { institution: null, region: null };
      actor = { ...input.principal, scope };
      check(authorize(spec.routeId, actor satisfies Caller));
      // A call that relies on a privileged role needs a TOTP second factor (where it is required).
      if (mfaRequired) await requireMfa(def, actor.roles, input.accessToken, totpActive);
    } catch (error) {
      if (error instanceof ForbiddenError) await auditRefusal(spec.routeId, input.principal, error, input.requestId);
      throw error;
    }
    return core({ ...input, actor } as never);
  });
}

const REFUSALS: Record<DenyCode, string> = {
  route_unknown: 'This route is not in the catalog',
  rule_missing: 'This route declares no authorization rule',
  machine_only: 'This route is for machine clients',
  role_not_allowed: 'Your role may not do this',
  no_scope: 'No institution is assigned to your account',
  institution_out_of_scope: 'This institution is outside your scope',
  not_self: 'You may act only on your own account',
};

function check(decision: ReturnType<typeof authorize>): void {
  if (!decision.allowed) throw new ForbiddenError(REFUSALS[decision.code], decision.code);
}
