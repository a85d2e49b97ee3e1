import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/**
 * An institution's own mailboxes, for the roles the institution-mailbox routes admit (officers and
 * operators register and file changes, approvers decide them, school admins read); the API decides
 * again on every call.
 */
const access: RouteDef['access'] = { signedIn: true, roles: ['officer', 'approver', 'school-admin', 'operator'] };

export const mailboxesRoutes: RouteDef[] = [
  { path: '/mailboxes', ...lazyPage(() => import('./MailboxesPage'), 'MailboxesPage'), access, menu: 'desks.mailboxes' },
  { path: '/mailboxes/:mailboxId', ...lazyPage(() => import('./MailboxPage'), 'MailboxPage'), access },
];
