import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/** Whoever the report routes admit: school admins (their institutions), operators and support agents (their reach). */
const access: RouteDef['access'] = { signedIn: true, roles: ['school-admin', 'operator', 'support'] };

export const reportRoutes: RouteDef[] = [
  { path: '/reports', ...lazyPage(() => import('./ReportsPage'), 'ReportsPage'), access, menu: 'desks.reports' },
];
