import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

const access: RouteDef['access'] = { signedIn: true, roles: ['moderator'] };

/** Moderators: their institution's mailing lists. */
export const groupsRoutes: RouteDef[] = [
  { path: '/groups', ...lazyPage(() => import('./GroupsPage'), 'GroupsPage'), access, menu: 'desks.groups' },
  { path: '/groups/:groupId', ...lazyPage(() => import('./GroupPage'), 'GroupPage'), access },
];
