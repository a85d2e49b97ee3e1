import { deliveryReportQuery } from '../../../shared/api/report-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { deliveryReport } from '../../../shared/reports/reports';
import { deps, scopes } from './report-deps';

export const handler = actorRoute(
  { routeId: 'deliveryReport', scopes, query: deliveryReportQuery },
  async ({ query, actor, requestId }) => ({
    status: 200,
    body: await deliveryReport(actor, query, deps, requestId),
  }),
);
