import { resetRequestIdParams } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { approveResetRequest } from '../../../shared/resets/reset-use-cases';
import { resetDeps, scopes } from './reset-deps';

const deps = resetDeps({ credentials: true });

export const handler = actorRoute(
  { routeId: 'approveResetRequest', scopes, params: resetRequestIdParams },
  async ({ params, actor, requestId }) => ({ status: 200, body: await approveResetRequest(params.requestId, actor, deps, requestId) }),
);
