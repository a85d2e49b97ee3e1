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
import { dynamoDeliveryFailureStore } from '../../shared/delivery/delivery-failure';
import { DEFAULT_BACKOFF, withThrottleBackoff } from '../../shared/delivery/throttling';
import type { EmailMessage } from '../../shared/email/email-message';
import { cognitoDirectory } from '../../shared/identity/cognito-directory';
import { logger } from '../../shared/logger';
import { dynamoLotStore } from '../../shared/lots/lot-store';
import { provisionAccount } from '../../shared/lots/provision-account';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { countedSmsSender } from '../../shared/sms/counted-sms-sender';

const env = readEnv({
  DIRECTORY_TABLE: setting(),
  USER_POOL_ID: setting(),
  EMAIL_QUEUE_URL: setting(),
  /** The consumer's own queue: messages throttled by SNS are delayed there. */
  PROVISION_QUEUE_URL: setting(),
});
const supportCodeKey = await readSecret('nationalIdKey');
const lots = dynamoLotStore(dynamo, env.DIRECTORY_TABLE);
const processor = new BatchProcessor(EventType.SQS);
const messageSchema = z.union([
  z.object({ lotId: z.uuid(), memberId: z.string().min(1) }),
  z.object({
    kind: z.literal('activation-notice'),
    memberId: z.string().min(1),
    requestedBy: z.string().min(1),
    role: z.string().min(1),
    requestId: z.string().min(1),
  }),
]);

const honourAsOf = asOfHonoured();
const baseDeps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  directory: cognitoDirectory(cognito, env.USER_POOL_ID),
  sms: countedSmsSender(env.DIRECTORY_TABLE),
  failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
  profile,
  supportCodeKey,
  launchAt: async (lotId: string) => (await lots.get(lotId))?.launchAt ?? systemClock.now().toISOString(),
  audit: dynamoAuditLog(dynamo, readEnv({ AUDIT_TABLE: setting() }).AUDIT_TABLE, profile.auditRetentionDays),
  held: dynamoHeldCredentialStore(dynamo, env.DIRECTORY_TABLE),
};

async function recordHandler(record: SQSRecord) {
  const message = messageSchema.parse(JSON.parse(record.body));
  // The producer's "as of" instant, where honoured (local stacks): stamps, deadlines and the emails it queues.
  const clock = recordClock(record, honourAsOf);
  const deps = { ...baseDeps, clock, enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL, clock) };
  if ('kind' in message) {
    const outcome = await deliverActivationNotice(message, deps);
    logger.info('activation notice', { memberId: message.memberId, outcome });
    return;
  }
  const outcome = await provisionAccount(message, deps);
  logger.info('account provisioned', { memberId: message.memberId, outcome });
}

const withBackoff = withThrottleBackoff(recordHandler, { sqs, queueUrl: env.PROVISION_QUEUE_URL, policy: DEFAULT_BACKOFF });

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, withBackoff, processor, { context });
