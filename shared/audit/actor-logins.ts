import type { Clock } from '../clock';
import type { AuditRecordView } from './audit-queries';

/**
 * Who an audit record's actor is, in words an auditor can use. Records name their actor as it
 * was when they were written — a Cognito `sub` (admins, staff on their own account), a member id
 * (a member's own steps in activation), a login (a public "forgot password"), or a system name
 * (`cognito:ChangePassword`, a job) — and the trail is immutable, so the login is looked up at
 * read time: a login stays as it is; member ids from the member store (one batch read); the rest
 * that look like a `sub` from the user pool, at most `MAX_POOL_LOOKUPS` distinct ones a page and
 * cached, so a CSV page of a thousand self-service records never becomes a thousand Cognito calls.
 * What is not found, or past the bound, stays `null` and the page shows the id. A failed lookup
 * never fails the read of the trail.
 */
export interface ActorLoginSources {
  /** Members by id (the member store's batch read): their login. */
  membersLogins(ids: string[]): Promise<Map<string, string>>;
  /** A user pool account's login by its `sub`; null when there is none. */
  poolLogin(sub: string): Promise<string | null>;
  /** The other way: the `sub` of the pool account with this login; null when there is none. */
  poolSub?(login: string): Promise<string | null>;
}

/** Distinct `sub`s asked of the user pool for one page (Cognito's AdminGetUser quota is shared). */
export const MAX_POOL_LOOKUPS = 25;

const SUB = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Logins found in the pool, kept for a while by each container (a login rarely changes; a stale one is only shown). */
export function cachedPoolLogins(lookup: (sub: string) => Promise<string | null>, clock: Clock, ttlMs = 15 * 60_000, max = 5_000) {
  const cache = new Map<string, { login: string | null; until: number }>();
  return async (sub: string): Promise<string | null> => {
    const now = clock.now().getTime();
    const hit = cache.get(sub);
    if (hit && hit.until > now) return hit.login;
    const login = await lookup(sub);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(sub, { login, until: now + ttlMs });
    return login;
  };
}

/** The page with each record's `actorLogin` (null where unknown), in the same order. */
export async function withActorLogins(
  items: AuditRecordView[],
  sources: ActorLoginSources,
  onLookupFailed: (error: unknown) => void = () => {},
): Promise<AuditRecordView[]> {
  const logins = new Map<string, string | null>();
  const ids = [...new Set(items.map((r) => r.actor))];
  for (const id of ids) if (id.includes('@')) logins.set(id, id);
  const rest = ids.filter((id) => !logins.has(id) && !id.includes(':'));
  if (rest.length > 0) {
    try {
      for (const [id, login] of await sources.membersLogins(rest)) logins.set(id, login);
    } catch (error) {
      onLookupFailed(error);
    }
  }
  const subs = rest.filter((id) => !logins.has(id) && SUB.test(id)).slice(0, MAX_POOL_LOOKUPS);
  // A few at a time: the pool's quota is the deployment's, not this page's.
  for (let i = 0; i < subs.length; i += 5) {
    await Promise.all(
      subs.slice(i, i + 5).map(async (sub) => {
        try {
          logins.set(sub, await sources.poolLogin(sub));
        } catch (error) {
          onLookupFailed(error);
        }
      }),
    );
  }
  return items.map((r) => ({ ...r, actorLogin: logins.get(r.actor) ?? null }));
}
