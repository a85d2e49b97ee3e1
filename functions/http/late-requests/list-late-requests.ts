import { listLateRequestsParams, listLateRequestsQuery } from '../../../shared/api/late-request-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listLateRequests } from '../../../shared/late-requests/late-request-use-cases';
import { requests, scopes } from './late-request-deps';

export const handler = actorRoute(
  { routeId: 'listLateRequests', scopes, params: listLateRequestsParams, query: listLateRequestsQuery },
  async ({ params, query, actor }) => ({ status: 200, body: await listLateRequests(params.institutionCode, query, actor, requests) }),
);
