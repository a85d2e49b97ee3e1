import type { ScheduledEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { dynamoDeadlineStore } from '../../shared/deadlines/deadline-store';
import { sweepDeadlines } from '../../shared/deadlines/sweep';
import type { EmailMessage } from '../../shared/email/email-message';
import { cognitoDirectory } from '../../shared/identity/cognito-directory';
import { logger } from '../../shared/logger';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { countedSmsSender } from '../../shared/sms/counted-sms-sender';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), EMAIL_QUEUE_URL: setting(), USER_POOL_ID: setting() });
const deps = {
  deadlines: dynamoDeadlineStore(dynamo, env.DIRECTORY_TABLE),
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  accounts: cognitoDirectory(cognito, env.USER_POOL_ID),
  sms: countedSmsSender(env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  profile,
};

/** "Now" is the event's `time`: the scheduled instant, or `npm run job -- deadline-sweep --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time' | 'id'>) => {
  const clock = fixedClock(event.time);
  const result = await sweepDeadlines({
    ...deps,
    clock,
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL, clock),
    runId: event.id ?? `deadline-sweep#${event.time}`,
  });
  logger.info('deadlines swept', { ...result });
  return result;
};
