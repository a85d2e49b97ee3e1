import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { z } from 'zod';
import { ROUTES } from '../catalog';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { httpRoute, type RouteInput, type RouteResult } from './route';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/** A machine caller (an OAuth client-credentials app client), as its verified token says. */
export interface MachineClient {
  clientId: string;
}

/**
 * The token's scopes: HTTP APIs hand them over as `authorizer.jwt.scopes` and, like every claim,
 * as the space-separated `scope` string; both are read.
 */
export function tokenScopes(event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>): string[] {
  const jwt = event.requestContext?.authorizer?.jwt;
  const fromClaim = typeof jwt?.claims?.scope === 'string' ? jwt.claims.scope.split(/\s+/) : [];
  return [...new Set([...(jwt?.scopes ?? []), ...fromClaim].filter(Boolean))];
}

/**
 * A `machine` route: the API's authorizer already demands one of the catalog's scopes; the
 * function checks again (as `actorRoute` re-checks roles), so a route wired to the wrong
 * authorizer still refuses a staff user's token with 403 instead of answering it.
 */
export function machineRoute<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(
  spec: { routeId: string; body?: B; query?: Q; params?: P },
  core: (input: Omit<RouteInput<Infer<B>, Infer<Q>, Infer<P>, unknown>, 'principal'> & { client: MachineClient }) => Promise<RouteResult>,
) {
  const def = ROUTES.find((r) => r.id === spec.routeId);
  if (def?.auth !== 'machine' || !def.scopes?.length)
    throw new Error(`Route ${spec.routeId} is not a machine route with scopes in the catalog`);
  const required: readonly string[] = def.scopes;
  const handler = httpRoute({ auth: 'jwt', body: spec.body, query: spec.query, params: spec.params }, async ({ principal, ...input }) =>
    core({ ...input, client: { clientId: principal.sub } } as never),
  );
  // Runs after the chain's own middlewares and before the core; a throw here is a problem+json.
  return handler.before((request) => {
    const event = request.event as Partial<APIGatewayProxyEventV2WithJWTAuthorizer>;
    if (!event.requestContext?.authorizer?.jwt?.claims) throw new UnauthorizedError();
    if (!tokenScopes(event).some((s) => required.includes(s))) {
      throw new ForbiddenError(`This route needs a machine token with the scope ${required.join(' or ')}`, 'insufficient_scope');
    }
  });
}
