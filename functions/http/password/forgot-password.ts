import { forgotPasswordBody } from '../../../shared/api/password-schemas';
import { readSecret } from '../../../shared/config/secrets';
import { emailCoder } from '../../../shared/email/email-code';
import { noSoonerThan } from '../../../shared/http/answer-floor';
import { httpRoute } from '../../../shared/http/route';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { requestPasswordReset } from '../../../shared/passwords/password-use-cases';
import { resetDeps } from './password-deps';

// The public-SMS budgets and the per-login limit (rate key), the emailed code's hash (OTP key) and
// the code itself (email-code key): no national-ID key.
const deps = resetDeps({
  rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
  hashOtp: otpHasher(await readSecret('otpKey')),
  emailCode: emailCoder(await readSecret('emailCodeKey')),
});

/** Every answer (202 or 429) leaves no sooner than this, whichever channel and login (as activation's). */
const ANSWER_FLOOR_MS = 600;

/** Public: the same 202 body for every login and channel (see requestPasswordReset). */
export const handler = httpRoute({ auth: 'public', body: forgotPasswordBody }, async ({ body, sourceIp, requestId }) => ({
  status: 202,
  body: await noSoonerThan(ANSWER_FLOOR_MS, () => requestPasswordReset(body, sourceIp, requestId, deps)),
}));
