import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sesv2 } from '../../shared/clients/sesv2';
import { sqs } from '../../shared/clients/sqs';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { readSecret } from '../../shared/config/secrets';
import { withConsumerRetries } from '../../shared/delivery/consumer-retries';
import { dynamoDeadLetterLedger } from '../../shared/delivery/dead-letter-store';
import { dynamoDeliveryFailureStore, recordDeliveryFailure } from '../../shared/delivery/delivery-failure';
import { backoffPolicy, parseBody } from '../../shared/delivery/outage';
import { PatientPersistenceLayer } from '../../shared/delivery/patient-persistence-layer';
import { emailCoder, withEmailCode } from '../../shared/email/email-code';
import { type EmailMessage, emailMessageSchema } from '../../shared/email/email-message';
import { withSupportCode } from '../../shared/email/insert-support-code';
import { sendPace } from '../../shared/email/send-pace';
import { sendTemplatedEmail } from '../../shared/email/send-templated-email';
import { logger } from '../../shared/logger';
import { dynamoMessageStore } from '../../shared/messages/message-store';
import { countMessageEmail } from '../../shared/messages/message-use-cases';
import { dynamoRateLimiter } from '../../shared/otp/rate-limit';
import { dynamoDeliveryCounter } from '../../shared/reports/delivery-stats';

const env = readEnv({
  IDEMPOTENCY_TABLE: setting(),
  DIRECTORY_TABLE: setting(),
  EMAIL_FROM: setting(),
  EMAIL_TEMPLATE_PREFIX: setting(),
  /** The consumer's own queue: messages that met an outage are delayed there. */
  EMAIL_QUEUE_URL: setting(),
  // Set in the cloud by the email binding; the local SES emulator needs none (it has no events).
  EMAIL_CONFIGURATION_SET: setting().optional(),
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
const supportCodeKey = await readSecret('supportCodeKey');
const emailCode = emailCoder(await readSecret('emailCodeKey'));

// One SES call per business key: a redelivered message or a relaunch finds the stored outcome.
// - The record is marked complete patiently (PatientPersistenceLayer): DynamoDB restarting right
//   after SES accepted the email delays that write instead of failing it.
// - If DynamoDB stays out longer, the handler still knows SES accepted this record's email
//   (`accepted`): the message ends, and a receipt (the same message with `sent`) follows on this
//   queue; it completes the record once DynamoDB answers, without sending.
// - Producers queue one message per key (the provisioning claims its notice's enqueue; a message
//   to staff's fan-out queues a key again only after its 15-minute lease), so no second message
//   with the key comes before the receipt.
// At-least-once window left: the process dying between SES's answer and the completed record
// (no receipt is written then): after the invocation's timeout, a redelivery sends again. Nothing
// short of an SES-side key closes it.
// The `emailsSent` count lives inside the idempotent call, so a redelivery that finds the stored
// outcome does not count again; the counter never throws (a retry would send twice).
const countDelivery = dynamoDeliveryCounter(dynamo, env.DIRECTORY_TABLE);
const messageReports = dynamoMessageStore(dynamo, env.DIRECTORY_TABLE);
/** Per record: the SES message id, once SES accepted its email inside the idempotent call (whatever happens after). */
const accepted = new AsyncLocalStorage<{ messageId: string | null }>();
const persistenceStore = new PatientPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE });
// Within SES's maximum send rate, deployment-wide: a slot of the current second before each call.
const pace = sendPace({
  limiter: dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE),
  perSecond: profile.emailSendsPerSecond,
  clock: systemClock,
});
const sendOnce = makeIdempotent(
  async (message: EmailMessage) => {
    await pace.take();
    // The support code and a one-time code join the data only here, for SES: never in the queue,
    // the idempotency record or a log.
    const result = await sendTemplatedEmail(sender, withEmailCode(withSupportCode(message, supportCodeKey), emailCode));
    if (result.outcome === 'sent') {
      const mark = accepted.getStore();
      if (mark) mark.messageId = result.messageId;
      await countDelivery(message.institutionCode, { emailsSent: 1 }, systemClock.now());
    }
    // A message to staff's report counts its sends and rejections here too: once per key; never throws.
    await countMessageEmail(message.key, result.outcome, messageReports);
    return result;
  },
  { persistenceStore, config },
);
const followUp = jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL);

async function recordHandler(record: SQSRecord) {
  const message = parseBody(record, emailMessageSchema);
  if (message.sent) {
    // A receipt: SES accepted this email earlier; its idempotency record is completed now, nothing is sent.
    const { sent, ...original } = message;
    persistenceStore.configure({ config });
    await persistenceStore.saveSuccess(original, { outcome: 'sent', messageId: sent.messageId });
    logger.info('email receipt recorded', { key: message.key });
    return;
  }
  const mark: { messageId: string | null } = { messageId: null };
  let result: Awaited<ReturnType<typeof sendOnce>>;
  try {
    result = await accepted.run(mark, () => sendOnce(message));
  } catch (error) {
    if (!mark.messageId) throw error;
    await followUp({ ...message, sent: { messageId: mark.messageId } }, backoffPolicy().baseSeconds);
    logger.warn('email sent, not yet recorded (DynamoDB out): a receipt follows', { key: message.key });
    return;
  }
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

const withRetries = withConsumerRetries('email', recordHandler, {
  sqs,
  queueUrl: env.EMAIL_QUEUE_URL,
  ledger: dynamoDeadLetterLedger(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
});

/** Reports failed records only, so SQS redelivers those and not the whole batch. */
export const handler = async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, withRetries, processor, { context });
};
