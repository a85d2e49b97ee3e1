import { auditCsvQuery } from '../../../shared/api/audit-schemas';
import { auditCsv, queryAuditTrail } from '../../../shared/audit/audit-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { queryDeps, scopes } from './audit-deps';

const deps = queryDeps();

export const handler = actorRoute({ routeId: 'exportAudit', scopes, query: auditCsvQuery }, async ({ query, actor, requestId }) => {
  const page = await queryAuditTrail(query, actor, deps, requestId, 'audit.exported');
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    // CSV has no room for the cursor: the next page's cursor travels in a header (absent when done).
    headers: page.nextCursor ? { 'x-next-cursor': page.nextCursor } : ({} as Record<string, string>),
    body: auditCsv(page.items),
  };
});
