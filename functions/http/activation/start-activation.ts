import { startActivation } from '../../../shared/activation/activate';
import { startActivationBody } from '../../../shared/api/activation-schemas';
import { readSecret } from '../../../shared/config/secrets';
import { noSoonerThan } from '../../../shared/http/answer-floor';
import { httpRoute } from '../../../shared/http/route';
import { nationalIdHasher } from '../../../shared/members/national-id-hash';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { activationDeps } from './activation-deps';

// Finds the member by national ID, limits by phone, person and source, and issues the code.
const deps = activationDeps({
  hashNationalId: nationalIdHasher(await readSecret('nationalIdKey')),
  hashOtp: otpHasher(await readSecret('otpKey')),
  rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
});

/** Every answer (202, 400 or 429) leaves no sooner than this: the SMS sent only to a matching member does not show. */
const ANSWER_FLOOR_MS = 600;

/** Public, step 1: the same 202 body shape for everyone (see startActivation). */
export const handler = httpRoute({ auth: 'public', body: startActivationBody }, async ({ body, sourceIp, requestId }) => ({
  status: 202,
  body: await noSoonerThan(ANSWER_FLOOR_MS, () => startActivation(body, sourceIp, requestId, deps)),
}));
