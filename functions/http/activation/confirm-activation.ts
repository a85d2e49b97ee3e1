import { confirmActivation } from '../../../shared/activation/activate';
import { attemptParams, confirmActivationBody } from '../../../shared/api/activation-schemas';
import { notBound } from '../../../shared/config/keys';
import { readSecret } from '../../../shared/config/secrets';
import { httpRoute } from '../../../shared/http/route';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { activationDeps } from './activation-deps';

// Checks the code (OTP key) and counts wrong ones per source (a rate key names the IP): no national-ID key.
const deps = activationDeps({
  hashOtp: otpHasher(await readSecret('otpKey')),
  hashNationalId: notBound('nationalIdKey'),
  rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
});

/** Public, step 2: the code from step 1's SMS; the temporary password goes by SMS, never in the answer. */
export const handler = httpRoute(
  { auth: 'public', params: attemptParams, body: confirmActivationBody },
  async ({ params, body, sourceIp, requestId }) => ({
    status: 200,
    body: await confirmActivation(params.attemptId, body.code, sourceIp, requestId, deps),
  }),
);
