import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoInstitutionRegions, dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { cognitoRoleDirectory } from '../../../shared/roles/role-directory';
import { dynamoRoleStore } from '../../../shared/roles/role-store';
import type { RoleDeps } from '../../../shared/roles/role-use-cases';

// Built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const roles = dynamoRoleStore(dynamo, env.DIRECTORY_TABLE);

/** Grant and revoke: the user pool and the audit trail besides the directory table. */
export function changeDeps(): RoleDeps {
  const { USER_POOL_ID, AUDIT_TABLE } = readEnv({ USER_POOL_ID: setting(), AUDIT_TABLE: setting() });
  return {
    roles,
    directory: cognitoRoleDirectory(cognito, USER_POOL_ID),
    regions: dynamoInstitutionRegions(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, AUDIT_TABLE, profile.auditRetentionDays),
    clock: systemClock,
  };
}
