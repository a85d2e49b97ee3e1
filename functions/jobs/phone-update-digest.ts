import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import type { EmailMessage } from '../../shared/email/email-message';
import { logger } from '../../shared/logger';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { dynamoPhoneUpdateStore } from '../../shared/phone-updates/phone-update-store';
import { sendPhoneUpdateDigests } from '../../shared/phone-updates/phone-update-use-cases';
import { dynamoRoleStore } from '../../shared/roles/role-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), EMAIL_QUEUE_URL: setting() });
const phoneUpdates = dynamoPhoneUpdateStore(dynamo, env.DIRECTORY_TABLE);
const roles = dynamoRoleStore(dynamo, env.DIRECTORY_TABLE);
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
const enqueueEmail = jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL);

/** "Now" is the event's `time`: the scheduled instant, or `npm run job -- phone-update-digest --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await sendPhoneUpdateDigests({ phoneUpdates, roles, members, enqueueEmail, profile, clock: fixedClock(event.time) });
  logger.info('phone-update digests queued', result);
  return result;
};
