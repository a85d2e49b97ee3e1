import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { sqs } from '../../shared/clients/sqs';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { withConsumerRetries } from '../../shared/delivery/consumer-retries';
import { dynamoDeadLetterLedger } from '../../shared/delivery/dead-letter-store';
import { dynamoDeliveryFailureStore, recordDeliveryFailure } from '../../shared/delivery/delivery-failure';
import { parseBody } from '../../shared/delivery/outage';
import { sesEventSchema, verdictOf } from '../../shared/delivery/ses-events';
import { logger } from '../../shared/logger';

const env = readEnv({ DIRECTORY_TABLE: setting(), DELIVERY_EVENTS_QUEUE_URL: setting() });
const failures = dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE);
const processor = new BatchProcessor(EventType.SQS);

/** One SES bounce or complaint event, as the EventBridge rule puts it on the queue. */
async function recordHandler(record: SQSRecord) {
  const event = parseBody(record, sesEventSchema);
  const verdict = verdictOf(event, systemClock.now().toISOString());
  if (verdict.action === 'ignore') {
    logger.info('delivery event ignored', { reason: verdict.reason, detailType: event['detail-type'], sesMessageId: verdict.messageId });
    return;
  }
  await recordDeliveryFailure(failures, verdict.memberId, verdict.failure);
}

const withRetries = withConsumerRetries('deliveryEvents', recordHandler, {
  sqs,
  queueUrl: env.DELIVERY_EVENTS_QUEUE_URL,
  ledger: dynamoDeadLetterLedger(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
});

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, withRetries, processor, { context });
