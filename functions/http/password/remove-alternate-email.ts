import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { removeAlternateEmail } from '../../../shared/passwords/alternate-email-use-cases';
import { alternateEmailDeps } from './password-deps';

const deps = await alternateEmailDeps();
const scopes = dynamoScopeStore(dynamo, readEnv({ DIRECTORY_TABLE: setting() }).DIRECTORY_TABLE);

/** Reset codes go by SMS only again; the removal is announced to the old channels (204, idempotent). */
export const handler = actorRoute({ routeId: 'removeMyAlternateEmail', scopes }, async ({ actor, requestId }) => {
  await removeAlternateEmail(actor, deps, requestId);
  return { status: 204 };
});
