import { verifyAuditBody } from '../../../shared/api/audit-schemas';
import { verifyAuditTrail } from '../../../shared/audit/audit-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { scopes } from './audit-deps';
import { verifyDeps } from './verify-deps';

export const handler = actorRoute({ routeId: 'verifyAudit', scopes, body: verifyAuditBody }, async ({ body, actor, requestId }) => ({
  status: 200,
  body: await verifyAuditTrail(body, actor, verifyDeps, requestId),
}));
