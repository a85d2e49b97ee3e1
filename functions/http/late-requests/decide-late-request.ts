import { decideLateRequestBody, lateRequestIdParams } from '../../../shared/api/late-request-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { decideLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { lateRequestDeps, scopes } from './late-request-deps';

const deps = await lateRequestDeps({ audit: true });

export const handler = actorRoute(
  { routeId: 'decideLateRequest', scopes, params: lateRequestIdParams, body: decideLateRequestBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await decideLateRequest(params.requestId, body, actor, deps, requestId),
  }),
);
