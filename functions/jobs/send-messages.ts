import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { dynamo } from '../../shared/clients/dynamodb';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { logger } from '../../shared/logger';
import { dynamoMessageStore } from '../../shared/messages/message-store';
import { sendDueMessages } from '../../shared/messages/message-use-cases';
import { dynamoRecipientSources } from '../../shared/messages/recipients';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), EMAIL_QUEUE_URL: setting(), PROVISION_QUEUE_URL: setting() });
const messages = dynamoMessageStore(dynamo, env.DIRECTORY_TABLE);
const sources = dynamoRecipientSources(dynamo, env.DIRECTORY_TABLE, profile.defaultLocale);
const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);

/** Up to ten JSON messages in one call; a message SQS did not take fails the run (the next run redoes it: keys make that harmless). */
const batchSender = (queueUrl: string) => async (bodies: unknown[]) => {
  const out = await sqs.send(
    new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: JSON.stringify(b) })) }),
  );
  if (out.Failed?.length) throw new Error(`${out.Failed.length} messages not queued: ${out.Failed[0]?.Code}`);
};

/** "Now" is the event's `time`: the scheduled minute, or `npm run job -- send-messages --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await sendDueMessages({
    messages,
    sources,
    audit,
    profile,
    clock: fixedClock(event.time),
    enqueueEmails: batchSender(env.EMAIL_QUEUE_URL),
    enqueueSms: batchSender(env.PROVISION_QUEUE_URL),
    requestId: randomUUID(),
  });
  logger.info('messages fanned out', result);
  return result;
};
