import { resetRequestIdParams } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { viewFormScan } from '../../../shared/resets/form-scan';
import { formScanDeps } from './form-scan-deps';
import { scopes } from './reset-deps';

export const handler = actorRoute(
  { routeId: 'getFormScan', scopes, params: resetRequestIdParams },
  async ({ params, actor, requestId }) => ({ status: 200, body: await viewFormScan(params.requestId, actor, formScanDeps, requestId) }),
);
