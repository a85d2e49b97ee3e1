import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/** Officers file delegated resets, approvers decide them (two-person profiles); both see the outcomes. */
export const resetsRoutes: RouteDef[] = [
  {
    path: '/resets',
    ...lazyPage(() => import('./ResetsPage'), 'ResetsPage'),
    access: { signedIn: true, roles: ['officer', 'approver'] },
    menu: 'desks.resets',
  },
];
