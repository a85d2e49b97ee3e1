import { startActivation } from '../../../shared/activation/activate';
import { startActivationBody } from '../../../shared/api/activation-schemas';
import { readSecret } from '../../../shared/config/secrets';
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

/**
 * Every answer (202 or 429) leaves no sooner than this after the request came in, so the SMS sent
 * only to a matching member does not show in the response time. Not a time rule: nothing is
 * decided by it.
 */
const ANSWER_FLOOR_MS = 600;

/** Public, step 1: the same 202 body shape for everyone (see startActivation). */
export const handler = httpRoute({ auth: 'public', body: startActivationBody }, async ({ body, sourceIp, requestId }) => {
  const started = Date.now();
  try {
    return { status: 202, body: await startActivation(body, sourceIp, requestId, deps) };
  } finally {
    const left = ANSWER_FLOOR_MS - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
});
