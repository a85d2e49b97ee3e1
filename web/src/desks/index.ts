import type { RouteDef } from '../app/menu';
import { auditRoutes } from './audit/routes';
import { groupsRoutes } from './groups/routes';
import { mailboxesRoutes } from './mailboxes/routes';
import { messagesRoutes } from './messages/routes';
import { operatorRoutes } from './operator/routes';
import { reportRoutes } from './reports/routes';
import { resetsRoutes } from './resets/routes';
import { schoolRoutes } from './school/routes';
import { supportRoutes } from './support/routes';

/**
 * The admin desks of issue #16, each from its own folder (`web/src/desks/<desk>/routes.ts`):
 * one line per desk here, in the order of the menu. Read `web/src/desks/README.md` first.
 */
export const DESK_ROUTES: RouteDef[] = [
  ...schoolRoutes,
  ...reportRoutes,
  ...operatorRoutes,
  ...resetsRoutes,
  ...groupsRoutes,
  ...supportRoutes,
  ...auditRoutes,
  ...messagesRoutes,
  ...mailboxesRoutes,
];
