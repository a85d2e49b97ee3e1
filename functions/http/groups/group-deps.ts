import { type AuditLog, dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoGroupStore } from '../../../shared/groups/group-store';
import type { GroupDeps } from '../../../shared/groups/group-use-cases';
import { dynamoMemberStore } from '../../../shared/members/member-store';

// Built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

/** The list route is the one group route without the audit table (it refuses without reading a list). */
const noAudit: AuditLog = {
  record: async () => {
    throw new Error('this route is not bound to the audit table');
  },
};

export function groupDeps(options: { audit: boolean }): GroupDeps {
  return {
    groups: dynamoGroupStore(dynamo, env.DIRECTORY_TABLE),
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    audit: options.audit ? dynamoAuditLog(dynamo, readEnv({ AUDIT_TABLE: setting() }).AUDIT_TABLE, profile.auditRetentionDays) : noAudit,
    profile,
    clock: systemClock,
  };
}
