import { resetRequestIdParams } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { confirmFormScan } from '../../../shared/resets/form-scan';
import { formScanDeps } from './form-scan-deps';
import { scopes } from './reset-deps';

export const handler = actorRoute(
  { routeId: 'confirmFormScan', scopes, params: resetRequestIdParams },
  async ({ params, actor, requestId }) => ({ status: 200, body: await confirmFormScan(params.requestId, actor, formScanDeps, requestId) }),
);
