import { lazyPage } from '../../app/lazy-page';
import type { RouteDef } from '../../app/menu';

/** Operators and the read-only auditors, as the audit read routes of the API admit them (it decides again on every call). */
export const auditRoutes: RouteDef[] = [
  {
    path: '/audit',
    ...lazyPage(() => import('./AuditPage'), 'AuditPage'),
    access: { signedIn: true, roles: ['operator', 'auditor'] },
    menu: 'desks.audit',
  },
];
