import { resetRequestIdParams } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { getResetRequest } from '../../../shared/resets/reset-use-cases';
import { resetDeps, scopes } from './reset-deps';

const deps = resetDeps({ credentials: false });

export const handler = actorRoute(
  { routeId: 'getResetRequest', scopes, params: resetRequestIdParams },
  async ({ params, actor, requestId }) => ({ status: 200, body: await getResetRequest(params.requestId, actor, deps, requestId) }),
);
