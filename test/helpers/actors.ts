import { type Actor, actorFor, type Grant } from '../../shared/auth/scope';
import type { Role } from '../../shared/catalog';

/**
 * An actor calling `action` (a route id) with these (role, institution) pairs, as `actorRoute`
 * builds it from the role store: for use cases tested without the HTTP chain.
 */
export function actorOf(action: string, grants: Grant[], who: { sub?: string; login?: string } = {}): Actor {
  return actorFor({ sub: who.sub ?? 'sub-1', login: who.login ?? 'user@example.org' }, action, grants);
}

/** One role in one institution (null: operators), as a grant records it. */
export const held = (role: Role, institution: string | null = null): Grant => ({ role, institution });
