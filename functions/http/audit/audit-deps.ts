import { cachedPoolLogins } from '../../../shared/audit/actor-logins';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoAuditQueries } from '../../../shared/audit/audit-queries';
import type { AuditQueryDeps } from '../../../shared/audit/audit-use-cases';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { logger } from '../../../shared/logger';
import { cognitoUserAccounts } from '../../../shared/lookups/cognito-user-accounts';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { cognitoRoleDirectory } from '../../../shared/roles/role-directory';

// The audit routes are bound to the directory (caller scopes) and the audit table (queries, verify, and their own records).
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });

export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);

/** The query and export routes, which also name each actor's login (member store, then the user pool). */
export function queryDeps(): AuditQueryDeps {
  const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
  const { USER_POOL_ID } = readEnv({ USER_POOL_ID: setting() });
  const pool = cognitoRoleDirectory(cognito, USER_POOL_ID);
  const users = cognitoUserAccounts(cognito, USER_POOL_ID);
  return {
    queries: dynamoAuditQueries(dynamo, env.AUDIT_TABLE),
    audit,
    clock: systemClock,
    logins: {
      membersLogins: async (ids) => new Map([...(await members.getMany(ids))].map(([id, m]) => [id, m.address])),
      poolLogin: cachedPoolLogins((sub) => pool.loginOf(sub), systemClock),
      poolSub: async (login) => (await users.byLogin(login))?.sub ?? null,
    },
    onLookupFailed: (error) => logger.warn('actor login lookup failed; shown as its id', { error: (error as Error).name }),
  };
}
