import { auditTrailQuery, supportMemberParams } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoAuditTrail } from '../../../shared/support/audit-trail';
import { memberAuditTrail } from '../../../shared/support/member-support';
import { auditTable, context, members, scopes } from './support-deps';

const deps = { ...context, members, trail: dynamoAuditTrail(dynamo, auditTable) };

export const handler = actorRoute(
  { routeId: 'supportMemberAudit', scopes, params: supportMemberParams, query: auditTrailQuery },
  async ({ params, query, actor, requestId }) => ({
    status: 200,
    body: await memberAuditTrail(params.memberId, query, actor, deps, requestId),
  }),
);
