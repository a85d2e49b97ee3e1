import { verifyAlternateEmailBody } from '../../../shared/api/alternate-email-schemas';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { notBound } from '../../../shared/config/keys';
import { readSecret } from '../../../shared/config/secrets';
import { actorRoute } from '../../../shared/http/actor-route';
import { otpHasher } from '../../../shared/otp/otp';
import { verifyAlternateEmail } from '../../../shared/passwords/alternate-email-use-cases';
import { alternateEmailDeps } from './password-deps';

// Checks the code: the OTP key is the one key this route holds.
const deps = alternateEmailDeps({
  rateKey: notBound('rateLimitKey'),
  hashOtp: otpHasher(await readSecret('otpKey')),
  emailCode: notBound('emailCodeKey'),
});
const scopes = dynamoScopeStore(dynamo, readEnv({ DIRECTORY_TABLE: setting() }).DIRECTORY_TABLE);

/** The code sent to the added address proves it; the change is announced to the old channels. */
export const handler = actorRoute(
  { routeId: 'verifyMyAlternateEmail', scopes, body: verifyAlternateEmailBody },
  async ({ body, actor, requestId }) => ({ status: 200, body: await verifyAlternateEmail(body, actor, deps, requestId) }),
);
