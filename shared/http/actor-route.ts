import type { z } from 'zod';
import { type AuditLog, dynamoAuditLog } from '../audit/audit-log';
import { isAllowed } from '../auth/policy';
import { type Actor, actorFor, PolicyRefusal, type ScopeStore } from '../auth/scope';
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
 * Every refusal of the policy is audited like any refused action: the route-level one (role, no
 * scope), an `assertInstitution` in the use case, and a missing second factor. A failed audit write is logged and the
 * caller still gets the 403: refusing must not depend on the audit table answering.
 */
async function auditRefusal(routeId: string, principal: Principal, roles: string[], error: ForbiddenError, requestId: string) {
  const log = refusalLog();
  if (!log) return logger.warn('refusal not audited: no audit table bound', { routeId, code: error.code });
  const institution = error instanceof PolicyRefusal ? error.institution : null;
  try {
    await log.record({
      actor: principal.sub,
      role: roles.join(',') || 'none',
      action: `route.${routeId}`,
      target: institution ? `INSTITUTION#${institution}` : routeId,
      // Filed in the trail of the institution that was targeted; a route-level refusal has none
      // and is kept under `none`, findable by actor and target.
      institution: institution ?? 'none',
      at: new Date(),
      requestId,
      outcome: 'refused',
      reason: error.code,
      ...(institution && { details: { routeId } }),
    });
  } catch (auditError) {
    logger.error('refusal audit failed', { routeId, error: (auditError as Error).name });
  }
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * A `jwt` route whose caller is decided by the policy (shared/auth/policy.ts) before anything
 * else, even before the input is read: every (role, institution) pair the caller holds is read
 * from the server-side role store (and the staff register, on routes that admit staff) on every
 * call — never taken from the token — and the route must admit one of them. The core gets the
 * result as `actor`, bound to this route, for its own target checks (`assertInstitution` …).
 */
export function actorRoute<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(
  spec: { routeId: string; scopes: ScopeStore; body?: B; query?: Q; params?: P },
  core: (
    input: Omit<RouteInput<Infer<B>, Infer<Q>, Infer<P>, unknown>, 'principal' | 'authorized'> & { actor: Actor },
  ) => Promise<RouteResult>,
) {
  const def = ROUTES.find((r) => r.id === spec.routeId);
  if (def?.auth !== 'jwt' || !def.allow?.length)
    throw new Error(`Route ${spec.routeId} is not a jwt route with an allow list in the catalog`);
  const staff = def.allow.includes('staff');

  const authorize = async (principal: Principal, requestId: string, accessToken: string | null): Promise<Actor> => {
    const actor = actorFor(principal, spec.routeId, await spec.scopes.grantsOf(principal, { staff }));
    const decision = isAllowed(actor, spec.routeId);
    if (!decision.allowed) {
      const refusal = new PolicyRefusal(decision.code);
      // The roles the caller holds, none of which this route admits (or admits nowhere).
      await auditRefusal(spec.routeId, principal, [...new Set(actor.grants.map((g) => g.role))], refusal, requestId);
      throw refusal;
    }
    // Allowed: a call that relies on a privileged role (the route's roles the caller holds) also
    // needs a TOTP second factor where it is required, before the input is read. Audited too.
    if (mfaRequired) {
      try {
        await requireMfa(def, actor.roles, accessToken, totpActive);
      } catch (error) {
        if (error instanceof ForbiddenError) await auditRefusal(spec.routeId, principal, actor.roles, error, requestId);
        throw error;
      }
    }
    return actor;
  };

  return httpRoute({ auth: 'jwt', body: spec.body, query: spec.query, params: spec.params, authorize }, async (input) => {
    const { principal, authorized, ...rest } = input;
    const actor = authorized as Actor;
    try {
      return await core({ ...rest, actor } as never);
    } catch (error) {
      if (error instanceof PolicyRefusal) await auditRefusal(spec.routeId, principal, actor.roles, error, input.requestId);
      throw error;
    }
  });
}
