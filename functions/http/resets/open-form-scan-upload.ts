import { openFormScanUploadBody, resetRequestIdParams } from '../../../shared/api/reset-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { openFormScanUpload } from '../../../shared/resets/form-scan';
import { formScanDeps } from './form-scan-deps';
import { scopes } from './reset-deps';

export const handler = actorRoute(
  { routeId: 'openFormScanUpload', scopes, params: resetRequestIdParams, body: openFormScanUploadBody },
  async ({ params, body, actor, requestId }) => ({
    status: 201,
    body: await openFormScanUpload(params.requestId, body, actor, formScanDeps, requestId),
  }),
);
