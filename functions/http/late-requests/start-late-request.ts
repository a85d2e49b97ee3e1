import { startLateRequestBody } from '../../../shared/api/late-request-schemas';
import { readSecret } from '../../../shared/config/secrets';
import { httpRoute } from '../../../shared/http/route';
import { startLateRequest } from '../../../shared/late-requests/late-request-use-cases';
import { nationalIdHasher } from '../../../shared/members/national-id-hash';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { lateRequestDeps } from './late-request-deps';

// Hashes the national ID, limits by phone and person, and issues the code.
const deps = lateRequestDeps(
  { audit: false },
  {
    hashNationalId: nationalIdHasher(await readSecret('nationalIdKey')),
    hashOtp: otpHasher(await readSecret('otpKey')),
    rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
  },
);

/** Public: no token. Who asks is proven by the code sent to the phone (next route). */
export const handler = httpRoute({ auth: 'public', body: startLateRequestBody }, async ({ body, sourceIp }) => ({
  status: 202,
  body: await startLateRequest(body, sourceIp, deps),
}));
