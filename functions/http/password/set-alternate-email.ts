import { setAlternateEmailBody } from '../../../shared/api/alternate-email-schemas';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { addAlternateEmail } from '../../../shared/passwords/alternate-email-use-cases';
import { alternateEmailDeps } from './password-deps';

const deps = await alternateEmailDeps();
const scopes = dynamoScopeStore(dynamo, readEnv({ DIRECTORY_TABLE: setting() }).DIRECTORY_TABLE);

/** A staff member (by the staff register) adds an alternate email: a code goes to it (202). */
export const handler = actorRoute(
  { routeId: 'setMyAlternateEmail', scopes, body: setAlternateEmailBody },
  async ({ body, actor, requestId }) => ({
    status: 202,
    body: await addAlternateEmail(body, actor, deps, requestId),
  }),
);
