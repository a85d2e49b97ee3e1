import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoAuditQueries } from '../../../shared/audit/audit-queries';
import { verifyAuditDay } from '../../../shared/audit/verify-audit';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';

// The audit routes are bound to the directory (caller scopes) and the audit table (queries, verify, and their own records).
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });

export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);

export const queryDeps = { queries: dynamoAuditQueries(dynamo, env.AUDIT_TABLE), audit, clock: systemClock };
export const verifyDeps = {
  verifyDay: (institution: string, day: string) => verifyAuditDay(dynamo, env.AUDIT_TABLE, institution, day),
  audit,
  clock: systemClock,
};
