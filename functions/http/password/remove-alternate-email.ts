import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { notBound } from '../../../shared/config/keys';
import { actorRoute } from '../../../shared/http/actor-route';
import { removeAlternateEmail } from '../../../shared/passwords/alternate-email-use-cases';
import { alternateEmailDeps } from './password-deps';

// Drops the address and any waiting code: no key at all.
const deps = alternateEmailDeps({ rateKey: notBound('rateLimitKey'), hashOtp: notBound('otpKey'), emailCode: notBound('emailCodeKey') });
const scopes = dynamoScopeStore(dynamo, readEnv({ DIRECTORY_TABLE: setting() }).DIRECTORY_TABLE);

/** Reset codes go by SMS only again; the removal is announced to the old channels (204, idempotent). */
export const handler = actorRoute({ routeId: 'removeMyAlternateEmail', scopes }, async ({ actor, requestId }) => {
  await removeAlternateEmail(actor, deps, requestId);
  return { status: 204 };
});
