import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { sesv2 } from '../../shared/clients/sesv2';
import { readEnv, setting } from '../../shared/config/env';
import { emailMessageSchema } from '../../shared/email/email-message';
import { sendTemplatedEmail } from '../../shared/email/send-templated-email';
import { logger } from '../../shared/logger';

const env = readEnv({
  IDEMPOTENCY_TABLE: setting(),
  EMAIL_FROM: setting(),
  EMAIL_TEMPLATE_PREFIX: setting(),
});

const processor = new BatchProcessor(EventType.SQS);
const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: 30 * 86_400 });
const sender = { client: sesv2, from: env.EMAIL_FROM, templatePrefix: env.EMAIL_TEMPLATE_PREFIX };

// One SES call per business key: a redelivered message or a relaunch finds the stored outcome.
const sendOnce = makeIdempotent((message: ReturnType<typeof emailMessageSchema.parse>) => sendTemplatedEmail(sender, message), {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE }),
  config,
});

async function recordHandler(record: SQSRecord) {
  const message = emailMessageSchema.parse(JSON.parse(record.body));
  const result = await sendOnce(message);
  logger.info('email processed', { key: message.key, template: message.template, outcome: result.outcome });
}

/** Reports failed records only, so SQS redelivers those and not the whole batch. */
export const handler = async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, recordHandler, processor, { context });
};
