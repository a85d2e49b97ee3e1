import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamo } from '../../../shared/clients/dynamodb';
import { s3 } from '../../../shared/clients/s3';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import type { FormScanDeps } from '../../../shared/resets/form-scan';
import { dynamoResetRequestStore } from '../../../shared/resets/reset-request-store';
import { s3FormScanStorage } from '../../../shared/resets/s3-form-scan-storage';

// Built once per container: the form-scan routes read the requests, the audit trail and the bucket only.
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), RESET_FORMS_BUCKET: setting() });

export const formScanDeps: FormScanDeps = {
  requests: dynamoResetRequestStore(dynamo, env.DIRECTORY_TABLE),
  scans: s3FormScanStorage(s3, env.RESET_FORMS_BUCKET),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  clock: systemClock,
};
