import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { dynamo } from '../../shared/clients/dynamodb';
import { sesv2 } from '../../shared/clients/sesv2';
import { sqs } from '../../shared/clients/sqs';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { readSecret } from '../../shared/config/secrets';
import { dynamoDeliveryFailureStore, recordDeliveryFailure } from '../../shared/delivery/delivery-failure';
import { DEFAULT_BACKOFF, withThrottleBackoff } from '../../shared/delivery/throttling';
import { emailCoder, withEmailCode } from '../../shared/email/email-code';
import { emailMessageSchema } from '../../shared/email/email-message';
import { sendTemplatedEmail } from '../../shared/email/send-templated-email';
import { logger } from '../../shared/logger';
import { dynamoDeliveryCounter } from '../../shared/reports/delivery-stats';

const env = readEnv({
  IDEMPOTENCY_TABLE: setting(),
  DIRECTORY_TABLE: setting(),
  EMAIL_FROM: setting(),
  EMAIL_TEMPLATE_PREFIX: setting(),
  /** The consumer's own queue: throttled messages are delayed there. */
  EMAIL_QUEUE_URL: setting(),
  // Set in the cloud by the email binding; the local SES emulator needs none (it has no events).
  EMAIL_CONFIGURATION_SET: setting().optional(),
  RETRY_BACKOFF_BASE_SECONDS: z.coerce.number().int().positive().default(DEFAULT_BACKOFF.baseSeconds),
});

const processor = new BatchProcessor(EventType.SQS);
const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: 30 * 86_400 });
const sender = {
  client: sesv2,
  from: env.EMAIL_FROM,
  templatePrefix: env.EMAIL_TEMPLATE_PREFIX,
  configurationSet: env.EMAIL_CONFIGURATION_SET,
};
const failures = dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE);
const emailCode = emailCoder(await readSecret('nationalIdKey'));

// One SES call per business key: a redelivered message or a relaunch finds the stored outcome.
// At-least-once window: if the process dies after SES accepted the email but before the
// idempotency record is marked complete, the record stays INPROGRESS until the invocation's
// timeout, and the redelivery after that sends again. Nothing short of an SES-side key closes it.
// The `emailsSent` count lives inside the idempotent call, so a redelivery that finds the stored
// outcome does not count again; the counter never throws (a retry would send twice).
const countDelivery = dynamoDeliveryCounter(dynamo, env.DIRECTORY_TABLE);
const sendOnce = makeIdempotent(
  async (message: ReturnType<typeof emailMessageSchema.parse>) => {
    // A one-time code joins the data only here, for SES: never in the queue, the idempotency record or a log.
    const result = await sendTemplatedEmail(sender, withEmailCode(message, emailCode));
    if (result.outcome === 'sent') await countDelivery(message.institutionCode, { emailsSent: 1 }, systemClock.now());
    return result;
  },
  {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE }),
    config,
  },
);

async function recordHandler(record: SQSRecord) {
  const message = emailMessageSchema.parse(JSON.parse(record.body));
  const result = await sendOnce(message);
  logger.info('email processed', { key: message.key, template: message.template, outcome: result.outcome });
  // Outside the idempotent call: a redelivery of a stored rejection records again, and the
  // store counts a member once.
  if (result.outcome === 'rejected' && message.memberId) {
    await recordDeliveryFailure(failures, message.memberId, {
      kind: 'email-rejected',
      subType: result.reason,
      at: systemClock.now().toISOString(),
    });
  }
}

const withBackoff = withThrottleBackoff(recordHandler, {
  sqs,
  queueUrl: env.EMAIL_QUEUE_URL,
  policy: { ...DEFAULT_BACKOFF, baseSeconds: env.RETRY_BACKOFF_BASE_SECONDS },
});

/** Reports failed records only, so SQS redelivers those and not the whole batch. */
export const handler = async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, withBackoff, processor, { context });
};
