import { lateRequestIdParams, verifyLateRequestBody } from '../../../shared/api/late-request-schemas';
import { httpRoute } from '../../../shared/http/route';
import { verifyLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { lateRequestDeps } from './late-request-deps';

const deps = await lateRequestDeps({ audit: false });

export const handler = httpRoute(
  { auth: 'public', params: lateRequestIdParams, body: verifyLateRequestBody },
  async ({ params, body }) => ({ status: 200, body: await verifyLateRequest(params.requestId, body.code, deps) }),
);
