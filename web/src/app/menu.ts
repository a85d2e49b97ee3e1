import type { ComponentType } from 'react';
import type { PublicProfile } from '../api/client';
import type { components } from '../api/schema';
import type { Key } from '../i18n/catalog';

export type Role = components['schemas']['Me']['roles'][number];

export interface RouteDef {
  /** `/account`, or a pattern with parameters: `/support/members/:memberId` (read with `useParams()`). */
  path: string;
  /** The page; all but sign-in are `lazyPage(() => import('…'))` (routes.tsx), so they stay out of the staff entry. */
  page: ComponentType;
  /** A lazy page's chunk fetched ahead. */
  preload?: () => void;
  /** Only where the profile offers the flow. */
  offered?: (profile: PublicProfile) => boolean;
  /** Signed-in users only; with roles, only users holding one of them (the API decides again on every call). */
  access?: { signedIn: true; roles?: Role[] };
  /** An entry in the signed-in menu. */
  menu?: Key;
}

/**
 * The parameters of `path` if it matches `pattern` segment by segment (`:name` matches one
 * non-empty segment, decoded); null otherwise.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] as string;
    if (part.startsWith(':')) {
      if (!value) return null;
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}

/** The page at `path` with its parameters, if the profile offers it. */
export function findRoute(
  path: string,
  profile: PublicProfile,
  routes: readonly RouteDef[],
): { route: RouteDef; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (!(route.offered?.(profile) ?? true)) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** The staff pages this profile offers, fetched ahead once the first page is up (admin desks, with roles, are not). */
export function preloadOffered(profile: PublicProfile, routes: readonly RouteDef[]): void {
  for (const r of routes) if ((r.offered?.(profile) ?? true) && !r.access?.roles) r.preload?.();
}

/**
 * The menu a user with these roles sees (the roles `GET /v1/me` gives: the server's, not the
 * token's): routes they may open, in order. A page with parameters is never a menu entry.
 */
export function menuFor(roles: readonly Role[], profile: PublicProfile, routes: readonly RouteDef[]): Array<{ path: string; label: Key }> {
  return routes
    .filter((r) => r.menu && !r.path.includes('/:') && (r.offered?.(profile) ?? true))
    .filter((r) => !r.access?.roles || r.access.roles.some((role) => roles.includes(role)))
    .map((r) => ({ path: r.path, label: r.menu as Key }));
}
