import { fileResetRequestBody } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { fileResetRequest } from '../../../shared/resets/reset-use-cases';
import { resetDeps, scopes } from './reset-deps';

const deps = resetDeps({ credentials: true });

export const handler = actorRoute(
  { routeId: 'fileResetRequest', scopes, body: fileResetRequestBody },
  async ({ body, actor, requestId }) => ({
    status: 201,
    body: await fileResetRequest(body, actor, deps, requestId),
  }),
);
