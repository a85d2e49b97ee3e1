import { lateRequestIdParams, verifyLateRequestBody } from '../../../shared/api/late-request-schemas';
import { noSoonerThan } from '../../../shared/http/answer-floor';
import { httpRoute } from '../../../shared/http/route';
import { verifyLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { lateRequestDeps } from './late-request-deps';

const deps = await lateRequestDeps({ audit: false });

/** Every answer leaves no sooner than this: the SMS a member on record gets instead does not show. */
const ANSWER_FLOOR_MS = 600;

/** Public, step 2: the same answer for members and strangers (see verifyLateRequest). */
export const handler = httpRoute(
  { auth: 'public', params: lateRequestIdParams, body: verifyLateRequestBody },
  async ({ params, body }) => ({
    status: 200,
    body: await noSoonerThan(ANSWER_FLOOR_MS, () => verifyLateRequest(params.requestId, body.code, deps)),
  }),
);
