import { setAlternateEmailBody } from '../../../shared/api/alternate-email-schemas';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { readSecret } from '../../../shared/config/secrets';
import { emailCoder } from '../../../shared/email/email-code';
import { actorRoute } from '../../../shared/http/actor-route';
import { otpHasher } from '../../../shared/otp/otp';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { addAlternateEmail } from '../../../shared/passwords/alternate-email-use-cases';
import { alternateEmailDeps } from './password-deps';

// Limits (rate key), the code's hash (OTP key) and the code itself (email-code key).
const deps = alternateEmailDeps({
  rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
  hashOtp: otpHasher(await readSecret('otpKey')),
  emailCode: emailCoder(await readSecret('emailCodeKey')),
});
const scopes = dynamoScopeStore(dynamo, readEnv({ DIRECTORY_TABLE: setting() }).DIRECTORY_TABLE);

/** A staff member (by the staff register) adds an alternate email: a code goes to it (202). */
export const handler = actorRoute(
  { routeId: 'setMyAlternateEmail', scopes, body: setAlternateEmailBody },
  async ({ body, actor, requestId }) => ({
    status: 202,
    body: await addAlternateEmail(body, actor, deps, requestId),
  }),
);
