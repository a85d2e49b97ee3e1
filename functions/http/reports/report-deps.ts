import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoInstitutionRegions, dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { readDeploymentProgress, readProgress } from '../../../shared/progress/progress-counters';
import { readDeliveryStats } from '../../../shared/reports/delivery-stats';
import { countDeadlinesWithin7Days, readReopened } from '../../../shared/reports/password-expiry-stats';
import type { ReportDeps } from '../../../shared/reports/reports';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });

export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const deps: ReportDeps = {
  regions: dynamoInstitutionRegions(dynamo, env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  clock: systemClock,
  delivery: (institutionCode, month) => readDeliveryStats(dynamo, env.DIRECTORY_TABLE, institutionCode, month),
  progress: (institutionCode) => readProgress(dynamo, env.DIRECTORY_TABLE, { institutionCode }),
  deploymentClosed: async () => (await readDeploymentProgress(dynamo, env.DIRECTORY_TABLE)).expired,
  mailboxProgress: (institutionCode) => readProgress(dynamo, env.DIRECTORY_TABLE, { institutionMailboxes: institutionCode }),
  reopened: (institutionCode, week) => readReopened(dynamo, env.DIRECTORY_TABLE, institutionCode, week),
  deadlinesWithin7Days: (now) => countDeadlinesWithin7Days(dynamo, env.DIRECTORY_TABLE, now),
};
