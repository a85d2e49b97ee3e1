import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/** School admins for their institutions; operators for any (the API decides on every call, and approval wants a second operator). */
const access: RouteDef['access'] = { signedIn: true, roles: ['school-admin', 'operator'] };

export const messagesRoutes: RouteDef[] = [
  { path: '/messages', ...lazyPage(() => import('./MessagesPage'), 'MessagesPage'), access, menu: 'desks.messages' },
  { path: '/messages/new', ...lazyPage(() => import('./ComposePage'), 'ComposePage'), access },
  { path: '/messages/:messageId', ...lazyPage(() => import('./MessagePage'), 'MessagePage'), access },
];
