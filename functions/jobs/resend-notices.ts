import type { ScheduledEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import type { EmailMessage } from '../../shared/email/email-message';
import { logger } from '../../shared/logger';
import { dynamoLotStore } from '../../shared/lots/lot-store';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { resendNotices } from '../../shared/notices/resend-notices';
import { countedSmsSender } from '../../shared/sms/counted-sms-sender';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), EMAIL_QUEUE_URL: setting() });
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
const lots = dynamoLotStore(dynamo, env.DIRECTORY_TABLE);
const sms = countedSmsSender(env.DIRECTORY_TABLE);
const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);

/** "Now" is the event's `time`: the scheduled instant, or `npm run job -- resend-notices --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time' | 'id'>) => {
  const clock = fixedClock(event.time);
  const result = await resendNotices({
    members,
    profile,
    clock,
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL, clock),
    launchAt: async (lotId) => (await lots.get(lotId))?.launchAt ?? event.time,
    sms,
    audit,
    runId: event.id ?? `resend-notices#${event.time}`,
  });
  logger.info('notices re-sent', result);
  return result;
};
