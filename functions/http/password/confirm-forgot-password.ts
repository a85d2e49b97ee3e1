import { confirmForgotPasswordBody } from '../../../shared/api/password-schemas';
import { notBound } from '../../../shared/config/keys';
import { readSecret } from '../../../shared/config/secrets';
import { httpRoute } from '../../../shared/http/route';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { confirmPasswordReset } from '../../../shared/passwords/password-use-cases';
import { resetDeps } from './password-deps';

// The emailed code: its challenge's subject (rate key) and its hash (OTP key); it makes no code.
const deps = resetDeps({
  rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
  hashOtp: otpHasher(await readSecret('otpKey')),
  emailCode: notBound('emailCodeKey'),
});

/** Public: the code sent by SMS (Cognito's) or to the verified alternate email (Posta's), by `channel`. */
export const handler = httpRoute({ auth: 'public', body: confirmForgotPasswordBody }, async ({ body, requestId }) => ({
  status: 200,
  body: await confirmPasswordReset(body, deps, requestId),
}));
