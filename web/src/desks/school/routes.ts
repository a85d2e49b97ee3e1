import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/** School admins for their institutions; operators for any (the API decides on every call). */
const access: RouteDef['access'] = { signedIn: true, roles: ['school-admin', 'operator'] };

export const schoolRoutes: RouteDef[] = [
  { path: '/school', ...lazyPage(() => import('./SchoolHomePage'), 'SchoolHomePage'), access, menu: 'desks.school' },
  { path: '/school/:institutionCode', ...lazyPage(() => import('./SchoolPage'), 'SchoolPage'), access },
  { path: '/school/:institutionCode/import', ...lazyPage(() => import('./ImportPage'), 'ImportPage'), access },
  { path: '/school/:institutionCode/late-requests', ...lazyPage(() => import('./LateRequestsPage'), 'LateRequestsPage'), access },
  { path: '/school/:institutionCode/phone-updates', ...lazyPage(() => import('./PhoneUpdatesPage'), 'PhoneUpdatesPage'), access },
];
