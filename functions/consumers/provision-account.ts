import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { deliverActivationNotice } from '../../shared/activation/activation-notices';
import { asOfHonoured, recordClock } from '../../shared/as-of-clock';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { readSecret } from '../../shared/config/secrets';
import { dynamoHeldCredentialStore } from '../../shared/credentials/held-credential-store';
import { withConsumerRetries } from '../../shared/delivery/consumer-retries';
import { dynamoDeadLetterLedger } from '../../shared/delivery/dead-letter-store';
import { dynamoDeliveryClaims } from '../../shared/delivery/delivery-claim-store';
import { UnrecordedSendError } from '../../shared/delivery/delivery-claims';
import { dynamoDeliveryFailureStore } from '../../shared/delivery/delivery-failure';
import { backoffPolicy, parseBody } from '../../shared/delivery/outage';
import type { EmailMessage } from '../../shared/email/email-message';
import { cognitoDirectory } from '../../shared/identity/cognito-directory';
import { logger } from '../../shared/logger';
import type { ProvisionMessage } from '../../shared/lots/launch-lots';
import { dynamoLotStore } from '../../shared/lots/lot-store';
import { provisionAccount } from '../../shared/lots/provision-account';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { dynamoMessageStore } from '../../shared/messages/message-store';
import { deliverMessageSms } from '../../shared/messages/message-use-cases';
import { derivedKey } from '../../shared/otp/otp';
import { countedSmsSender } from '../../shared/sms/counted-sms-sender';

const env = readEnv({
  DIRECTORY_TABLE: setting(),
  USER_POOL_ID: setting(),
  EMAIL_QUEUE_URL: setting(),
  /** The consumer's own queue: messages that met an outage are delayed there, receipts follow up there. */
  PROVISION_QUEUE_URL: setting(),
});
const supportCodeKey = await readSecret('supportCodeKey');
const lots = dynamoLotStore(dynamo, env.DIRECTORY_TABLE);
const processor = new BatchProcessor(EventType.SQS);
const messageSchema = z.union([
  z.object({
    lotId: z.uuid(),
    memberId: z.string().min(1),
    receipt: z
      .object({ step: z.string().min(1), attempt: z.string().min(1), setAt: z.iso.datetime(), smsRejected: z.boolean() })
      .optional(),
  }),
  z.object({
    kind: z.literal('activation-notice'),
    memberId: z.string().min(1),
    requestedBy: z.string().min(1),
    role: z.string().min(1),
    requestId: z.string().min(1),
  }),
  // One member's SMS of a message to staff (shared/messages): this queue already paces SNS.
  z.object({ kind: z.literal('message-sms'), messageId: z.uuid(), memberId: z.string().min(1) }),
]);

const honourAsOf = asOfHonoured();
const baseDeps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  directory: cognitoDirectory(cognito, env.USER_POOL_ID),
  sms: countedSmsSender(env.DIRECTORY_TABLE),
  failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
  profile,
  supportCodeKey,
  claims: dynamoDeliveryClaims(dynamo, env.DIRECTORY_TABLE),
  passwordKey: derivedKey(await readSecret('temporaryPasswordKey'), 'temporary-password'),
  launchAt: async (lotId: string) => (await lots.get(lotId))?.launchAt ?? systemClock.now().toISOString(),
  audit: dynamoAuditLog(dynamo, readEnv({ AUDIT_TABLE: setting() }).AUDIT_TABLE, profile.auditRetentionDays),
  held: dynamoHeldCredentialStore(dynamo, env.DIRECTORY_TABLE),
};
const messages = dynamoMessageStore(dynamo, env.DIRECTORY_TABLE);

async function recordHandler(record: SQSRecord) {
  const message = parseBody(record, messageSchema);
  // The producer's "as of" instant, where honoured (local stacks): stamps, deadlines and the emails it queues.
  const clock = recordClock(record, honourAsOf);
  const deps = { ...baseDeps, clock, enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL, clock) };
  const followUp = jsonQueueSender<ProvisionMessage>(sqs, env.PROVISION_QUEUE_URL, clock);
  if ('kind' in message && message.kind === 'message-sms') {
    const outcome = await deliverMessageSms(message, { ...deps, messages });
    logger.info('message SMS', { messageId: message.messageId, memberId: message.memberId, outcome });
    return;
  }
  if ('kind' in message) {
    const outcome = await deliverActivationNotice(message, deps);
    logger.info('activation notice', { memberId: message.memberId, outcome });
    return;
  }
  try {
    const outcome = await provisionAccount(message, deps);
    logger.info('account provisioned', { memberId: message.memberId, outcome });
  } catch (error) {
    if (!(error instanceof UnrecordedSendError)) throw error;
    // The SMS went out; DynamoDB is still out. The receipt follows up (this message is done), so
    // the retry marks the step sent instead of sending it again.
    await followUp({ ...message, receipt: error.receipt }, backoffPolicy().baseSeconds);
    logger.warn('SMS sent, not yet recorded: a receipt follows', { memberId: message.memberId, step: error.receipt.step });
  }
}

const withRetries = withConsumerRetries('provision', recordHandler, {
  sqs,
  queueUrl: env.PROVISION_QUEUE_URL,
  ledger: dynamoDeadLetterLedger(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
});

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, withRetries, processor, { context });
