import { decideLateRequestBody, lateRequestIdParams } from '../../../shared/api/late-request-schemas';
import { notBound } from '../../../shared/config/keys';
import { actorRoute } from '../../../shared/http/actor-route';
import { decideLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { lateRequestDeps, scopes } from './late-request-deps';

// The request already holds the national ID's hash: deciding needs no key.
const deps = lateRequestDeps(
  { audit: true },
  { hashOtp: notBound('otpKey'), hashNationalId: notBound('nationalIdKey'), rateKey: notBound('rateLimitKey') },
);

export const handler = actorRoute(
  { routeId: 'decideLateRequest', scopes, params: lateRequestIdParams, body: decideLateRequestBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await decideLateRequest(params.requestId, body, actor, deps, requestId),
  }),
);
