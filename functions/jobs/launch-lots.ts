import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { logger } from '../../shared/logger';
import { launchDueLots, type ProvisionMessage } from '../../shared/lots/launch-lots';
import { dynamoLotStore } from '../../shared/lots/lot-store';
import { dynamoMemberStore } from '../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), PROVISION_QUEUE_URL: setting() });
const lots = dynamoLotStore(dynamo, env.DIRECTORY_TABLE);
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
const enqueue = jsonQueueSender<ProvisionMessage>(sqs, env.PROVISION_QUEUE_URL);

/** "Now" is the event's `time`: the scheduled instant, or `npm run job -- launch-lots --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const summary = await launchDueLots({
    lots,
    members,
    clock: fixedClock(event.time),
    perSecond: profile.accountCreationPerSecond,
    enqueue,
  });
  if (summary.length > 0) logger.info('lots launched', { summary });
  return summary;
};
