import { auditQuery } from '../../../shared/api/audit-schemas';
import { queryAuditTrail } from '../../../shared/audit/audit-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { queryDeps, scopes } from './audit-deps';

const deps = queryDeps();

export const handler = actorRoute({ routeId: 'queryAudit', scopes, query: auditQuery }, async ({ query, actor, requestId }) => ({
  status: 200,
  body: await queryAuditTrail(query, actor, deps, requestId),
}));
