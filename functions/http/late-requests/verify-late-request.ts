import { lateRequestIdParams, verifyLateRequestBody } from '../../../shared/api/late-request-schemas';
import { notBound } from '../../../shared/config/keys';
import { readSecret } from '../../../shared/config/secrets';
import { noSoonerThan } from '../../../shared/http/answer-floor';
import { httpRoute } from '../../../shared/http/route';
import { verifyLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { lateRequestDeps } from './late-request-deps';

// Checks the code (the OTP key) and names the status token's item by its keyed hash (the rate-limit key).
const deps = lateRequestDeps(
  { audit: false },
  {
    hashOtp: otpHasher(await readSecret('otpKey')),
    hashNationalId: notBound('nationalIdKey'),
    rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
  },
);

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
