import { listResetRequestsParams, listResetRequestsQuery } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listResetRequests } from '../../../shared/resets/reset-use-cases';
import { resetDeps, scopes } from './reset-deps';

const deps = resetDeps({ credentials: false });

export const handler = actorRoute(
  { routeId: 'listResetRequests', scopes, params: listResetRequestsParams, query: listResetRequestsQuery },
  async ({ params, query, actor, requestId }) => ({
    status: 200,
    body: await listResetRequests(params.institutionCode, query, actor, deps, requestId),
  }),
);
