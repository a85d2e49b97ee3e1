import type { Role } from '../app/menu';

/**
 * The roles in an access token (`cognito:groups`), read without verifying: only to choose which
 * menu entries to show. Every API call is authorized by the server, whatever the menu shows.
 */
export function rolesOf(accessToken: string): Role[] {
  try {
    const payload = accessToken.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { 'cognito:groups'?: unknown };
    const groups = json['cognito:groups'];
    return Array.isArray(groups) ? (groups.filter((g) => typeof g === 'string') as Role[]) : [];
  } catch {
    return [];
  }
}
