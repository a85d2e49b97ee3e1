import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoInstitutionRegions, dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import type { SupportContext } from '../../../shared/support/support-audit';

// Every support route is bound to the directory and the audit table (each audits, `refused`
// too); the rest is built on demand by the routes bound to it, once per container.
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });

export const directoryTable = env.DIRECTORY_TABLE;
export const auditTable = env.AUDIT_TABLE;
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
export const context: SupportContext = {
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  regions: dynamoInstitutionRegions(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
};

/** Routes bound to the user pool: enable, status, temporary password. */
export function accountControl() {
  return cognitoDirectory(cognito, readEnv({ USER_POOL_ID: setting() }).USER_POOL_ID);
}
