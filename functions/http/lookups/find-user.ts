import { userLoginParams } from '../../../shared/api/lookup-schemas';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import { cognitoUserAccounts } from '../../../shared/lookups/cognito-user-accounts';
import { findUserByLogin } from '../../../shared/lookups/user-lookup';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), USER_POOL_ID: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const deps = {
  users: cognitoUserAccounts(cognito, env.USER_POOL_ID),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  clock: systemClock,
};

export const handler = actorRoute({ routeId: 'findUser', scopes, params: userLoginParams }, async ({ params, actor, requestId }) => ({
  status: 200,
  body: await findUserByLogin(params.login, actor, deps, requestId),
}));
