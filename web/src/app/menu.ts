import type { ComponentType } from 'react';
import type { PublicProfile } from '../api/client';
import type { components } from '../api/schema';
import type { Key } from '../i18n/catalog';

export type Role = components['schemas']['Me']['roles'][number];

export interface RouteDef {
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

/** The page at `path`, if the profile offers it. */
export function findRoute(path: string, profile: PublicProfile, routes: readonly RouteDef[]): RouteDef | undefined {
  return routes.find((r) => r.path === path && (r.offered?.(profile) ?? true));
}

/** The staff pages this profile offers, fetched ahead once the first page is up (admin desks, with roles, are not). */
export function preloadOffered(profile: PublicProfile, routes: readonly RouteDef[]): void {
  for (const r of routes) if ((r.offered?.(profile) ?? true) && !r.access?.roles) r.preload?.();
}

/** The menu a user with these roles sees: routes they may open, in order. */
export function menuFor(roles: readonly Role[], profile: PublicProfile, routes: readonly RouteDef[]): Array<{ path: string; label: Key }> {
  return routes
    .filter((r) => r.menu && (r.offered?.(profile) ?? true))
    .filter((r) => !r.access?.roles || r.access.roles.some((role) => roles.includes(role)))
    .map((r) => ({ path: r.path, label: r.menu as Key }));
}
