import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { withConsumerRetries } from '../../shared/delivery/consumer-retries';
import { dynamoDeadLetterLedger } from '../../shared/delivery/dead-letter-store';
import { parseBody } from '../../shared/delivery/outage';
import type { EmailMessage } from '../../shared/email/email-message';
import { logger } from '../../shared/logger';
import { type CaptureDeps, capturePasswordEvent, cloudTrailEventSchema } from '../../shared/passwords/cloudtrail-password-events';
import { dynamoPasswordRecords } from '../../shared/passwords/password-records';

const env = readEnv({
  DIRECTORY_TABLE: setting(),
  AUDIT_TABLE: setting(),
  EMAIL_QUEUE_URL: setting(),
  USER_POOL_ID: setting(),
  PASSWORD_EVENTS_QUEUE_URL: setting(),
});
const processor = new BatchProcessor(EventType.SQS);

const deps: CaptureDeps = {
  records: dynamoPasswordRecords(dynamo, env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL),
  profile,
  clock: systemClock,
  // The pool signs in by username only, so AdminGetUser also takes a local user's `sub`.
  async loginOfSub(sub) {
    try {
      return (await cognito.send(new AdminGetUserCommand({ UserPoolId: env.USER_POOL_ID, Username: sub }))).Username ?? null;
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return null;
      throw error;
    }
  },
};

/** One CloudTrail password event, as the EventBridge rule puts it on the queue. */
async function recordHandler(record: SQSRecord) {
  const event = parseBody(record, cloudTrailEventSchema);
  const outcome = await capturePasswordEvent(event, deps);
  logger.info('password event handled', { eventName: event.detail.eventName, eventId: event.detail.eventID, outcome });
}

const withRetries = withConsumerRetries('passwordEvents', recordHandler, {
  sqs,
  queueUrl: env.PASSWORD_EVENTS_QUEUE_URL,
  ledger: dynamoDeadLetterLedger(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
});

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, withRetries, processor, { context });
