import { DESK_ROUTES } from '../desks';
import { SignInPage } from '../pages/SignInPage';
import { lazyPage } from './lazy-page';
import type { RouteDef } from './menu';

/**
 * Every page of the console. Sign-in is in the staff entry (it is the first page nearly
 * everyone sees, and `npm run bench` times it); every other page is a chunk of its own, so the
 * entry carries only what the sign-in form needs. The admin desks (issue #16) come from
 * `web/src/desks/index.ts`, each with its roles: the menu shows a desk only to them.
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
  ...DESK_ROUTES,
];
