import type { z } from 'zod';
import { type Actor, resolveActor, type ScopeStore } from '../auth/scope';
import { ROUTES } from '../catalog';
import { httpRoute, type RouteInput, type RouteResult } from './route';

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
  const allow = def.allow;
  return httpRoute({ auth: 'jwt', body: spec.body, query: spec.query, params: spec.params }, async (input) => {
    const actor = await resolveActor(input.principal, allow, spec.scopes);
    return core({ ...input, actor } as never);
  });
}
