import { type ComponentType, lazy } from 'react';
import { SignInPage } from '../pages/SignInPage';
import type { RouteDef } from './menu';

/**
 * A page loaded on first visit, as a chunk of its own; `preload()` fetches it ahead (the console
 * does so for the pages the profile offers once the first page is up and the browser is idle).
 */
function lazyPage<T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T): { page: ComponentType; preload(): void } {
  const once = () => load().then((m) => ({ default: m[name] as ComponentType }));
  let loading: ReturnType<typeof once> | undefined;
  const cached = () => {
    loading ??= once();
    return loading;
  };
  return { page: lazy(cached), preload: () => void cached().catch(() => undefined) };
}

/**
 * Every page of the console. Sign-in is in the staff entry (it is the first page nearly
 * everyone sees, and `npm run bench` times it); every other page is a chunk of its own, so the
 * entry carries only what the sign-in form needs. An admin desk (issue #16) is added the same
 * way with its roles —
 * `{ path: '/imports', ...lazyPage(() => import('../admin/ImportsPage'), 'ImportsPage'), access: { signedIn: true, roles: ['school-admin', 'operator'] }, menu: '…' }`
 * — and the menu shows it only to those roles.
 */
export const ROUTES: RouteDef[] = [
  { path: '/sign-in', page: SignInPage },
  { path: '/forgot-password', ...lazyPage(() => import('../pages/ForgotPasswordPage'), 'ForgotPasswordPage') },
  { path: '/activate', ...lazyPage(() => import('../pages/ActivationPage'), 'ActivationPage'), offered: (p) => p.flows.activation },
  {
    path: '/request-mailbox',
    ...lazyPage(() => import('../pages/LateRequestPage'), 'LateRequestPage'),
    offered: (p) => p.flows.lateRequest,
  },
  { path: '/account', ...lazyPage(() => import('../pages/AccountPage'), 'AccountPage'), access: { signedIn: true }, menu: 'account.title' },
];
