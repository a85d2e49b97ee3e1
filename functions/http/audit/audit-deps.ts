import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoAuditQueries } from '../../../shared/audit/audit-queries';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';

// The audit routes are bound to the directory (caller scopes) and the audit table (queries, verify, and their own records).
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });

export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);

export const queryDeps = { queries: dynamoAuditQueries(dynamo, env.AUDIT_TABLE), audit, clock: systemClock };
