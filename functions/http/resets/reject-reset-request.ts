import { rejectResetRequestBody, resetRequestIdParams } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { rejectResetRequest } from '../../../shared/resets/reset-use-cases';
import { resetDeps, scopes } from './reset-deps';

const deps = resetDeps({ credentials: false });

export const handler = actorRoute(
  { routeId: 'rejectResetRequest', scopes, params: resetRequestIdParams, body: rejectResetRequestBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await rejectResetRequest(params.requestId, body.reason, actor, deps, requestId),
  }),
);
