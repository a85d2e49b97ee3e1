import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import type { EmailMessage } from '../../../shared/email/email-message';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoPasswordRecords } from '../../../shared/passwords/password-records';
import type { PasswordDeps } from '../../../shared/passwords/password-use-cases';

// Each password route calls these once, at cold start, and reads only the settings it is bound to.

/** The self-service Cognito calls go through the app client id. */
export function passwordDirectory() {
  const env = readEnv({ USER_POOL_ID: setting(), USER_POOL_CLIENT_ID: setting() });
  return cognitoDirectory(cognito, env.USER_POOL_ID, env.USER_POOL_CLIENT_ID);
}

/** What a route that sets a password needs to record it, audit it and tell the member. */
export function passwordDeps(): PasswordDeps {
  const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), EMAIL_QUEUE_URL: setting() });
  return {
    directory: passwordDirectory(),
    records: dynamoPasswordRecords(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL),
    profile,
    clock: systemClock,
  };
}
