import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/** Support agents and operators, as the support routes of the API admit them (the API decides again on every call). */
const access: RouteDef['access'] = { signedIn: true, roles: ['support', 'operator'] };

export const supportRoutes: RouteDef[] = [
  { path: '/support', ...lazyPage(() => import('./SearchPage'), 'SearchPage'), access, menu: 'desks.support' },
  { path: '/support/members/:memberId', ...lazyPage(() => import('./MemberPage'), 'MemberPage'), access },
  { path: '/support/shared-mailboxes', ...lazyPage(() => import('./SharedMailboxesPage'), 'SharedMailboxesPage'), access },
  { path: '/support/shared-mailboxes/:address', ...lazyPage(() => import('./DelegationPage'), 'DelegationPage'), access },
  { path: '/support/progress', ...lazyPage(() => import('./ProgressPage'), 'ProgressPage'), access },
];
