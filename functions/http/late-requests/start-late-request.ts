import { startLateRequestBody } from '../../../shared/api/late-request-schemas';
import { httpRoute } from '../../../shared/http/route';
import { startLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { lateRequestDeps } from './late-request-deps';

const deps = await lateRequestDeps({ audit: false });

/** Public: no token. Who asks is proven by the code sent to the phone (next route). */
export const handler = httpRoute({ auth: 'public', body: startLateRequestBody }, async ({ body, sourceIp }) => ({
  status: 202,
  body: await startLateRequest(body, sourceIp, deps),
}));
