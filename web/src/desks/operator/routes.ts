import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

const access: RouteDef['access'] = { signedIn: true, roles: ['operator'] };

/** The operator's desk: the institution registry, lots and the rollout, role grants. */
export const operatorRoutes: RouteDef[] = [
  {
    path: '/operator/institutions',
    ...lazyPage(() => import('./InstitutionsPage'), 'InstitutionsPage'),
    access,
    menu: 'desks.institutions',
  },
  { path: '/operator/lots', ...lazyPage(() => import('./LotsPage'), 'LotsPage'), access, menu: 'desks.lots' },
  { path: '/operator/lots/:lotId', ...lazyPage(() => import('./LotPage'), 'LotPage'), access },
  { path: '/operator/roles', ...lazyPage(() => import('./RolesPage'), 'RolesPage'), access, menu: 'desks.roles' },
];
