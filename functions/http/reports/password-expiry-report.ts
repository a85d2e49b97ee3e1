import { passwordExpiryReportQuery } from '../../../shared/api/report-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { passwordExpiryReport } from '../../../shared/reports/reports';
import { deps, scopes } from './report-deps';

export const handler = actorRoute(
  { routeId: 'passwordExpiryReport', scopes, query: passwordExpiryReportQuery },
  async ({ query, actor, requestId }) => ({ status: 200, body: await passwordExpiryReport(actor, query, deps, requestId) }),
);
