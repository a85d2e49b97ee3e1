import { AccountPage } from '../pages/AccountPage';
import { ActivationPage } from '../pages/ActivationPage';
import { ForgotPasswordPage } from '../pages/ForgotPasswordPage';
import { LateRequestPage } from '../pages/LateRequestPage';
import { SignInPage } from '../pages/SignInPage';
import type { RouteDef } from './menu';

/**
 * Every page of the console. The staff pages are small and load with the entry. An admin desk
 * (issue #16) is added here as a lazy route with its roles —
 * `{ path: '/imports', page: lazy(() => import('../admin/ImportsPage')), access: { signedIn: true, roles: ['school-admin', 'operator'] }, menu: '…' }`
 * — so it is a chunk of its own, fetched on first visit, and the menu shows it only to those roles.
 */
export const ROUTES: RouteDef[] = [
  { path: '/sign-in', page: SignInPage },
  { path: '/forgot-password', page: ForgotPasswordPage },
  { path: '/activate', page: ActivationPage, offered: (p) => p.flows.activation },
  { path: '/request-mailbox', page: LateRequestPage, offered: (p) => p.flows.lateRequest },
  { path: '/account', page: AccountPage, access: { signedIn: true }, menu: 'account.title' },
];
