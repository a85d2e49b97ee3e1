import { changePasswordBody } from '../../../shared/api/password-schemas';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { UnauthorizedError } from '../../../shared/errors';
import { actorRoute } from '../../../shared/http/actor-route';
import { changeOwnPassword } from '../../../shared/passwords/password-use-cases';
import { passwordDeps } from './password-deps';

const deps = passwordDeps();
const scopes = dynamoScopeStore(dynamo, readEnv({ DIRECTORY_TABLE: setting() }).DIRECTORY_TABLE);

/** Any role the catalog admits, a staff member included (by the staff register, whatever the token says). */
export const handler = actorRoute(
  { routeId: 'changeMyPassword', scopes, body: changePasswordBody },
  async ({ body, actor, accessToken, requestId }) => {
    if (!accessToken) throw new UnauthorizedError();
    const caller = { sub: actor.sub, login: actor.login, role: actor.roles.join(','), accessToken };
    return { status: 200, body: await changeOwnPassword(body, caller, deps, requestId) };
  },
);
